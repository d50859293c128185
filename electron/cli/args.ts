import { parseArgs } from 'node:util';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'validate'; profile: string }
  | { kind: 'export'; profile: string; out: string; tar?: string }
  | { kind: 'usage-error'; message: string };

const usageError = (message: string): Command => ({ kind: 'usage-error', message });

/** Read the command line strictly: an unknown flag, a missing argument or an extra one is a usage error. */
export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        out: { type: 'string', short: 'o' },
        tar: { type: 'string' },
      },
    });
  } catch (e) {
    return usageError(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  if (values.version === true) return { kind: 'version' };
  const [command, profile, ...extra] = positionals;
  if (command === undefined) return usageError('no command given');
  if (command !== 'validate' && command !== 'export') return usageError(`unknown command "${command}"`);
  if (profile === undefined) return usageError(`${command} needs a profile file`);
  if (extra.length > 0) return usageError(`${command} takes one profile file, not ${extra.length + 1}`);
  if (command === 'validate') {
    if (values.out !== undefined || values.tar !== undefined)
      return usageError('validate takes no --out or --tar');
    return { kind: 'validate', profile };
  }
  if (values.out === undefined || values.out === '') return usageError('export needs --out DIR');
  return values.tar !== undefined
    ? { kind: 'export', profile, out: values.out, tar: values.tar }
    : { kind: 'export', profile, out: values.out };
}
