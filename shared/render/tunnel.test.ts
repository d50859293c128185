import { expectRealChecksPass } from '../../tests/helpers/expect-checks';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../tests/helpers/golden';
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
function expectChecksPass(files: RenderedFile[]): void {
  expectRealChecksPass(files);
}

function golden(name: string, files: RenderedFile[]): void {
  expectGolden(name, files);
  expectChecksPass(files);
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
      const files = renderOf(tunnelProfile(system));
      for (const f of files) {
        expect(f.stage).toBe('network');
        const firstLine = f.content.startsWith('#!') ? f.content.split('\n')[1] : f.content.split('\n')[0];
        expect(firstLine).toBe('# Made by v6wizard from the profile "home-router".');
        expect(f.description.length).toBeGreaterThan(20);
      }
      golden(`tunnel-${SHORT[system]}`, files);
    });

    it(`${system}: a VLAN LAN and subnet 258 of the /48`, () => {
      const files = renderOf(vlanProfile(system));
      const all = files.map((f) => `${f.description}\n${f.content}`).join('\n');
      // 258 = 0x102: the fourth group of the /48 2001:db8:1::/48.
      expect(all).toContain('2001:db8:1:102::1/64');
      expect(all).toContain('eth1.10');
      expect(all).not.toMatch(/2001:db8:1::1\/64/);
      golden(`tunnel-${SHORT[system]}-vlan-subnet258`, files);
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
    expect(text('iproute2', 'disable')).toContain('dev "$LAN" nodad');
    expect(text('iproute2', 'optimistic')).toContain('dev "$LAN" optimistic');
    expect(text('iproute2', 'wait')).toContain('dev "$LAN"\n');
  });

  it("refuses a networkd profile without the person's .network files", () => {
    const p = tunnelProfile('systemd-networkd');
    delete p.router.lanNetworkFile;
    expect(() => renderOf(p)).toThrow(/lanNetworkFile/);
  });
});
