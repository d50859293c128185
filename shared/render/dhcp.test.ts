import { expectRealChecksPass } from '../../tests/helpers/expect-checks';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDaemonCheck } from '../../tests/helpers/daemon-check';
import { expectGolden } from '../../tests/helpers/golden';
import { verifyUnits } from '../../tests/helpers/verify-units';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import { DHCP_SERVERS, type DhcpMode, type DhcpServer, type Profile } from '../profile/types';
import { renderDhcp } from './dhcp';
import type { RenderedFile } from './types';

/** A profile from the defaults with DHCPv6 switched on; the pool and hosts sit in 2001:db8:1::/64. */
function dhcpProfile(server: DhcpServer, mode: DhcpMode): Profile {
  const p = structuredClone(defaultProfile());
  p.dhcpv6.server = server;
  p.dhcpv6.mode = mode;
  if (mode === 'stateless') {
    // dnsServers left empty: the DHCPv6 DNS option falls back to the RA's RDNSS list.
    p.dhcpv6.domainSearch = ['home.example'];
  } else {
    p.dhcpv6.dnsServers = ['2001:db8:1::53', '2001:4860:4860::8888', '2001:db8:1::1'];
    p.dhcpv6.domainSearch = ['home.example', 'example.org'];
    p.dhcpv6.reservations = [
      { name: 'nas', duid: '00:01:00:01:2c:3d:4e:5f:52:54:00:12:34:56', address: '2001:db8:1::10' },
      {
        name: 'win-desktop',
        duid: '00:01:00:01:29:aa:bb:cc:00:15:5d:01:02:03',
        iaid: 318767104,
        address: '2001:db8:1::20',
      },
    ];
  }
  return p;
}

function renderOf(p: Profile): RenderedFile[] {
  return renderDhcp(p, derive(p), { profileSource: p.name });
}

function ip(...args: string[]): void {
  const run = spawnSync('ip', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`ip ${args.join(' ')}: ${run.stderr}`);
}

/**
 * `kea-dhcp6 -t` refuses a configuration whose interfaces do not exist, as on the router. The checks
 * therefore run inside a throwaway network namespace that has an interface named like the profile's
 * LAN (a veth end, since this kernel has no dummy driver) holding the router's LAN address.
 */
const NS = `v6wdhcp${process.pid}`;
const LAN = defaultProfile().router.lanInterface;

function inLanNamespace(f: RenderedFile): RenderedFile {
  return f.validate ? { ...f, validate: ['ip', 'netns', 'exec', NS, ...f.validate] } : f;
}

beforeAll(() => {
  ip('netns', 'add', NS);
  ip('-n', NS, 'link', 'add', LAN, 'type', 'veth', 'peer', 'name', 'v6wpeer');
  ip('-n', NS, 'link', 'set', LAN, 'up');
  ip('-n', NS, 'addr', 'add', `${derive(defaultProfile()).lanRouter}/64`, 'dev', LAN, 'nodad');
});

afterAll(() => {
  spawnSync('ip', ['netns', 'del', NS]);
});

/** Every file's own checker must accept it; the output is printed when it does not. */
function expectDaemonChecksPass(files: RenderedFile[]): void {
  expectRealChecksPass(files, inLanNamespace);
}

const MODES = ['stateless', 'stateful'] as const;

describe('renderDhcp golden cases', () => {
  it('mode none renders nothing', () => {
    for (const server of DHCP_SERVERS) {
      const p = dhcpProfile(server, 'none');
      expect(renderOf(p)).toEqual([]);
    }
    expectGolden('dhcp-none', renderOf(dhcpProfile('kea', 'none')));
  });

  for (const server of DHCP_SERVERS) {
    for (const mode of MODES) {
      it(`${server} ${mode}: golden files, and the daemon's own parser accepts them`, () => {
        const files = renderOf(dhcpProfile(server, mode));
        expect(files.length).toBeGreaterThan(0);
        for (const f of files) {
          expect(f.stage).toBe('dhcp');
          expect(f.content.startsWith('# Made by v6wizard from the profile "home-router".')).toBe(true);
        }
        expectGolden(`dhcp-${server}-${mode}`, files);
        expectDaemonChecksPass(files);
      });
    }
  }
});

/** The file's text without comment lines: what the daemon acts on. */
function contentOf(files: RenderedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`${path} was not rendered`);
  return f.content
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');
}

