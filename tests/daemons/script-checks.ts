import { spawnSync } from 'node:child_process';

export interface ScriptCheck {
  tool: string;
  ok: boolean;
  output: string;
}

/**
 * The checks every generated shell script must pass: the shell named on its first line parses it
 * (`bash -n` / `sh -n`), and shellcheck finds nothing at any severity.
 */
export function checkScript(path: string, content: string): ScriptCheck[] {
  const shebang = content.split('\n', 1)[0] ?? '';
  const shell = /\bbash\b/.test(shebang) ? 'bash' : 'sh';
  const run = (tool: string, args: string[]): ScriptCheck => {
    const r = spawnSync(tool, args, { encoding: 'utf8' });
    if (r.error) throw r.error;
    return { tool: `${tool} ${args.join(' ')}`, ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  };
  return [run(shell, ['-n', path]), run('shellcheck', ['--severity=style', path])];
}
