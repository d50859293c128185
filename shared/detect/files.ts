import type { FileState, Found } from './types';
import { found, unknown } from './types';

/**
 * Parse `sha256sum -- PATH…` run with LC_ALL=C. Output lines are `HASH  PATH`; GNU sha256sum
 * prefixes the line with `\` when it had to escape the name (backslash or newline in it), so such
 * names are matched by their escaped form. A path missing from stdout is looked up in stderr:
 * "No such file or directory" means it does not exist, anything else leaves it unknown with that text.
 */
export function parseSha256sum(stdout: string, stderr: string, paths: readonly string[]): Found<FileState>[] {
  const hashes = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const m = /^\\?([0-9a-f]{64}) [ *](.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] !== undefined) hashes.set(m[2], m[1]);
  }
  const errors = stderr.split('\n');
  return paths.map((path) => {
    const escaped = path.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
    const sha256 = hashes.get(path) ?? hashes.get(escaped);
    if (sha256 !== undefined) return found({ path, exists: true, sha256 });
    const error = errors.find((l) => l.includes(`${path}: `));
    if (error?.endsWith('No such file or directory') === true) {
      return found({ path, exists: false, sha256: undefined });
    }
    const why =
      error === undefined
        ? 'no answer from sha256sum'
        : error.slice(error.indexOf(`${path}: `) + path.length + 2);
    return unknown(`${path}: ${why}`);
  });
}

/** Parse `ls -1d -- PATH…`: the paths it printed exist (missing ones only go to stderr). */
export function parseExisting(stdout: string, paths: readonly string[]): Set<string> {
  const printed = new Set(stdout.split('\n'));
  return new Set(paths.filter((p) => printed.has(p)));
}
