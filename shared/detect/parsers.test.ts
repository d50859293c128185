import { describeDetect } from './describe';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { parseSha256sum } from './files';
import { guessInterfaces } from './guess';
import { parseIpAddr, parseIpRoute } from './ip-json';
import { networkFileFor } from './networkd';
import { parseOsRelease } from './os-release';
import { parseSsListeners } from './listeners';
import { prefillFromDetect } from './prefill';
import { parseNetplanFiles } from './netplan';
import { validateProfile } from '../validate';
import { parseDpkgQuery, parseIptablesSave, parseIptablesVersion } from './tables';
import { found, unknown, type DetectResult } from './types';

const ADDR = JSON.stringify([
  {
    ifname: 'lo',
    flags: ['LOOPBACK', 'UP'],
    link_type: 'loopback',
    operstate: 'UNKNOWN',
    addr_info: [{ family: 'inet', local: '127.0.0.1', prefixlen: 8, scope: 'host' }],
  },
  {
    ifname: 'eth0',
    flags: ['UP'],
    link_type: 'ether',
    operstate: 'UP',
    mtu: 1500,
    addr_info: [{ family: 'inet', local: '192.168.178.2', prefixlen: 24, scope: 'global' }],
  },
  {
    ifname: 'eth1',
    flags: ['UP'],
    link_type: 'ether',
    operstate: 'UP',
    addr_info: [
      { family: 'inet', local: '10.0.0.1', prefixlen: 24, scope: 'global' },
      { family: 'inet6', local: 'fe80::1', prefixlen: 64, scope: 'link', tentative: true },
    ],
  },
]);
const ROUTES = JSON.stringify([
  { dst: 'default', gateway: '192.168.178.1', dev: 'eth0', protocol: 'dhcp', metric: 100 },
  { dst: '10.0.0.0/24', dev: 'eth1' },
]);

