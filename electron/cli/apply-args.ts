import { parseRemoteArgs, type RemoteArgs } from './remote-args';

export interface ApplyArgs extends RemoteArgs {
  yes: boolean;
  confirmTimeoutS: number;
}

/**
 * The remote options plus apply's own: `--yes` (no question before changing the router) and
 * `--confirm-timeout S` (seconds until the router reverts by itself, 10..3600, default 60). They are
 * taken out first; everything else goes to the shared remote parser.
 */
export function parseApplyArgs(
  command: string,
  argv: readonly string[],
  readStdin?: () => string,
): ApplyArgs | { error: string } {
  const rest: string[] = [];
  let yes = false;
  let timeout = 60;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--yes' || a === '-y') yes = true;
    else if (a === '--confirm-timeout' || a.startsWith('--confirm-timeout=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || !/^\d+$/.test(v) || Number(v) < 10 || Number(v) > 3600)
        return { error: '--confirm-timeout takes whole seconds from 10 to 3600' };
      timeout = Number(v);
    } else rest.push(a);
  }
  const args = parseRemoteArgs(command, rest, readStdin);
  if ('error' in args) return args;
  if (command !== 'rollback' && args.profile === undefined)
    return { error: `${command} needs a profile file` };
  return { ...args, yes, confirmTimeoutS: timeout };
}
