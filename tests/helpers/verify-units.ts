import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { RenderedFile } from '../../shared/render/types';

const UNIT = /\.(service|timer|socket|path|target)$/;
const SCRIPT_DIR = '/usr/local/sbin';

/**
 * `systemd-analyze verify` every unit file in a render. verify insists that ExecStart binaries exist,
 * and v6wizard's units start its own scripts in /usr/local/sbin; so the check runs in a private mount
 * namespace where a temp folder holding the rendered scripts is bind-mounted over /usr/local/sbin.
 * Nothing on the host changes. Returns one entry per unit, with systemd's output.
 */
export function verifyUnits(files: RenderedFile[]): { path: string; ok: boolean; output: string }[] {
  const units = files.filter((f) => UNIT.test(f.path) && !f.path.includes('.d/'));
  if (units.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), 'v6wizard-units-'));
  try {
    const sbin = join(dir, 'sbin');
    mkdirSync(sbin);
    for (const f of files.filter((x) => x.path.startsWith(`${SCRIPT_DIR}/`))) {
      writeFileSync(join(sbin, basename(f.path)), f.content, { mode: 0o755 });
    }
    return units.map((u) => {
      const copy = join(dir, basename(u.path));
      writeFileSync(copy, u.content);
      const run = spawnSync(
        'unshare',
        [
          '--mount',
          '--propagation',
          'private',
          'sh',
          '-c',
          'mount --bind "$1" "$2" && exec systemd-analyze verify --man=no "$3"',
          'sh',
          sbin,
          SCRIPT_DIR,
          copy,
        ],
        { encoding: 'utf8', timeout: 60_000 },
      );
      return { path: u.path, ok: run.status === 0, output: `${run.stdout}${run.stderr}` };
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
