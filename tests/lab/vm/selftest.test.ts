import { describe, expect, it } from 'vitest';
import { cachedImage } from './build';
import { runVmSelftest } from './index';
import { exampleFiles } from './selftest';

/**
 * The full lab inside `npm test`: builds the router image on first use (cached in .lab/vm/ afterwards),
 * boots a fresh VM per example and runs every check through a real sit tunnel. Nothing here is
 * skipped: on a machine that cannot build or boot the VM (no root, no qemu, no Debian mirror) the
 * test fails with the reason.
 */
describe('router VM lab (debootstrap bookworm, qemu TCG, real sit tunnel)', () => {
  it('passes every check for every example profile', { timeout: 40 * 60_000 }, async () => {
    const result = await runVmSelftest({
      log: (line) => {
        process.stdout.write(`${line}\n`);
      },
    });
    const failed = result.results.flatMap((r) =>
      r.checks.filter((c) => !c.pass).map((c) => `${r.example}: ${c.name} — ${c.saw}`),
    );
    expect(failed).toEqual([]);
    expect(result.results.map((r) => r.example)).toHaveLength(exampleFiles().length);
    expect(result.results.every((r) => r.checks.length >= 8)).toBe(true);
    expect(result.ok).toBe(true);
    // The image is cached under its input hash, so the next run starts from it.
    expect(cachedImage()?.dir).toBe(result.image.dir);
  });
});
