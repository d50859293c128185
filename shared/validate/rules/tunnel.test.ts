import { describe, expect, it } from 'vitest';
import { at, profileWith } from './testing';
import { tunnelRule } from './tunnel';

describe('tunnelRule: IPv4 endpoints', () => {
  it('says so when an IPv6 address is in an IPv4 field', () => {
    const problems = tunnelRule(profileWith((p) => (p.tunnel.serverIpv4 = '2001:db8::1')));
    expect(at(problems, 'tunnel.serverIpv4')).toEqual([
      "error: is an IPv6 address; the broker's server IPv4 endpoint is a dotted IPv4 like 192.0.2.1",
    ]);
    expect(
      at(tunnelRule(profileWith((p) => (p.tunnel.localIpv4 = '2001:db8::/64'))), 'tunnel.localIpv4')[0],
    ).toMatch(/is an IPv6 address/);
  });

  it.each(['192.0.2.1/32', '192.0.2', '01.2.3.4', '256.1.1.1', ' 192.0.2.1', 'example.net'])(
    'refuses %j as the server IPv4',
    (value) => {
      expect(at(tunnelRule(profileWith((p) => (p.tunnel.serverIpv4 = value))), 'tunnel.serverIpv4')).toEqual([
        expect.stringMatching(/^error: .*dotted IPv4 like 192\.0\.2\.1$/),
      ]);
    },
  );

  it('warns about a private local address (behind a NAT: protocol 41 must be forwarded)', () => {
    for (const local of ['192.168.1.2', '10.0.0.2', '100.64.1.2']) {
      expect(at(tunnelRule(profileWith((p) => (p.tunnel.localIpv4 = local))), 'tunnel.localIpv4')).toEqual([
        expect.stringMatching(/^warning: .*private address.*IP protocol 41.*public IPv4 address/),
      ]);
    }
  });

  it('warns about a private server address', () => {
    expect(
      at(tunnelRule(profileWith((p) => (p.tunnel.serverIpv4 = '172.16.0.1'))), 'tunnel.serverIpv4'),
    ).toEqual([expect.stringMatching(/^warning: /)]);
  });

  it('refuses the same address at both ends', () => {
    expect(
      at(tunnelRule(profileWith((p) => (p.tunnel.localIpv4 = '192.0.2.1'))), 'tunnel.localIpv4'),
    ).toEqual([expect.stringMatching(/^error: is the same as serverIpv4/)]);
  });
});

describe('tunnelRule: tunnel link', () => {
  it('needs the prefix length on the client address', () => {
    expect(
      at(tunnelRule(profileWith((p) => (p.tunnel.clientIpv6 = '2001:db8:0:1::2'))), 'tunnel.clientIpv6'),
    ).toEqual([expect.stringMatching(/^error: is "2001:db8:0:1::2" \(the \/64 is missing\)/)]);
  });

  it('warns about a length other than 64 and refuses 0 and 128', () => {
    const withClient = (c: string) =>
      at(tunnelRule(profileWith((p) => (p.tunnel.clientIpv6 = c))), 'tunnel.clientIpv6');
    expect(withClient('2001:db8:0:1::2/112')).toEqual([
      expect.stringMatching(/^warning: has the prefix length \/112/),
    ]);
    expect(withClient('2001:db8:0:1::2/128')).toEqual([
      expect.stringMatching(/^error: has the prefix length \/128/),
    ]);
    expect(withClient('2001:db8:0:1::2/0')[0]).toMatch(/^error: has the prefix length \/0/);
  });

  it.each(['fe80::2/64', 'ff02::2/64', '::1/64', '::/64', '::ffff:192.0.2.1/64'])(
    'refuses the non-global client %j',
    (c) => {
      expect(
        at(tunnelRule(profileWith((p) => (p.tunnel.clientIpv6 = c))), 'tunnel.clientIpv6').join('\n'),
      ).toMatch(/not a global unicast address/);
    },
  );

  it('wants the server address inside the tunnel link, without a length, and not the client', () => {
    const withServer = (s: string) =>
      at(tunnelRule(profileWith((p) => (p.tunnel.serverIpv6 = s))), 'tunnel.serverIpv6');
    expect(withServer('2001:db8:0:2::1')).toEqual([
      expect.stringMatching(/outside the tunnel link 2001:db8:0:1::\/64/),
    ]);
    expect(withServer('2001:db8:0:1::1/64')).toEqual([expect.stringMatching(/which has a prefix length/)]);
    expect(withServer('2001:DB8:0:1:0::2')).toEqual([
      expect.stringMatching(/the same as the client address/),
    ]);
    expect(withServer('2001:db8:0:1:0:0:0:1')).toEqual([]);
  });
});