describe('detect parsers', () => {
  it('reads os-release, including Raspberry Pi OS', () => {
    expect(
      parseOsRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n'),
    ).toEqual({
      id: 'debian',
      versionId: '12',
      prettyName: 'Debian GNU/Linux 12 (bookworm)',
      family: 'debian',
    });
    expect(parseOsRelease('ID=raspbian\n')?.family).toBe('raspberry-pi-os');
    expect(parseOsRelease('ID=arch\n')?.family).toBe('other');
    expect(parseOsRelease('nothing')).toBeUndefined();
  });

  it('reads ip -j addr/route and guesses WAN, LAN and NAT', () => {
    const ifs = parseIpAddr(ADDR);
    expect(ifs?.[2]?.addresses[1]).toMatchObject({ address: 'fe80::1', tentative: true, dadfailed: false });
    expect(parseIpAddr('not json')).toBeUndefined();
    const routes = parseIpRoute(ROUTES);
    const g = guessInterfaces(found(ifs ?? []), found(routes ?? []));
    expect(g.wan).toMatchObject({ known: true, value: { name: 'eth0', ipv4: '192.168.178.2' } });
    expect(g.lan).toEqual(
      found({
        name: 'eth1',
        why: 'eth1 is up with the private address 10.0.0.1, set by hand',
        candidates: ['eth1'],
      }),
    );
    expect(g.wanBehindNat).toEqual(found(true));
    expect(guessInterfaces(found(ifs ?? []), found([])).wan.known).toBe(false);
  });

  it('takes a LAN address set by hand over one leased by DHCP, and names the other candidates', () => {
    // A router VM or a box with a management NIC: eth0 got its address from a DHCP server (dynamic),
    // lan0 and lan1 carry addresses set by hand; the default route leaves through wan0.
    const v4 = (local: string, dynamic: boolean) => ({
      family: 'inet',
      local,
      prefixlen: 24,
      scope: 'global',
      ...(dynamic ? { dynamic: true, valid_life_time: 86_000 } : {}),
    });
    const link = (ifname: string, local: string, dynamic = false) => ({
      ifname,
      flags: ['UP'],
      link_type: 'ether',
      operstate: 'UP',
      addr_info: [v4(local, dynamic)],
    });
    const ifs = parseIpAddr(
      JSON.stringify([
        link('eth0', '10.0.2.15', true),
        link('lan1', '192.168.61.1'),
        link('lan0', '192.168.60.1'),
        link('wan0', '203.0.113.2'),
      ]),
    );
    expect(ifs?.[0]?.addresses[0]?.dynamic).toBe(true);
    expect(ifs?.[1]?.addresses[0]?.dynamic).toBe(false);
    const routes = parseIpRoute(JSON.stringify([{ dst: 'default', gateway: '203.0.113.1', dev: 'wan0' }]));
    const g = guessInterfaces(found(ifs ?? []), found(routes ?? []));
    expect(g.lan).toEqual(
      found({
        name: 'lan0',
        why: 'lan0 is up with the private address 192.168.60.1, set by hand; also possible: lan1, eth0',
        candidates: ['lan0', 'lan1', 'eth0'],
      }),
    );
    // Only a leased address left: still a guess, said as such.
    const onlyLeased = guessInterfaces(
      found((ifs ?? []).filter((i) => !i.name.startsWith('lan'))),
      found(routes ?? []),
    );
    expect(onlyLeased.lan).toEqual(
      found({
        name: 'eth0',
        why: 'eth0 is up with the private address 10.0.2.15 (leased by DHCP)',
        candidates: ['eth0'],
      }),
    );
  });

  it('reads iptables, dpkg and sha256sum output', () => {
    expect(parseIptablesVersion('iptables v1.8.9 (nf_tables)\n')).toBe('iptables-nft');
    expect(parseIptablesVersion('iptables v1.8.9 (legacy)\n')).toBe('iptables-legacy');
    expect(parseIptablesVersion('sh: iptables: not found')).toBeUndefined();
    const r = parseIptablesSave(
      '*filter\n:INPUT DROP [0:0]\n:FORWARD ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\n*nat\n:POSTROUTING ACCEPT [0:0]\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\n',
    );
    expect(r).toEqual({
      rulesByTable: { filter: 2, nat: 1 },
      total: 3,
      restrictivePolicies: ['filter/INPUT DROP'],
    });
    expect(
      parseDpkgQuery('radvd\tii \t1:2.19-1\ndnsmasq\trc \t2.89\n', ['radvd', 'dnsmasq', 'ifupdown']),
    ).toEqual({
      radvd: { installed: true, version: '1:2.19-1' },
      dnsmasq: { installed: false, version: undefined },
      ifupdown: { installed: false, version: undefined },
    });
    const h = 'a'.repeat(64);
    expect(
      parseSha256sum(
        `${h}  /etc/radvd.conf\n`,
        'sha256sum: /etc/x: No such file or directory\nsha256sum: /etc/y: Permission denied\n',
        ['/etc/radvd.conf', '/etc/x', '/etc/y'],
      ),
    ).toEqual([
      found({ path: '/etc/radvd.conf', exists: true, sha256: h }),
      found({ path: '/etc/x', exists: false, sha256: undefined }),
      unknown('/etc/y: Permission denied'),
    ]);
  });

  it('finds the .network file networkd would use for an interface', () => {
    const files = [
      { path: '/usr/lib/systemd/network/10-wan.network', content: '[Match]\nName=eth0\n' },
      { path: '/etc/systemd/network/10-wan.network', content: '[Match]\nName=enp*\n' },
      {
        path: '/etc/systemd/network/20-lan.network',
        content: '[Match]\nName=eth1 lan?\n[Network]\nAddress=10.0.0.1/24\n',
      },
      { path: '/etc/systemd/network/30-mac.network', content: '[Match]\nMACAddress=00:11:22:33:44:55\n' },
    ];
    expect(networkFileFor(files, 'enp1s0')).toBe('10-wan.network');
    expect(networkFileFor(files, 'eth0')).toBeUndefined(); // /etc masks the /usr/lib file of that name
    expect(networkFileFor(files, 'lan0')).toBe('20-lan.network');
  });

  it('prefills the profile and lists every change; unknowns change nothing', () => {
    const profile = defaultProfile();
    const detect = {
      os: found({ id: 'ubuntu', versionId: '24.04', prettyName: 'Ubuntu 24.04', family: 'ubuntu' as const }),
      networkSystem: found({ system: 'systemd-networkd' as const, evidence: 'systemd-networkd is active' }),
      networkFiles: { wan: '10-wan.network', lan: undefined },
      firewallBackend: unknown('iptables is not installed'),
      otherFirewall: unknown('nft is not installed'),
      guess: {
        wan: found({ name: 'enp1s0', ipv4: '192.0.2.7', why: 'default route' }),
        lan: unknown('none'),
        wanBehindNat: found(false),
      },
    } as unknown as DetectResult;
    const { profile: next, changes } = prefillFromDetect(profile, detect);
    expect(next.router.distro).toBe('ubuntu');
    expect(next.router.firewallBackend).toBe(profile.router.firewallBackend);
    expect(next.router.wanNetworkFile).toBe('10-wan.network');
    expect(next.tunnel.localIpv4).toBe('192.0.2.7');
    expect(changes.map((c) => c.path)).toContain('router.wanInterface');
    expect(profile.router.wanInterface).not.toBe('enp1s0'); // the input is not changed
    expect(prefillFromDetect(next, detect).changes).toEqual([]);
  });

  it('proposes the firewall backend: nftables on Debian 13, iptables-nft where Docker filters IPv6', () => {
    const detect = (others: DetectResult['otherFirewall']) =>
      ({
        os: found({ id: 'debian', versionId: '13', prettyName: 'Debian 13', family: 'debian' as const }),
        networkSystem: unknown('-'),
        networkFiles: { wan: undefined, lan: undefined },
        firewallBackend: found('iptables-nft' as const),
        otherFirewall: others,
        guess: { wan: unknown('-'), lan: unknown('-'), wanBehindNat: unknown('-') },
      }) as unknown as DetectResult;
    const start = {
      ...defaultProfile(),
      router: { ...defaultProfile().router, firewallBackend: 'iptables-legacy' as const },
    };
    const plain = prefillFromDetect(start, detect(found({ tools: [], parts: [], ipv6DropChains: [] })));
    expect(plain.changes.find((c) => c.path === 'router.firewallBackend')).toMatchObject({
      to: 'nftables',
      why: "Debian 13: nftables is the kernel's firewall interface",
    });
    const docker = found({
      tools: ['Docker'],
      parts: ['ip6 filter DOCKER'],
      ipv6DropChains: ['ip6 filter FORWARD'],
    });
    const withDocker = prefillFromDetect(start, detect(docker));
    expect(withDocker.profile.router.firewallBackend).toBe('iptables-nft');
    expect(
      describeDetect({
        ...detect(docker),
        rules4: unknown('-'),
        rules6: unknown('-'),
        sit: unknown('-'),
        init: unknown('-'),
        interfaces: unknown('-'),
        routes4: unknown('-'),
        routes6: unknown('-'),
        packages: {},
        services: {},
        sysctls: unknown('-'),
        files: [],
        dnsListeners: unknown('-'),
      }),
    ).toContain(
      'other firewall (left untouched): Docker; ip6 filter DOCKER; IPv6 dropped by policy in ip6 filter FORWARD',
    );
  });

  it('keeps the person’s LAN interface when it could be the LAN, and proposes the guess when it cannot', () => {
    const profile = { ...defaultProfile() };
    const detectWith = (lan: DetectResult['guess']['lan']) =>
      ({
        os: unknown('-'),
        networkSystem: unknown('-'),
        networkFiles: { wan: undefined, lan: undefined },
        firewallBackend: unknown('-'),
        otherFirewall: unknown('-'),
        guess: { wan: unknown('-'), lan, wanBehindNat: unknown('-') },
      }) as unknown as DetectResult;
    const guess = (candidates: string[]) =>
      detectWith(found({ name: candidates[0]!, why: `${candidates[0]!} fits`, candidates }));
    profile.router = { ...profile.router, lanInterface: 'lan0' };
    // eth0 sorts first, but lan0 (the person's choice) could be the LAN too: nothing to confirm.
    expect(prefillFromDetect(profile, guess(['eth0', 'lan0'])).changes).toEqual([]);
    // lan0 is not an interface that could be the LAN here: the guess is proposed, with its reason.
    expect(prefillFromDetect(profile, guess(['eth1'])).changes).toEqual([
      { path: 'router.lanInterface', from: 'lan0', to: 'eth1', why: 'eth1 fits' },
    ]);
    expect(prefillFromDetect(profile, detectWith(unknown('no interface'))).changes).toEqual([]);
  });

  it("prefills a netplan router's device types and the bridge's ports from the person's files", () => {
    const detect = {
      os: unknown('-'),
      networkSystem: found({ system: 'netplan' as const, evidence: '/etc/netplan has files' }),
      networkFiles: { wan: undefined, lan: undefined },
      netplan: found(
        parseNetplanFiles([
          {
            path: '/etc/netplan/01-netcfg.yaml',
            content:
              'network:\n  ethernets:\n    lan0: {}\n    wan0: {}\n  bonds:\n    bond0: {interfaces: [wan0]}\n    lanbond: {}\n  bridges:\n    br0: {interfaces: [lan0, lanbond]}\n',
          },
        ]),
      ),
      firewallBackend: unknown('-'),
      otherFirewall: unknown('-'),
      guess: {
        wan: found({ name: 'bond0', why: 'default route' }),
        lan: found({ name: 'br0', why: 'private IPv4', candidates: ['br0'] }),
        wanBehindNat: unknown('-'),
      },
    } as unknown as DetectResult;
    const { profile: next, changes } = prefillFromDetect(defaultProfile(), detect);
    expect(next.router.networkSystem).toBe('netplan');
    expect(next.router.wanDeviceType).toBe('bond');
    expect(next.router.lanDeviceType).toBe('bridge');
    expect(next.router.lanBridgePorts).toEqual([
      { name: 'lan0', deviceType: 'ethernet' },
      { name: 'lanbond', deviceType: 'bond' },
    ]);
    expect(changes.find((c) => c.path === 'router.lanBridgePorts')).toEqual({
      path: 'router.lanBridgePorts',
      from: undefined,
      to: 'lan0 (ethernet), lanbond (bond)',
      why: 'the ports of br0 in /etc/netplan/01-netcfg.yaml',
    });
    expect(changes.find((c) => c.path === 'router.lanDeviceType')?.why).toBe(
      '/etc/netplan/01-netcfg.yaml defines br0 under bridges',
    );
    expect(validateProfile(next).problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(prefillFromDetect(next, detect).changes).toEqual([]);
  });

  it('proposes router.raiseLanAtBoot from ifupdown’s files, leaving out v6wizard’s own', () => {
    const detectWith = (text: string) =>
      ({
        os: unknown('-'),
        networkSystem: found({ system: 'ifupdown' as const, evidence: '-' }),
        networkFiles: { wan: undefined, lan: undefined },
        firewallBackend: unknown('-'),
        otherFirewall: unknown('-'),
        guess: { wan: unknown('-'), lan: unknown('-'), wanBehindNat: unknown('-') },
        ifupdown: found([
          { path: '/etc/network/interfaces', content: `source interfaces.d/*\n${text}` },
          { path: '/etc/network/interfaces.d/v6wizard', content: 'allow-hotplug eth1\n' },
        ]),
      }) as unknown as DetectResult;
    const profile = defaultProfile();
    const absent = prefillFromDetect(profile, detectWith('auto eth0\n'));
    expect(absent.changes).toEqual([
      {
        path: 'router.raiseLanAtBoot',
        from: 'false',
        to: 'true',
        why: 'no auto or allow-hotplug line in /etc/network/interfaces raises eth1 at boot',
      },
    ]);
    expect(absent.profile.router.raiseLanAtBoot).toBe(true);
    // The person's own line raises it: v6wizard's is taken back out.
    const raised = prefillFromDetect(absent.profile, detectWith('auto eth0 eth1\n'));
    expect(raised.profile.router.raiseLanAtBoot).toBe(false);
    // Declared but kept from the boot: no proposal (the plan refuses and says why).
    expect(prefillFromDetect(profile, detectWith('iface eth1 inet manual\n')).changes).toEqual([]);
  });

  it('reads ss’s port-53 listeners: IPv4 with a device, IPv6 in brackets, the wildcard, no process', () => {
    expect(
      parseSsListeners(
        [
          'udp   UNCONN 0      0          127.0.0.53%lo:53        0.0.0.0:*    users:(("systemd-resolve",pid=556,fd=13))',
          'tcp   LISTEN 0      32         [fe80::1]%eth1:53          [::]:*',
          'tcp   LISTEN 0      32                     *:53             *:*    users:(("dnsmasq",pid=9,fd=5))',
          'garbage',
        ].join('\n'),
      ),
    ).toEqual([
      { proto: 'udp', address: '127.0.0.53', port: 53, device: 'lo', process: 'systemd-resolve' },
      { proto: 'tcp', address: 'fe80::1', port: 53, device: 'eth1', process: undefined },
      { proto: 'tcp', address: '*', port: 53, device: undefined, process: 'dnsmasq' },
    ]);
  });
});
