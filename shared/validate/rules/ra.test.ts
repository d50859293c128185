import { describe, expect, it } from 'vitest';
import { raRule } from './ra';
import { at, profileWith } from './testing';

describe('raRule: timing (RFC 4861)', () => {
  it('keeps maxIntervalSeconds within 4–1800', () => {
    expect(at(raRule(profileWith((p) => (p.ra.maxIntervalSeconds = 3))), 'ra.maxIntervalSeconds')).toEqual([
      'error: is 3; RFC 4861 allows 4 to 1800 seconds',
    ]);
    expect(
      at(raRule(profileWith((p) => (p.ra.maxIntervalSeconds = 1801))), 'ra.maxIntervalSeconds'),
    ).toHaveLength(1);
  });

  it('keeps minIntervalSeconds within 3 and 0.75 × max', () => {
    const withMin = (min: number) =>
      at(raRule(profileWith((p) => (p.ra.minIntervalSeconds = min))), 'ra.minIntervalSeconds');
    expect(withMin(90)).toEqual([]);
    expect(withMin(91)).toEqual(['error: is 91; it must be from 3 to 0.75 × maxIntervalSeconds (90)']);
    expect(withMin(2)).toHaveLength(1);
  });

  it('wants defaultLifetimeSeconds 0 or from max to 9000', () => {
    const withLifetime = (l: number) =>
      at(raRule(profileWith((p) => (p.ra.defaultLifetimeSeconds = l))), 'ra.defaultLifetimeSeconds');
    expect(withLifetime(0)).toEqual([]);
    expect(withLifetime(120)).toEqual([]);
    expect(withLifetime(9000)).toEqual([]);
    expect(withLifetime(119)).toHaveLength(1);
    expect(withLifetime(9001)).toHaveLength(1);
  });

  it('keeps the link MTU at 0 or 1280 up to the tunnel MTU', () => {
    const withMtu = (mtu: number, tunnel = 1480) =>
      at(
        raRule(
          profileWith((p) => {
            p.ra.linkMtu = mtu;
            p.tunnel.mtu = tunnel;
          }),
        ),
        'ra.linkMtu',
      );
    expect(withMtu(0)).toEqual([]);
    expect(withMtu(1280)).toEqual([]);
    expect(withMtu(1279)).toHaveLength(1);
    expect(withMtu(1480, 1472)).toEqual([
      'error: is 1480, larger than the tunnel MTU (1472); packets that size would be dropped at the tunnel — use at most 1472',
    ]);
  });

  it('wants preferred ≤ valid lifetime and a non-zero valid lifetime', () => {
    expect(
      at(raRule(profileWith((p) => (p.ra.preferredLifetimeSeconds = 86401))), 'ra.preferredLifetimeSeconds'),
    ).toHaveLength(1);
    expect(
      at(raRule(profileWith((p) => (p.ra.validLifetimeSeconds = 0))), 'ra.validLifetimeSeconds'),
    ).toHaveLength(1);
  });
});

describe('raRule: RDNSS and DNSSL (RFC 8106)', () => {
  const withRdnss = (...rdnss: string[]) => raRule(profileWith((p) => (p.ra.rdnss = rdnss)));

  it('accepts the broker resolver and the router itself', () => {
    expect(withRdnss('2001:470:20::2', '2001:db8:1::1')).toEqual([]);
  });

  it('refuses ::1 and says why', () => {
    expect(at(withRdnss('::1'), 'ra.rdnss[0]')).toEqual([
      'error: is ::1, the loopback address, which would point every host at itself; give a unicast address, e.g. 2001:db8::53',
    ]);
  });

  it.each([
    ['ff02::fb', /multicast/],
    ['::', /unspecified/],
    ['8.8.8.8', /an IPv4 address; an IPv6 address is needed/],
    ['2001:db8::53/128', /has a prefix length/],
    ['::ffff:8.8.8.8', /IPv4-mapped/],
    ['dns.example', /not an IPv6 address/],
  ])('refuses %j', (value, message) => {
    expect(at(withRdnss(value), 'ra.rdnss[0]')).toEqual([expect.stringMatching(message)]);
  });

  it('warns about a link-local server', () => {
    expect(at(withRdnss('fe80::1'), 'ra.rdnss[0]')).toEqual([
      expect.stringMatching(/^warning: .*link-local/),
    ]);
  });

  it('warns about a server in another subnet of the routed prefix', () => {
    expect(at(withRdnss('2001:db8:1:5::53'), 'ra.rdnss[0]')).toEqual([
      expect.stringMatching(/^warning: .*inside the routed prefix but outside the LAN 2001:db8:1::\/64/),
    ]);
  });

  it('warns about a tunnel-link address other than the server', () => {
    expect(at(withRdnss('2001:db8:0:1::5'), 'ra.rdnss[0]')).toEqual([
      expect.stringMatching(/^warning: .*on the tunnel link/),
    ]);
    expect(withRdnss('2001:db8:0:1::1')).toEqual([]);
  });

  it('warns beyond three servers and about repeats', () => {
    expect(
      at(withRdnss('2001:db8::1', '2001:db8::2', '2001:db8::3', '2001:db8::4'), 'ra.rdnss'),
    ).toHaveLength(1);
    expect(at(withRdnss('2001:db8::1', '2001:DB8::1'), 'ra.rdnss[1]')).toEqual([
      expect.stringMatching(/^warning: is 2001:db8::1 again/),
    ]);
  });

  it('checks search domains as DNS names', () => {
    const withDnssl = (d: string) => at(raRule(profileWith((p) => (p.ra.dnssl = [d]))), 'ra.dnssl[0]');
    expect(withDnssl('home.example.org')).toEqual([]);
    expect(withDnssl('lan')).toEqual([]);
    for (const bad of [
      '-a.example',
      'a-.example',
      'a..b',
      'a b',
      'a_b.example',
      `${'a'.repeat(64)}.example`,
      'x;reboot',
      '',
    ]) {
      expect(withDnssl(bad), bad).toEqual([expect.stringMatching(/a domain name is labels of 1–63/)]);
    }
    expect(withDnssl('home.example.')[0]).toMatch(/without the final dot: home\.example/);
  });
});
