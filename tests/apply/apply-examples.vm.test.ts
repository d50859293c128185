import { basename } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { applyProfile, planApply, rollback } from '../../electron/apply/engine';
import { formatCheck, exampleFiles, networkChecks } from '../lab/vm/selftest';
import { buildVmImage } from '../lab/vm/build';
import { loadProfile } from '../lab/vm/export-profile';
import { prepareRouter } from '../lab/vm/example-setup';
import { labProfile } from '../lab/vm/lab-net';
import { bootVm, type Vm } from '../lab/vm/vm';
import { vmSession } from './vm-session';
import { revertTimers, snapshot } from './vm-state';

/**
 * Every example profile applied to a router VM by the apply engine over SSH, each on its own freshly
 * booted VM made the example's router first: the lab self-test's checks from the pc and the internet
 * side must pass (working IPv6 through the real sit tunnel, DHCPv6 where the profile has it, the
 * firewall), a plan afterwards says "no changes", and rollback puts back every touched file, unit,
 * rule, address and sysctl exactly as before. he-ifupdown-slaac is the one example not booted here:
 * apply.vm.test.ts applies it with the same checks (and more: the broker update, a second apply, the
 * count of connections), so booting it twice would only cost CI time. Nothing is skipped: without
 * root, qemu or the image the file fails.
 */
const log = (l: string): void => {
  process.stdout.write(`${l}\n`);
};
let vm: Vm | undefined;
afterAll(async () => {
  await vm?.stop();
});

describe('every example applied over SSH on a router VM', () => {
  const covered = 'he-ifupdown-slaac';
  const examples = exampleFiles()
    .map((f) => [basename(f, '.json'), f] as const)
    .filter(([name]) => name !== covered);

  it('covers every example but the one apply.vm.test.ts applies', () => {
    expect(examples.length).toBe(exampleFiles().length - 1);
  });

  it.each(examples)('%s', { timeout: 480_000 }, async (name, file) => {
    const t0 = Date.now();
    const profile = labProfile(loadProfile(file));
    vm = await bootVm(await buildVmImage({ log }), { name: `apply-${name}`, log });
    const theVm = vm;
    try {
      await prepareRouter(theVm, profile);
      const before = await snapshot(theVm, profile);
      const connect = () => vmSession(theVm);
      const t1 = Date.now();
      const result = await applyProfile({ profile, connect, confirmTimeoutS: 90 });
      expect(result.message, result.log).toMatch(/^applied/);
      expect(result.verify.filter((v) => !v.ok)).toEqual([]);
      const applyMs = Date.now() - t1;

      const checks = await networkChecks(theVm, profile);
      for (const c of checks) log(formatCheck(name, c));
      expect(checks.filter((c) => !c.pass).map((c) => formatCheck(name, c))).toEqual([]);
      expect(await revertTimers(theVm)).toBe('');

      const s = await connect();
      try {
        expect((await planApply(profile, s)).summary).toBe('no changes');
        const back = await rollback(s, result.backupDir);
        expect(back.ok, back.output).toBe(true);
      } finally {
        await s.close();
      }
      expect(await snapshot(theVm, profile)).toBe(before);
      log(
        `${name}: apply ${(applyMs / 1000).toFixed(1)} s, whole example ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    } finally {
      await theVm.stop();
      vm = undefined;
    }
  });
});