describe('renderDhcp behaviour', () => {
  it('serves the LAN interface of the profile, not a hard-coded one', () => {
    for (const server of DHCP_SERVERS) {
      const p = dhcpProfile(server, 'stateful');
      p.router.lanInterface = 'br-lan.10';
      const text = renderOf(p)
        .map((f) => f.content)
        .join('\n');
      expect(text, server).toContain('br-lan.10');
      expect(text, server).not.toMatch(/\beth1\b/);
    }
  });

  it('stateless hands out no addresses; stateful hands out the pool', () => {
    const kea = (m: DhcpMode) => contentOf(renderOf(dhcpProfile('kea', m)), '/etc/kea/kea-dhcp6.conf');
    expect(kea('stateless')).toContain('"pools": [ ]');
    expect(kea('stateful')).toContain('"pool": "2001:db8:1::1000 - 2001:db8:1::1fff"');
    const isc = (m: DhcpMode) => contentOf(renderOf(dhcpProfile('isc-dhcpd', m)), '/etc/dhcp/dhcpd6.conf');
    expect(isc('stateless')).not.toContain('range6');
    expect(isc('stateless')).not.toContain('host ');
    expect(isc('stateful')).toContain('range6 2001:db8:1::1000 2001:db8:1::1fff;');
    const dnsmasq = (m: DhcpMode) =>
      contentOf(renderOf(dhcpProfile('dnsmasq', m)), '/etc/dnsmasq.d/v6wizard-dhcpv6.conf');
    expect(dnsmasq('stateless')).toContain('dhcp-range=2001:db8:1::,static,64');
    expect(dnsmasq('stateful')).toContain('dhcp-range=2001:db8:1::1000,2001:db8:1::1fff,64,4000');
    const wide = (m: DhcpMode) =>
      contentOf(renderOf(dhcpProfile('wide-dhcp6s', m)), '/etc/wide-dhcpv6/dhcp6s.conf');
    expect(wide('stateless')).not.toMatch(/address-pool|range|host /);
    expect(wide('stateful')).toContain('range 2001:db8:1::1000 to 2001:db8:1::1fff;');
  });

  it('uses the DHCPv6 DNS list, falling back to the RA RDNSS list', () => {
    const stateless = contentOf(renderOf(dhcpProfile('isc-dhcpd', 'stateless')), '/etc/dhcp/dhcpd6.conf');
    expect(stateless).toContain('option dhcp6.name-servers 2001:470:20::2;');
    const stateful = contentOf(renderOf(dhcpProfile('isc-dhcpd', 'stateful')), '/etc/dhcp/dhcpd6.conf');
    expect(stateful).toContain(
      'option dhcp6.name-servers 2001:db8:1::53, 2001:4860:4860::8888, 2001:db8:1::1;',
    );
    expect(stateful).not.toContain('2001:470:20::2');
  });

  it('leaves out the DNS options when there are no DNS servers (dnsmasq sends the option empty)', () => {
    const p = dhcpProfile('kea', 'stateless');
    p.ra.rdnss = [];
    p.dhcpv6.domainSearch = [];
    expect(contentOf(renderOf(p), '/etc/kea/kea-dhcp6.conf')).not.toContain('dns-servers');
    p.dhcpv6.server = 'dnsmasq';
    const dnsmasq = contentOf(renderOf(p), '/etc/dnsmasq.d/v6wizard-dhcpv6.conf');
    expect(dnsmasq).toMatch(/^dhcp-option=tag:eth1,option6:dns-server$/m);
    expect(dnsmasq).not.toContain('domain-search');
  });

  it('dnsmasq: no RA, and DNS either off or bound to the LAN, never on the wildcard (systemd-resolved)', () => {
    const dnsmasq = (p: Profile): string[] =>
      contentOf(renderOf(p), '/etc/dnsmasq.d/v6wizard-dhcpv6.conf')
        .split('\n')
        .filter((l) => l !== '' && !/^(dhcp-range|dhcp-option|dhcp-host)=/.test(l));
    for (const mode of MODES) {
      expect(dnsmasq(dhcpProfile('dnsmasq', mode)).join('\n')).not.toMatch(/ra-|enable-ra/);
    }
    // Stateless: DNS from the RA's RDNSS list (the broker's resolver), not the router: DNS off.
    expect(dnsmasq(dhcpProfile('dnsmasq', 'stateless'))).toEqual(['port=0']);
    // Stateful: the router's LAN address 2001:db8:1::1 is one of the DHCPv6 DNS servers.
    expect(dnsmasq(dhcpProfile('dnsmasq', 'stateful'))).toEqual(['bind-interfaces', 'interface=eth1']);
    // The router named in the RA's RDNSS list only (written in a non-canonical form) counts too.
    const rdnss = dhcpProfile('dnsmasq', 'stateless');
    rdnss.ra.rdnss = ['2001:DB8:1:0::1'];
    expect(dnsmasq(rdnss)).toEqual(['bind-interfaces', 'interface=eth1']);
  });

  it('says next to a reservation that its IAID is not matched, and only there', () => {
    for (const server of DHCP_SERVERS) {
      const text = renderOf(dhcpProfile(server, 'stateful'))
        .map((f) => f.content)
        .join('\n');
      expect(text.match(/IAID 318767104 is not matched/g), server).toHaveLength(1);
    }
  });

  it('the daemon checks can fail: a broken file is rejected', () => {
    for (const server of ['kea', 'isc-dhcpd', 'dnsmasq'] as const) {
      const [file] = renderOf(dhcpProfile(server, 'stateful'));
      if (!file) throw new Error('nothing rendered');
      const broken = { ...file, content: file.content.replace('2001:db8:1::1fff', '2001:db8:1::1fff:zz') };
      expect(broken.content).not.toBe(file.content);
      expect(runDaemonCheck(inLanNamespace(broken)).ok, server).toBe(false);
    }
    const unit = renderOf(dhcpProfile('isc-dhcpd', 'stateful')).find((f) => f.path.endsWith('.service'));
    if (!unit) throw new Error('no unit rendered');
    const brokenUnit = {
      ...unit,
      content: unit.content.replace('ExecStart=/usr/sbin/dhcpd', 'ExecStart=/usr/sbin/no-such-dhcpd'),
    };
    expect(verifyUnits([brokenUnit])[0]?.ok).toBe(false);
  });
});
