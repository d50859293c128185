import { join } from 'node:path';
import { expect } from 'vitest';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import { checkPing, checkSlaac } from '../lab/checks';
import { loadExample } from '../lab/fast/prepare';
import { buildVmImage } from '../lab/vm/build';
import { inNamespace, prepareRouter } from '../lab/vm/example-setup';
import { LAB, labProfile } from '../lab/vm/lab-net';
import { REPO } from '../lab/vm/paths';
import { bootVm, type Vm } from '../lab/vm/vm';

const log = (l: string): void => {
  process.stdout.write(`${l}\n`);
};

/**
 * A router VM booted for one test file and made the example's router before v6wizard (the lab's
 * broker side and the person's own network configuration), with the example's profile adjusted to
 * the lab's addresses. The caller stops the VM in afterAll.
 */
export async function bootLabRouter(name: string, example: string): Promise<{ vm: Vm; profile: Profile }> {
  const image = await buildVmImage({ log });
  const vm = await bootVm(image, { name, log });
  try {
    const { $schema: _s, ...loaded } = loadExample(join(REPO, 'examples', example));
    const profile = labProfile(loaded);
    await prepareRouter(vm, profile);
    return { vm, profile };
  } catch (e) {
    await vm.stop();
    throw e;
  }
}

/** The pc on the router's LAN got an address by SLAAC and reaches the lab's internet over IPv6. */
export async function expectPcHasIpv6(vm: Vm, profile: Profile): Promise<void> {
  const pc = inNamespace(vm, 'pc');
  const slaac = await checkSlaac(pc, derive(profile).lanCidr, { iface: LAB.pcInterface, timeoutMs: 30_000 });
  expect(slaac.pass, slaac.saw).toBe(true);
  const ping = await checkPing(pc, LAB.internetV6, slaac.address);
  expect(ping.pass, ping.saw).toBe(true);
}
