import { render } from '../../shared/render';
import { sha256 } from '../../shared/export/sha256';
import { parseSha256sum } from '../../shared/detect/files';
import type { Io } from './output';
import { withRouter } from './remote-session';

/** Where install.sh (and apply) keep their backups, one folder per run. */
const BACKUP_DIR = '/var/backups/v6wizard';

/**
 * `v6wizard status --host … [PROFILE]`: the v6wizard state on the router — the managed files (with
 * PROFILE: each compared with what the profile's export would write), the backups, the services.
 * Exit: 0 done, 1 the profile is invalid, 2 usage, 3/4/5 SSH.
 */
export async function statusCommand(argv: readonly string[], io: Io): Promise<number> {
  return withRouter('status', argv, io, async (session, { profile, sudo }) => {
    const files = profile !== undefined ? render(profile) : [];
    if (files.length > 0) {
      const paths = files.map((f) => f.path);
      const h = await session.exec(['env', 'LC_ALL=C', 'sha256sum', '--', ...paths], { sudo });
      const states = parseSha256sum(h.stdout, h.stderr, paths);
      io.out('managed files:');
      files.forEach((f, i) => {
        const s = states[i];
        const state =
          s === undefined || !s.known
            ? `unknown (${s?.known === false ? s.reason : ''})`
            : !s.value.exists
              ? 'absent'
              : s.value.sha256 === sha256(f.content)
                ? 'as the profile'
                : 'DIFFERENT from the profile';
        io.out(`  ${f.path}: ${state}`);
      });
    }
    const b = await session.exec(['ls', '-1', '--', BACKUP_DIR], { sudo });
    const backups = b.code === 0 ? b.stdout.split('\n').filter((l) => l !== '') : [];
    io.out(`backups in ${BACKUP_DIR}: ${backups.length > 0 ? backups.join(', ') : 'none'}`);
    const units = [...new Set(files.flatMap((f) => (f.service !== undefined ? [f.service] : [])))];
    if (units.length > 0) {
      const s = await session.exec(['systemctl', 'is-active', '--', ...units]);
      const lines = s.stdout.split('\n');
      io.out('services:');
      units.forEach((u, i) => {
        io.out(`  ${u}: ${s.code === 127 ? 'unknown (no systemctl)' : (lines[i] ?? 'unknown')}`);
      });
    }
    return 0;
  });
}