describe('tunnelRule: routed prefix', () => {
  const withRouted = (r: string) =>
    at(tunnelRule(profileWith((p) => (p.tunnel.routedPrefix = r))), 'tunnel.routedPrefix');

  it('accepts a /48, /56 or /64', () => {
    for (const r of ['2001:db8:1::/48', '2001:db8:1:100::/56', '2001:db8:1:2::/64'])
      expect(withRouted(r)).toEqual([]);
  });

  it('says which lengths are valid', () => {
    expect(withRouted('2001:db8:1::/52')).toEqual(['error: is a /52; a routed prefix is a /48, /56 or /64']);
  });

  it('suggests the network form when host bits are set', () => {
    expect(withRouted('2001:db8:1::1/48')).toEqual([
      'error: has host bits set; did you mean 2001:db8:1::/48?',
    ]);
  });

  it('refuses overlap with the tunnel link and explains they are separate blocks', () => {
    const problems = withRouted('2001:db8::/48');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /overlaps the tunnel link 2001:db8:0:1::\/64; the routed prefix is a separate block.*Routed \/64/,
    );
  });

  it('refuses text that is not a prefix', () => {
    expect(withRouted('2001:db8:1::')[0]).toMatch(/give the routed prefix with its length/);
    expect(withRouted('fe80::/64')[0]).toMatch(/not a global unicast prefix/);
  });
});

describe('tunnelRule: numbers and update credentials', () => {
  it('keeps the MTU within 1280–1480 and explains why', () => {
    for (const mtu of [1279, 1481, 1500]) {
      expect(at(tunnelRule(profileWith((p) => (p.tunnel.mtu = mtu))), 'tunnel.mtu')).toEqual([
        `error: is ${mtu}; it must be from 1280 to 1480 — 1480 is 1500 minus the 20-byte IPv4 header; IPv6 needs at least 1280`,
      ]);
    }
    expect(tunnelRule(profileWith((p) => (p.tunnel.mtu = 1280)))).toEqual([]);
  });

  it('keeps the TTL within 1–255', () => {
    expect(at(tunnelRule(profileWith((p) => (p.tunnel.ttl = 0))), 'tunnel.ttl')).toHaveLength(1);
    expect(at(tunnelRule(profileWith((p) => (p.tunnel.ttl = 256))), 'tunnel.ttl')).toHaveLength(1);
  });

  const update = { username: 'alice', tunnelId: '123456', updateKey: { secretRef: 'he-update-key' } };

  it('accepts good update credentials', () => {
    expect(tunnelRule(profileWith((p) => (p.tunnel.update = update)))).toEqual([]);
  });

  it('refuses bad user names, tunnel IDs and secret references', () => {
    const problems = tunnelRule(
      profileWith(
        (p) =>
          (p.tunnel.update = { username: 'al ice', tunnelId: '12a', updateKey: { secretRef: 'key$(id)' } }),
      ),
    );
    expect(at(problems, 'tunnel.update.username')).toHaveLength(1);
    expect(at(problems, 'tunnel.update.tunnelId')).toHaveLength(1);
    expect(at(problems, 'tunnel.update.updateKey.secretRef')).toHaveLength(1);
    expect(
      at(
        tunnelRule(profileWith((p) => (p.tunnel.update = { ...update, tunnelId: '1234567890123' }))),
        'tunnel.update.tunnelId',
      ),
    ).toHaveLength(1);
  });

  it('warns when the secret reference looks like the key itself', () => {
    const problems = tunnelRule(
      profileWith(
        (p) =>
          (p.tunnel.update = { ...update, updateKey: { secretRef: '0123456789abcdef0123456789ABCDEF' } }),
      ),
    );
    expect(at(problems, 'tunnel.update.updateKey.secretRef')).toEqual([
      expect.stringMatching(/^warning: .*must not be stored in the profile/),
    ]);
  });
});
