import { describe, expect, it } from 'vitest';
import { routerRule } from './router';
import { at, profileWith } from './testing';

describe('routerRule: interface names', () => {
  it.each(['eth0', 'enp3s0', 'wan-ppp', 'br0.100', 'wlan_1', 'a'.repeat(15)])('accepts %j', (name) => {
    expect(routerRule(profileWith((p) => (p.router.wanInterface = name)))).toEqual([]);
  });

  it.each([
    '',
    '.',
    '..',
    'eth0 ',
    'a/b',
    'eth0:1',
    'a'.repeat(16),
    '-eth0',
    'eth0;reboot',
    'eth\n0',
    'eth0$',
  ])('refuses %j in every interface field', (name) => {
    for (const path of ['router.wanInterface', 'router.lanInterface', 'tunnel.interface']) {
      const profile = profileWith((p) => {
        if (path === 'router.wanInterface') p.router.wanInterface = name;
        else if (path === 'router.lanInterface') p.router.lanInterface = name;
        else p.tunnel.interface = name;
      });
      const problems = at(routerRule(profile), path);
      expect(problems, path).toHaveLength(1);
      expect(problems[0]).toMatch(/interface names are 1–15 characters/);
    }
  });

  it('refuses the same interface twice, naming the earlier field', () => {
    const problems = routerRule(profileWith((p) => (p.tunnel.interface = 'eth1')));
    expect(at(problems, 'tunnel.interface')).toEqual([
      'error: is "eth1", the same interface as router.lanInterface; the WAN, the LAN and the tunnel are three different interfaces',
    ]);
    expect(
      at(routerRule(profileWith((p) => (p.router.lanInterface = 'eth0'))), 'router.lanInterface'),
    ).toHaveLength(1);
  });
});

describe('routerRule: management', () => {
  it('refuses an SSH port outside 1–65535', () => {
    for (const port of [0, 65536, 1.5]) {
      expect(
        at(routerRule(profileWith((p) => (p.router.management.sshPort = port))), 'router.management.sshPort'),
      ).toHaveLength(1);
    }
  });

  it('accepts addresses and prefixes in allowFrom', () => {
    expect(
      routerRule(profileWith((p) => (p.router.management.allowFrom = ['2001:db8:5::10', '2001:db8:6::/48']))),
    ).toEqual([]);
  });

  it.each([
    ['192.0.2.1', /give an IPv6 address or prefix/],
    ['2001:db8::/129', /give an IPv6 address or prefix/],
    ['::', /unspecified/],
    ['::/0', /whole internet/],
    ['ff02::1', /multicast/],
    ['ff00::/8', /multicast/],
  ])('refuses %j in allowFrom', (value, message) => {
    const problems = at(
      routerRule(profileWith((p) => (p.router.management.allowFrom = ['2001:db8::1', value]))),
      'router.management.allowFrom[1]',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('warns that SSH over IPv6 closes when neither the LAN nor any source may connect', () => {
    const problems = routerRule(profileWith((p) => (p.router.management.fromLan = false)));
    expect(at(problems, 'router.management')).toEqual([
      expect.stringMatching(/^warning: .*SSH over IPv4 is not touched/),
    ]);
    expect(
      routerRule(
        profileWith((p) => {
          p.router.management.fromLan = false;
          p.router.management.allowFrom = ['2001:db8:5::/48'];
        }),
      ),
    ).toEqual([]);
  });
});

describe('routerRule: systemd-networkd files', () => {
  it('requires both .network files with systemd-networkd, naming the interface', () => {
    const problems = routerRule(profileWith((p) => (p.router.networkSystem = 'systemd-networkd')));
    expect(at(problems, 'router.wanNetworkFile')).toEqual([
      'error: is missing: systemd-networkd needs the name of the .network file that configures "eth0", e.g. 10-wan.network',
    ]);
    expect(at(problems, 'router.lanNetworkFile')).toHaveLength(1);
  });

  it('accepts bare .network names and refuses paths and other names', () => {
    const withFile = (wan: string) =>
      routerRule(
        profileWith((p) => {
          p.router.networkSystem = 'systemd-networkd';
          p.router.wanNetworkFile = wan;
          p.router.lanNetworkFile = '20-lan.network';
        }),
      );
    expect(withFile('10-wan.network')).toEqual([]);
    expect(withFile('en@p3s0.network')).toEqual([]);
    for (const bad of [
      '../x.network',
      '/etc/systemd/network/10-wan.network',
      '10-wan.netdev',
      '.network',
      '-x.network',
      'a b.network',
      '.x.network',
    ]) {
      expect(at(withFile(bad), 'router.wanNetworkFile'), bad).toHaveLength(1);
    }
  });

  it('warns that the files are ignored with other network systems', () => {
    const problems = routerRule(profileWith((p) => (p.router.wanNetworkFile = '10-wan.network')));
    expect(at(problems, 'router.wanNetworkFile')).toEqual([
      'warning: is ignored: it is only used with systemd-networkd, and networkSystem is ifupdown',
    ]);
  });
});

describe('firewall backend', () => {
  it('warns on iptables-legacy (going away after Debian 14), not on nftables or iptables-nft', () => {
    const legacy = routerRule(profileWith((p) => (p.router.firewallBackend = 'iptables-legacy')));
    const found = legacy.find((p) => p.path === 'router.firewallBackend');
    expect(found?.severity).toBe('warning');
    expect(found?.message).toMatch(
      /going away after Debian 14; Debian's kernel disables the legacy interfaces by default/,
    );
    for (const backend of ['nftables', 'iptables-nft'] as const) {
      const problems = routerRule(profileWith((p) => (p.router.firewallBackend = backend)));
      expect(problems.filter((p) => p.path === 'router.firewallBackend')).toEqual([]);
    }
  });
});
