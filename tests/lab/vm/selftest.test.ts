import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAndRollBack } from '../../apply/apply-and-roll-back';
import { cachedImage } from './build';
import { runVmSelftest } from './index';
import { exampleFiles } from './selftest';

/**
 * The full lab inside `npm test`: builds the router image on first use (cached in .lab/vm/ afterwards),
 * boots a fresh VM per example and runs every check through a real sit tunnel. Nothing here is
 * skipped: on a machine that cannot build or boot the VM (no root, no qemu, no Debian mirror) the
 * test fails with the reason.
 *
 * On the same VMs, before install.sh, the app's own apply over SSH (issue 5) runs for every example
 * but he-ifupdown-slaac: applied, the same checks from the pc and the internet side, "no changes" on
 * a second plan, and a rollback that restores the router exactly; install.sh then runs on the
 * rolled-back router, which also proves the rollback left it fit for a fresh setup.
 * he-ifupdown-slaac is applied over SSH by tests/apply/apply.vm.test.ts with the same checks and more
 * (the broker update, a second apply, the count of connections).
 */
const APPLIED_ELSEWHERE = 'he-ifupdown-slaac';

describe('router VM lab (debootstrap bookworm, qemu TCG, real sit tunnel)', () => {
  it(
    'passes every check for every example profile, applied over SSH and rolled back, then installed with install.sh',
    { timeout: 45 * 60_000 },
    async () => {
      const result = await runVmSelftest({
        log: (line) => {
          process.stdout.write(`${line}\n`);
        },
        beforeInstall: async (vm, profile, example) =>
          example === APPLIED_ELSEWHERE ? [] : applyAndRollBack(vm, profile),
      });
      const failed = result.results.flatMap((r) =>
        r.checks.filter((c) => !c.pass).map((c) => `${r.example}: ${c.name} — ${c.saw}`),
      );
      expect(failed).toEqual([]);
      expect(result.results.map((r) => r.example)).toHaveLength(exampleFiles().length);
      expect(result.results.every((r) => r.checks.length >= 8)).toBe(true);
      // The apply over SSH ran where it should, with its own checks and then install.sh's.
      const appliedOverSsh = result.results
        .filter((r) => r.checks.some((c) => c.name.startsWith('over SSH: rollback left every file')))
        .map((r) => r.example);
      expect(appliedOverSsh).toEqual(
        exampleFiles()
          .map((f) => basename(f, '.json'))
          .filter((name) => name !== APPLIED_ELSEWHERE),
      );
      expect(result.ok).toBe(true);
      // The image is cached under its input hash, so the next run starts from it.
      expect(cachedImage()?.dir).toBe(result.image.dir);
    },
  );
});
