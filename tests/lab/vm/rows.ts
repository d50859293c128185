import { join } from 'node:path';
import { loadProfile } from './export-profile';
import { DEFAULT_RELEASE, LAB_RELEASES, type LabRelease } from './image-spec';
import { REPO } from './paths';
import { PERSONALITIES, personality, type PersonalityName } from './personalities';
import { exampleFiles, type SelftestRow } from './selftest';

const example = (name: string): string => join(REPO, 'examples', `${name}.json`);

/**
 * The example whose Debian 13 row runs in tests/apply/apply.vm.test.ts (applied over SSH, then
 * installed with install.sh), on the VM that file boots anyway: one boot and one router preparation
 * less in `npm test`.
 */
export const IN_APPLY_TESTS = 'he-ifupdown-slaac';

/**
 * The routers `npm test` sets up (one VM boot each, under TCG the biggest cost of the suite): every
 * example on Debian 13 but IN_APPLY_TESTS, each personality worn by one of them, and two examples on
 * Debian 12. Two rows reboot after install.sh: the rows whose trap shows only at boot, ifupdown's
 * LAN that no stanza raises and Docker's chains reloaded at boot, and networkd's (whose DAD wait
 * starts once networkd has added the addresses): the first `wait` example of each network system, as
 * the self-test rebooted before the personalities. The other reboots (ufw's, netplan's, iproute2's
 * tunnel unit; about 90 s each) are the matrix's, which reboots every row twice (`npm run lab:matrix`),
 * to keep `npm test` under its hour.
 */
export function ciRows(): SelftestRow[] {
  const row = (
    name: string,
    personalities: PersonalityName[],
    reboot: boolean,
    release: LabRelease = 'trixie',
  ): SelftestRow => ({ file: example(name), release, personalities, reboot });
  return [
    // The LAN no stanza raises only fails at the next boot; Docker's chains are reloaded at boot.
    row('ifupdown-wide-stateful', ['lan-unmanaged', 'docker'], true),
    // Raspberry Pi OS: its passwordless sudo user applies.
    row('iproute2-dhcpd-stateful', ['pi-nopasswd'], false),
    row('iproute2-kea-stateless', ['ufw'], false),
    row('netplan-dnsmasq-stateless', ['netplan-bridge', 'resolved'], false),
    row('networkd-kea-stateful', ['nat'], true),
    row('he-ifupdown-slaac', [], false, 'bookworm'),
    row('networkd-kea-stateful', [], false, 'bookworm'),
  ];
}

/**
 * The example each personality is tried with in the matrix: one whose setup meets the personality's
 * trap (dnsmasq beside resolved's stub, Raspberry Pi OS's user on the Pi example, Docker's and ufw's
 * chains beside a DHCPv6 server that needs its port open, a NAT in front of a networkd router).
 */
const MATRIX_EXAMPLE: Record<PersonalityName, string> = {
  'pi-nopasswd': 'iproute2-dhcpd-stateful',
  'netplan-bridge': 'netplan-dnsmasq-stateless',
  docker: 'ifupdown-wide-stateful',
  ufw: 'iproute2-kea-stateless',
  resolved: 'netplan-dnsmasq-stateless',
  nat: 'networkd-kea-stateful',
  'lan-unmanaged': 'he-ifupdown-slaac',
};

/** The personality's matrix example, checked against the network systems the personality fits. */
function exampleFor(name: PersonalityName): string {
  const file = example(MATRIX_EXAMPLE[name]);
  const fits = personality(name).networkSystems;
  if (fits !== undefined && !fits.includes(loadProfile(file).router.networkSystem))
    throw new Error(`the matrix example for ${name} does not use ${fits.join(' or ')}`);
  return file;
}

/**
 * `npm run lab:matrix`: every example on both releases, then every personality on Debian 13 with the
 * first example that fits it. Every row reboots (after the apply over SSH, and after install.sh).
 */
export function matrixRows(): SelftestRow[] {
  const rows: SelftestRow[] = [];
  for (const release of LAB_RELEASES)
    for (const file of exampleFiles()) rows.push({ file, release, personalities: [], reboot: true });
  for (const name of PERSONALITIES)
    rows.push({ file: exampleFor(name), release: DEFAULT_RELEASE, personalities: [name], reboot: true });
  return rows;
}
