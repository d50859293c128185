import { rollback } from '../apply/engine';
import { parseApplyArgs } from './apply-args';
import type { Io } from './output';
import { openSession } from './remote-session';

/**
 * `v6wizard rollback --host …`: run the newest backup's restore.sh on the router (files byte for
 * byte, units, sysctl, tunnel, LAN address, firewall as they were). Exit: 0 done, 1 nothing to roll
 * back or the restore failed, 2 usage, 3/4/5 SSH.
 */
export async function rollbackCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseApplyArgs('rollback', argv);
  if ('error' in args) {
    io.err(`v6wizard: ${args.error}`);
    return 2;
  }
  const session = await openSession(args, io);
  if (typeof session === 'number') return session;
  try {
    const r = await rollback(session, undefined, args.sudoPassword !== undefined ? [args.sudoPassword] : []);
    (r.ok ? io.out : io.err)(r.output.trimEnd());
    (r.ok ? io.out : io.err)(
      r.ok
        ? `rolled back to ${r.backupDir}`
        : `v6wizard: rollback failed${r.backupDir ? ` (${r.backupDir})` : ''}`,
    );
    return r.ok ? 0 : 1;
  } finally {
    await session.close();
  }
}
