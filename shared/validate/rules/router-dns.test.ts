import { describe, expect, it } from 'vitest';
import { routerDnsRule } from './router-dns';
import { at, profileWith } from './testing';

describe('routerDnsRule: the router named as DNS server needs a resolver behind it', () => {
  it('refuses the router LAN address in the RA when no DNS server runs there, naming the field and the ways out', () => {
    const problems = routerDnsRule(profileWith((p) => (p.ra.rdnss = ['2001:db8:1::1'])));
    expect(at(problems, 'ra.rdnss[0]')).toEqual([
      expect.stringMatching(
        /^error: is 2001:db8:1::1, this router itself, but no DNS server runs on it: .*Choose dnsmasq, name another DNS server \(for a Hurricane Electric tunnel, 2001:470:20::2\), or, .* add DNS \(port 53\) under the firewall's router services$/,
      ),
    ]);
  });

  it("refuses DHCPv6's list naming the router's tunnel address, in any spelling", () => {
    const problems = routerDnsRule(
      profileWith((p) => {
        p.dhcpv6.mode = 'stateless';
        p.dhcpv6.server = 'kea';
        p.dhcpv6.dnsServers = ['2001:DB8:0:1:0::2'];
      }),
    );
    expect(at(problems, 'dhcpv6.dnsServers[0]')).toEqual([
      expect.stringMatching(/^error: is 2001:db8:0:1::2, this router/),
    ]);
  });

  it('accepts it with dnsmasq as the DHCPv6 server, or with port 53 opened for a resolver of the person', () => {
    const withDnsmasq = profileWith((p) => {
      p.ra.rdnss = ['2001:db8:1::1'];
      p.dhcpv6.mode = 'stateless';
      p.dhcpv6.server = 'dnsmasq';
    });
    expect(routerDnsRule(withDnsmasq)).toEqual([]);
    const own = profileWith((p) => {
      p.ra.rdnss = ['2001:db8:1::1'];
      p.firewall.routerServices = [{ name: 'unbound', protocol: 'udp', port: 53 }];
    });
    expect(routerDnsRule(own)).toEqual([]);
  });

  it('does not look at DHCPv6 DNS servers when no DHCPv6 server runs, nor at other addresses', () => {
    expect(routerDnsRule(profileWith((p) => (p.dhcpv6.dnsServers = ['2001:db8:1::1'])))).toEqual([]);
    expect(routerDnsRule(profileWith((p) => (p.ra.rdnss = ['2001:db8:1::53'])))).toEqual([]);
  });
});
