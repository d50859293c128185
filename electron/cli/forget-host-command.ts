import { parseArgs } from 'node:util';
import { forgetHost } from '../ssh/known-hosts';
import { defaultKnownHostsFile } from '../ssh/paths';
import { hostLabel, parseTarget } from '../ssh/target';
import type { Io } from './output';

/**
 * `v6wizard forget-host HOST[:PORT] [--known-hosts FILE]`: remove the stored host key, the one deliberate
 * way to trust a router whose key changed. Exit: 0 removed, 1 nothing was stored for it, 2 usage.
 */
export function forgetHostCommand(argv: readonly string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { 'known-hosts': { type: 'string' } },
    });
  } catch (e) {
    io.err(`v6wizard: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const [spec, ...extra] = parsed.positionals;
  if (spec === undefined || extra.length > 0) {
    io.err('v6wizard: forget-host takes one HOST[:PORT]');
    return 2;
  }
  const target = parseTarget(spec, 'root');
  if ('error' in target) {
    io.err(`v6wizard: ${target.error}`);
    return 2;
  }
  const file = parsed.values['known-hosts'] ?? defaultKnownHostsFile();
  const removed = forgetHost(file, target.host, target.port);
  const label = hostLabel(target.host, target.port);
  if (removed === 0) {
    io.err(`v6wizard: no stored key for ${label} in ${file}`);
    return 1;
  }
  io.out(
    `removed ${String(removed)} key(s) for ${label} from ${file}; the next connection asks to accept its key again`,
  );
  return 0;
}
