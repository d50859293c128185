import { expectRealChecksPass } from '../../tests/helpers/expect-checks';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../tests/helpers/golden';
import { personNetplanFor } from '../../tests/helpers/person-netplan';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import { NETWORK_SYSTEMS, type DadStrategy, type NetworkSystem, type Profile } from '../profile/types';
import { renderTunnel } from './tunnel';
import type { RenderedFile } from './types';

/** The defaults on the given network system; networkd also needs the person's own .network files. */
function tunnelProfile(system: NetworkSystem, dad: DadStrategy = 'wait'): Profile {
  const p = structuredClone(defaultProfile());
  p.router.networkSystem = system;
  p.router.wanNetworkFile = '10-wan.network';
  p.router.lanNetworkFile = '20-lan.network';
  p.dad.strategy = dad;
  return p;
}

/** A VLAN LAN (a dot in the name) and the 258th /64 of the /48: 258 = 0x102. */
function vlanProfile(system: NetworkSystem): Profile {
  const p = tunnelProfile(system);
  p.router.lanInterface = 'eth1.10';
  p.lan.subnetId = 258;
  return p;
}

function renderOf(p: Profile): RenderedFile[] {
  return renderTunnel(p, derive(p), { profileSource: p.name });
}

/**
 * Every file's own checker must accept it (output printed when not). Units go through verifyUnits,
 * which provides the rendered script at its ExecStart path. The checks without a `validate`
 * (networkd, netplan) run in tunnel-networkd.test.ts and tunnel-netplan.test.ts.
 */
function expectChecksPass(files: RenderedFile[], p?: Profile): void {
  // netplan checks the file together with the person's own, as on the router.
  const person =
    p?.router.networkSystem === 'netplan'
      ? [{ path: '/etc/netplan/01-person.yaml', content: personNetplanFor(p) }]
      : [];
  expectRealChecksPass(files, undefined, person);
}

function golden(name: string, files: RenderedFile[], p?: Profile): void {
  expectGolden(name, files);
  expectChecksPass(files, p);
}

const SHORT: Record<NetworkSystem, string> = {
  ifupdown: 'ifupdown',
  'systemd-networkd': 'networkd',
  netplan: 'netplan',
  iproute2: 'iproute2',
};

describe('renderTunnel golden cases', () => {
  for (const system of NETWORK_SYSTEMS) {
    it(`${system}: defaults`, () => {
      const p = tunnelProfile(system);
      const files = renderOf(p);
      for (const f of files) {
        expect(f.stage).toBe('network');
        const firstLine = f.content.startsWith('#!') ? f.content.split('\n')[1] : f.content.split('\n')[0];
        expect(firstLine).toBe('# Made by v6wizard from the profile "home-router".');
        expect(f.description.length).toBeGreaterThan(20);
      }
      golden(`tunnel-${SHORT[system]}`, files, p);
    });

    it(`${system}: a VLAN LAN and subnet 258 of the /48`, () => {
      const p = vlanProfile(system);
      const files = renderOf(p);
      const all = files.map((f) => `${f.description}\n${f.content}`).join('\n');
      // 258 = 0x102: the fourth group of the /48 2001:db8:1::/48.
      expect(all).toContain('2001:db8:1:102::1/64');
      expect(all).toContain('eth1.10');
      expect(all).not.toMatch(/2001:db8:1::1\/64/);
      golden(`tunnel-${SHORT[system]}-vlan-subnet258`, files, p);
    });
  }

  it('DAD strategies that change the output have their own cases', () => {
    golden('tunnel-ifupdown-dad-disable', renderOf(tunnelProfile('ifupdown', 'disable')));
    golden('tunnel-networkd-dad-disable', renderOf(tunnelProfile('systemd-networkd', 'disable')));
    golden('tunnel-iproute2-dad-disable', renderOf(tunnelProfile('iproute2', 'disable')));
    golden('tunnel-iproute2-dad-optimistic', renderOf(tunnelProfile('iproute2', 'optimistic')));
  });

  it('ifupdown: a LAN no stanza of the person raises gets allow-hotplug in v6wizard’s file', () => {
    const p = tunnelProfile('ifupdown');
    p.router.raiseLanAtBoot = true;
    const files = renderOf(p);
    expect(files[0]?.content).toMatch(/^allow-hotplug eth1\niface eth1 inet6 static$/m);
    golden('tunnel-ifupdown-raise-lan', files);
    // Without the setting no line raises the LAN (the person's own stanza does).
    expect(renderOf(tunnelProfile('ifupdown'))[0]?.content).not.toMatch(/^(auto|allow-hotplug) eth1/m);
  });
});

