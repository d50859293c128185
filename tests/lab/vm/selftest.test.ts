import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndRollBack } from '../../apply/apply-and-roll-back';
import { cachedImage } from './build';
import { DEFAULT_RELEASE, LAB_RELEASES } from './image-spec';
import { runVmSelftest } from './index';
import { PERSONALITIES } from './personalities';
import { IN_APPLY_TESTS, ciRows } from './rows';
import { exampleFiles, rowName } from './selftest';

/**
 * The full lab inside `npm test`: builds the router images on first use (cached in .lab/vm/ afterwards)
 * and boots a fresh VM per row (rows.ts: every example on Debian 13 but IN_APPLY_TESTS, each wearing
 * the personalities that fit it, and two examples on Debian 12), running every check through a real
 * sit tunnel. Nothing here is skipped: on a machine that cannot build or boot the VM (no root, no
 * qemu, no Debian mirror) the test fails with the reason.
 *
 * On the same VMs, before install.sh, the app's own apply over SSH runs for every Debian 13 row:
 * applied (as the personality's own login where it has one), the same checks from the pc and the
 * internet side, other tools still working, "no changes" on a second plan, and a rollback that
 * restores the router exactly, other tools' firewall chains included; install.sh then runs on the
 * rolled-back router. IN_APPLY_TESTS on Debian 13 gets both in tests/apply/apply.vm.test.ts. The
 * Debian 12 rows are installed with install.sh only: `npm run lab:matrix` applies them over SSH
 * (about 80 s each here, cut to keep `npm test` under its hour; both passed on Debian 12 when this
 * was decided).
 */
const appliedElsewhere = (row: { release: string }): boolean => row.release !== DEFAULT_RELEASE;

describe('router VM lab (debootstrap trixie and bookworm, qemu TCG, real sit tunnel)', () => {
  it(
    'passes every check for every row, applied over SSH and rolled back, then installed with install.sh',
    { timeout: 60 * 60_000 },
    async () => {
      const rows = ciRows();
      // The CI rows cover what the issue asks of them: every example on Debian 13 (IN_APPLY_TESTS's
      // in tests/apply), two on Debian 12, every personality at least once.
      const names = exampleFiles().map((f) => basename(f, '.json'));
      const onTrixie = new Set(
        rows.filter((r) => r.release === 'trixie').map((r) => basename(r.file, '.json')),
      );
      expect(onTrixie.has(IN_APPLY_TESTS)).toBe(false);
      expect([...onTrixie, IN_APPLY_TESTS].sort()).toEqual(names);
      expect(rows.filter((r) => r.release === 'bookworm').length).toBeGreaterThanOrEqual(2);
      expect(new Set(rows.flatMap((r) => r.personalities))).toEqual(new Set(PERSONALITIES));

      const result = await runVmSelftest({
        log: (line) => {
          process.stdout.write(`${line}\n`);
        },
        rows,
        beforeInstall: async (vm, profile, row) =>
          appliedElsewhere(row) ? [] : applyAndRollBack(vm, profile, { personalities: row.personalities }),
      });
      const failed = result.results.flatMap((r) =>
        r.checks.filter((c) => !c.pass).map((c) => `${r.example}: ${c.name} — ${c.saw}`),
      );
      expect(failed).toEqual([]);
      expect(result.results.map((r) => r.example)).toEqual(rows.map(rowName));
      expect(result.results.every((r) => r.checks.length >= 8)).toBe(true);
      // The apply over SSH ran where it should, with its own checks and then install.sh's.
      const appliedOverSsh = result.results
        .filter((r) => r.checks.some((c) => c.name.startsWith('over SSH: rollback left every file')))
        .map((r) => r.example);
      expect(appliedOverSsh).toEqual(rows.filter((r) => !appliedElsewhere(r)).map(rowName));
      expect(result.ok).toBe(true);
      // The images are cached under their input hashes, so the next run starts from them.
      for (const release of LAB_RELEASES) expect(cachedImage(release)?.dir).toBe(result.images[release]?.dir);
    },
  );
});
