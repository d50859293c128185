import { describe, expect, it } from 'vitest';
import { runDaemonCheck } from '../../tests/helpers/daemon-check';
import { expectGolden } from '../../tests/helpers/golden';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { DhcpMode, Profile } from '../profile/types';
import { renderRadvd } from './radvd';
import type { RenderedFile } from './types';

function raProfile(change: (p: Profile) => void = () => undefined): Profile {
  const p = structuredClone(defaultProfile());
  change(p);
  return p;
}

function renderOne(p: Profile): RenderedFile {
  const [file, ...rest] = renderRadvd(p, derive(p), { profileSource: p.name });
  if (!file || rest.length > 0) throw new Error('expected exactly one radvd file');
  return file;
}

function expectConfigtestPasses(file: RenderedFile): void {
  const result = runDaemonCheck(file);
  expect(result.ok, `${result.argv.join(' ')}\n${result.output}`).toBe(true);
  expect(result.output).toContain('syntax ok');
}

const CASES: { name: string; change: (p: Profile) => void }[] = [
  // The defaults: SLAAC only, Hurricane Electric's resolver in the RA, MTU 1480.
  { name: 'radvd-slaac', change: () => undefined },
  { name: 'radvd-stateless', change: (p) => (p.dhcpv6.mode = 'stateless') },
  { name: 'radvd-stateful', change: (p) => (p.dhcpv6.mode = 'stateful') },
  {
    name: 'radvd-dns-lists',
    change: (p) => {
      p.ra.rdnss = ['2001:db8:1::53', '2001:4860:4860::8888', '2001:4860:4860::8844', '2001:0DB8:0001::0054'];
      p.ra.dnssl = ['home.example', 'example.org'];
    },
  },
  {
    name: 'radvd-bare',
    change: (p) => {
      p.ra.rdnss = [];
      p.ra.dnssl = [];
      p.ra.linkMtu = 0;
    },
  },
  {
    name: 'radvd-vlan-subnet258',
    change: (p) => {
      p.router.lanInterface = 'eth1.10';
      p.lan.subnetId = 258;
    },
  },
];

describe('renderRadvd golden cases, checked by radvd --configtest', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const file = renderOne(raProfile(c.change));
      expect(file.stage).toBe('ra');
      expect(file.service).toBe('radvd');
      expect(file.content.startsWith('# Made by v6wizard from the profile "home-router".')).toBe(true);
      expectGolden(c.name, [file]);
      expectConfigtestPasses(file);
    });
  }

  it('the check itself fails on a file radvd refuses', () => {
    const file = renderOne(raProfile());
    const broken = { ...file, content: file.content.replace('AdvSendAdvert on;', 'AdvSendAdvert maybe;') };
    expect(runDaemonCheck(broken).ok).toBe(false);
  });
});

describe('renderRadvd behaviour', () => {
  const flags = (mode: DhcpMode): string[] =>
    renderOne(raProfile((p) => (p.dhcpv6.mode = mode)))
      .content.split('\n')
      .filter((l) => /AdvManagedFlag|AdvOtherConfigFlag/.test(l))
      .map((l) => l.trim());

  it('M and O follow the DHCPv6 mode', () => {
    expect(flags('none')).toEqual(['AdvManagedFlag off;', 'AdvOtherConfigFlag off;']);
    expect(flags('stateless')).toEqual(['AdvManagedFlag off;', 'AdvOtherConfigFlag on;']);
    expect(flags('stateful')).toEqual(['AdvManagedFlag on;', 'AdvOtherConfigFlag on;']);
  });

  it('advertises the LAN /64 of the routed prefix: subnet 258 of a /48 is :102:', () => {
    const content = renderOne(raProfile((p) => (p.lan.subnetId = 258))).content;
    expect(content).toContain('prefix 2001:db8:1:102::/64');
  });

  it('omits AdvLinkMTU for 0, RDNSS and DNSSL when empty', () => {
    const content = renderOne(raProfile(CASES.find((c) => c.name === 'radvd-bare')?.change)).content;
    expect(content).not.toMatch(/AdvLinkMTU|RDNSS|DNSSL/);
    expect(content).not.toMatch(/\n\s*\n\s*\n/);
  });

  it('splits more than three DNS servers into blocks radvd accepts, in canonical form', () => {
    const content = renderOne(raProfile(CASES.find((c) => c.name === 'radvd-dns-lists')?.change)).content;
    expect(content).toContain('RDNSS 2001:db8:1::53 2001:4860:4860::8888 2001:4860:4860::8844\n');
    expect(content).toContain('RDNSS 2001:db8:1::54\n');
    expect(content).toContain('DNSSL home.example example.org\n');
    // 3 × MaxRtrAdvInterval (120 s by default), RFC 8106 §5.1's minimum.
    expect(content).toContain('AdvRDNSSLifetime 360;');
    expect(content).toContain('AdvDNSSLLifetime 360;');
  });

  it('takes the intervals and lifetimes from the profile', () => {
    const content = renderOne(
      raProfile((p) => {
        p.ra.minIntervalSeconds = 200;
        p.ra.maxIntervalSeconds = 600;
        p.ra.defaultLifetimeSeconds = 1801;
        p.ra.validLifetimeSeconds = 86401;
        p.ra.preferredLifetimeSeconds = 14401;
        p.ra.linkMtu = 1280;
      }),
    ).content;
    for (const line of [
      'MinRtrAdvInterval 200;',
      'MaxRtrAdvInterval 600;',
      'AdvDefaultLifetime 1801;',
      'AdvValidLifetime 86401;',
      'AdvPreferredLifetime 14401;',
      'AdvLinkMTU 1280;',
      'AdvRDNSSLifetime 1800;',
    ]) {
      expect(content).toContain(line);
    }
  });
});