/** netplan with the WAN and LAN as the person's files define them (detect fills these in). */
function netplanDevices(edit: (r: Profile['router']) => void): Profile {
  const p = tunnelProfile('netplan');
  delete p.router.wanNetworkFile;
  delete p.router.lanNetworkFile;
  edit(p.router);
  return p;
}

/** The lines of one device-type section (`  bridges:` up to the next key at that depth). */
function section(yaml: string, key: string): string {
  const lines = yaml.split('\n');
  const start = lines.indexOf(`  ${key}:`);
  if (start < 0) return '';
  const end = lines.findIndex((l, i) => i > start && /^ {0,2}[a-z]/.test(l));
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

describe('netplan device types: golden cases', () => {
  it('a bridge LAN br0 with ports lan0 and a bond lan-bond: no RAs and no link-local address on the ports', () => {
    const p = netplanDevices((r) => {
      r.lanInterface = 'br0';
      r.lanDeviceType = 'bridge';
      r.lanBridgePorts = [
        { name: 'lan0', deviceType: 'ethernet' },
        { name: 'lan-bond', deviceType: 'bond' },
      ];
    });
    const files = renderOf(p);
    const text = files[0]?.content ?? '';
    expect(text).toContain('  bridges:\n    "br0":\n      accept-ra: false\n      addresses:\n');
    expect(text).toContain('    "lan0":\n      accept-ra: false\n      link-local: []\n');
    expect(text).toMatch(
      / {2}bonds:\n(?: {4}#.*\n)* {4}"lan-bond":\n {6}accept-ra: false\n {6}link-local: \[\]/,
    );
    expect(section(text, 'ethernets')).not.toContain('"br0"');
    golden('tunnel-netplan-bridge-lan', files, p);
  });

  it('a bond WAN', () => {
    const p = netplanDevices((r) => {
      r.wanInterface = 'bond0';
      r.wanDeviceType = 'bond';
    });
    const files = renderOf(p);
    expect(files[0]?.content).toContain('  bonds:\n    "bond0":\n      accept-ra: false\n');
    golden('tunnel-netplan-bond-wan', files, p);
  });

  it('a VLAN LAN named without a dot (the type comes from the profile, not the name)', () => {
    const p = netplanDevices((r) => {
      r.lanInterface = 'lan-v10';
      r.lanDeviceType = 'vlan';
    });
    const files = renderOf(p);
    expect(files[0]?.content).toContain(
      '  vlans:\n    "lan-v10":\n      accept-ra: false\n      addresses:\n',
    );
    golden('tunnel-netplan-vlan-lan', files, p);
  });

  it('bridge ports only count for a bridge LAN', () => {
    const withPorts = renderOf(
      netplanDevices((r) => {
        r.lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
      }),
    );
    expect(withPorts[0]?.content).not.toContain('lan0');
  });

  it('is checked by netplan generate on a copy of all three netplan folders with the new file', () => {
    const [f] = renderOf(tunnelProfile('netplan'));
    expect(f?.validate).toEqual(['netplan', 'generate', '--root-dir', '{root}']);
    expect(f?.checkRoot).toEqual(['/lib/netplan', '/etc/netplan', '/run/netplan']);
  });
});

describe('renderTunnel behaviour', () => {
  it('renders only the chosen network system, each to its own paths', () => {
    const paths = Object.fromEntries(
      NETWORK_SYSTEMS.map((s) => [s, renderOf(tunnelProfile(s)).map((f) => f.path)]),
    );
    expect(paths).toEqual({
      ifupdown: ['/etc/network/interfaces.d/v6wizard'],
      'systemd-networkd': [
        '/etc/systemd/network/60-v6wizard-he-ipv6.netdev',
        '/etc/systemd/network/60-v6wizard-he-ipv6.network',
        '/etc/systemd/network/10-wan.network.d/60-v6wizard-tunnel.conf',
        '/etc/systemd/network/20-lan.network.d/60-v6wizard-lan.conf',
      ],
      netplan: ['/etc/netplan/60-v6wizard.yaml'],
      iproute2: ['/usr/local/sbin/v6wizard-tunnel', '/etc/systemd/system/v6wizard-tunnel.service'],
    });
  });

  it('names a service only where a unit applies the change', () => {
    const services = (s: NetworkSystem): (string | undefined)[] =>
      renderOf(tunnelProfile(s)).map((f) => f.service);
    expect(services('ifupdown')).toEqual([undefined]);
    expect(services('netplan')).toEqual([undefined]);
    expect(new Set(services('systemd-networkd'))).toEqual(new Set(['systemd-networkd']));
    expect(new Set(services('iproute2'))).toEqual(new Set(['v6wizard-tunnel']));
  });

  it('netplan is private to root and scripts are executable', () => {
    expect(renderOf(tunnelProfile('netplan'))[0]?.mode).toBe(0o600);
    const script = renderOf(tunnelProfile('iproute2')).find((f) => f.path.startsWith('/usr/local/sbin/'));
    expect(script?.mode).toBe(0o755);
    expect(script?.content.startsWith('#!/bin/sh\n# Made by v6wizard')).toBe(true);
  });

  it('every system carries the prefix length on both addresses', () => {
    for (const system of NETWORK_SYSTEMS) {
      const all = renderOf(tunnelProfile(system))
        .map((f) => f.content)
        .join('\n');
      expect(all, system).toContain('2001:db8:0:1::2/64');
      expect(all, system).toContain('2001:db8:1::1/64');
    }
  });

  it('follows the profile: tunnel name, endpoints, TTL, MTU and a non-canonical address', () => {
    for (const system of NETWORK_SYSTEMS) {
      const p = tunnelProfile(system);
      p.tunnel.interface = 'sit-he';
      p.tunnel.serverIpv4 = '203.0.113.9';
      p.tunnel.localIpv4 = '10.0.0.2';
      p.tunnel.mtu = 1472;
      p.tunnel.ttl = 64;
      p.tunnel.clientIpv6 = '2001:0DB8:0000:0001:0000:0000:0000:0002/64';
      const all = renderOf(p)
        .map((f) => `${f.path}\n${f.content}`)
        .join('\n');
      for (const want of ['sit-he', '203.0.113.9', '10.0.0.2', '1472', '64', '2001:db8:0:1::2/64'])
        expect(all, `${system} ${want}`).toContain(want);
      expect(all, system).not.toContain('he-ipv6');
      expect(all, system).not.toContain('1480');
      expect(all, system).not.toMatch(/0DB8/i);
    }
  });

  it('DAD: only the systems that support a flag change their output', () => {
    const text = (s: NetworkSystem, d: DadStrategy): string =>
      renderOf(tunnelProfile(s, d))
        .map((f) => f.content)
        .join('\n');
    for (const system of NETWORK_SYSTEMS) expect(text(system, 'sleep'), system).toBe(text(system, 'wait'));
    // No way to flag a static address optimistic there: sysctl carries the strategy.
    for (const system of ['ifupdown', 'systemd-networkd', 'netplan'] as const)
      expect(text(system, 'optimistic'), system).toBe(text(system, 'wait'));
    expect(text('netplan', 'disable')).toBe(text('netplan', 'wait'));
    expect(text('ifupdown', 'disable')).toContain('    dad-attempts 0\n');
    expect(text('systemd-networkd', 'disable')).toContain('DuplicateAddressDetection=none');
    expect(text('iproute2', 'disable')).toContain('set_address "$LAN" "$LAN_ADDRESS" nodad');
    expect(text('iproute2', 'optimistic')).toContain('set_address "$LAN" "$LAN_ADDRESS" optimistic');
    expect(text('iproute2', 'wait')).toContain('set_address "$LAN" "$LAN_ADDRESS"\n');
  });

  it("refuses a networkd profile without the person's .network files", () => {
    const p = tunnelProfile('systemd-networkd');
    delete p.router.lanNetworkFile;
    expect(() => renderOf(p)).toThrow(/lanNetworkFile/);
  });
});
