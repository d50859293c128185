import { describe, expect, it } from 'vitest';
import type { Profile } from '../../profile/types';
import { dhcpv6Rule } from './dhcpv6';
import { at, profileWith } from './testing';

const stateful = (change: (p: Profile) => void = () => undefined): Profile =>
  profileWith((p) => {
    p.dhcpv6.mode = 'stateful';
    change(p);
  });

describe('dhcpv6Rule: server choice', () => {
  it('says ISC dhcpd is end of life and names Kea', () => {
    expect(at(dhcpv6Rule(profileWith((p) => (p.dhcpv6.server = 'isc-dhcpd'))), 'dhcpv6.server')).toEqual([
      "warning: is isc-dhcpd: ISC dhcpd reached end of life in 2022; Kea is ISC's maintained successor",
    ]);
  });

  it('says WIDE dhcp6s is unmaintained', () => {
    expect(at(dhcpv6Rule(profileWith((p) => (p.dhcpv6.server = 'wide-dhcp6s'))), 'dhcpv6.server')).toEqual([
      expect.stringMatching(/^warning: .*unmaintained since 2008; Kea or dnsmasq are maintained/),
    ]);
  });

  it('is quiet about Kea and dnsmasq', () => {
    expect(dhcpv6Rule(stateful((p) => (p.dhcpv6.server = 'dnsmasq')))).toEqual([]);
    expect(dhcpv6Rule(stateful())).toEqual([]);
  });
});

describe('dhcpv6Rule: pool', () => {
  it('refuses a pool outside the LAN /64 in stateful mode', () => {
    expect(
      at(dhcpv6Rule(stateful((p) => (p.dhcpv6.poolEnd = '2001:db8:1:1::1fff'))), 'dhcpv6.poolEnd'),
    ).toEqual([expect.stringMatching(/^error: is 2001:db8:1:1::1fff, outside the LAN 2001:db8:1::\/64/)]);
  });

  it('does not judge where the pool is when no addresses are handed out, but still wants addresses', () => {
    expect(dhcpv6Rule(profileWith((p) => (p.dhcpv6.poolEnd = '2001:db8:9::1')))).toEqual([]);
    expect(
      at(dhcpv6Rule(profileWith((p) => (p.dhcpv6.poolEnd = '2001:db8::1;reboot'))), 'dhcpv6.poolEnd'),
    ).toHaveLength(1);
  });

  it('wants start ≤ end, compared as 128-bit numbers', () => {
    const problems = dhcpv6Rule(
      stateful((p) => {
        p.dhcpv6.poolStart = '2001:db8:1::ffff:0:0:2';
        p.dhcpv6.poolEnd = '2001:db8:1::1';
      }),
    );
    expect(at(problems, 'dhcpv6.poolEnd')).toEqual([expect.stringMatching(/before poolStart/)]);
  });

  it("refuses a pool that contains the router's address", () => {
    expect(
      at(dhcpv6Rule(stateful((p) => (p.dhcpv6.poolStart = '2001:db8:1::'))), 'dhcpv6.poolStart'),
    ).toEqual([expect.stringMatching(/contains the router's own address 2001:db8:1::1/)]);
  });
});

describe('dhcpv6Rule: lease times', () => {
  it('names both values when min is above default (the seed config mistake)', () => {
    const problems = dhcpv6Rule(
      stateful((p) => {
        p.dhcpv6.leaseTimes = {
          preferredSeconds: 1000,
          minSeconds: 4000,
          defaultSeconds: 1800,
          maxSeconds: 7200,
        };
      }),
    );
    expect(at(problems, 'dhcpv6.leaseTimes.minSeconds')).toEqual([
      'error: (4000) is above defaultSeconds (1800): min ≤ default ≤ max',
    ]);
  });

  it('checks default ≤ max, preferred ≤ default and default > 0', () => {
    const withTimes = (t: Profile['dhcpv6']['leaseTimes']) =>
      dhcpv6Rule(stateful((p) => (p.dhcpv6.leaseTimes = t)));
    expect(
      at(
        withTimes({ preferredSeconds: 100, minSeconds: 100, defaultSeconds: 9000, maxSeconds: 7200 }),
        'dhcpv6.leaseTimes.maxSeconds',
      ),
    ).toHaveLength(1);
    expect(
      at(
        withTimes({ preferredSeconds: 5000, minSeconds: 100, defaultSeconds: 4000, maxSeconds: 7200 }),
        'dhcpv6.leaseTimes.preferredSeconds',
      ),
    ).toHaveLength(1);
    expect(
      at(
        withTimes({ preferredSeconds: 0, minSeconds: 0, defaultSeconds: 0, maxSeconds: 0 }),
        'dhcpv6.leaseTimes.defaultSeconds',
      ),
    ).toHaveLength(1);
  });
});

describe('dhcpv6Rule: preferred lifetime within the shortest valid lifetime (Kea, dhcpd)', () => {
  const times = { preferredSeconds: 3000, minSeconds: 1800, defaultSeconds: 4000, maxSeconds: 7200 };
  it('refuses preferred above min for the servers that clamp a hint to min, naming both fixes', () => {
    for (const server of ['kea', 'isc-dhcpd'] as const) {
      const problems = dhcpv6Rule(
        stateful((p) => {
          p.dhcpv6.server = server;
          p.dhcpv6.leaseTimes = { ...times };
        }),
      );
      expect(at(problems, 'dhcpv6.leaseTimes.preferredSeconds'), server).toEqual([
        'error: (3000) is above minSeconds (1800): a client given the shortest lease would get a preferred lifetime longer than its valid lifetime and drop the address (RFC 8415 §21.6); use at most 1800, or raise minSeconds to 3000 or more',
      ]);
    }
  });

  it('is quiet for dnsmasq and dhcp6s (no minimum lease) and when no addresses are handed out', () => {
    for (const server of ['dnsmasq', 'wide-dhcp6s'] as const)
      expect(
        at(
          dhcpv6Rule(stateful((p) => ((p.dhcpv6.server = server), (p.dhcpv6.leaseTimes = { ...times })))),
          'dhcpv6.leaseTimes.preferredSeconds',
        ),
      ).toEqual([]);
    expect(
      at(
        dhcpv6Rule(profileWith((p) => ((p.dhcpv6.mode = 'stateless'), (p.dhcpv6.leaseTimes = { ...times })))),
        'dhcpv6.leaseTimes.preferredSeconds',
      ),
    ).toEqual([]);
  });
});

describe('dhcpv6Rule: DNS and the M/O flags', () => {
  it('checks DNS servers and search domains', () => {
    const problems = dhcpv6Rule(
      stateful((p) => {
        p.dhcpv6.dnsServers = ['2001:db8:1::53', 'ff02::1'];
        p.dhcpv6.domainSearch = ['home.example', 'bad domain'];
      }),
    );
    expect(at(problems, 'dhcpv6.dnsServers[1]')).toHaveLength(1);
    expect(at(problems, 'dhcpv6.domainSearch[1]')).toHaveLength(1);
    expect(problems).toHaveLength(2);
  });

  it('warns when a DHCPv6 mode that gives DNS has no DNS server anywhere', () => {
    for (const mode of ['stateless', 'stateful'] as const) {
      const problems = dhcpv6Rule(
        profileWith((p) => {
          p.dhcpv6.mode = mode;
          p.ra.rdnss = [];
        }),
      );
      expect(at(problems, 'dhcpv6.dnsServers'), mode).toEqual([expect.stringMatching(/would get none/)]);
    }
  });

  it('warns that dnsServers are not sent in mode none, and that no DNS reaches clients without RDNSS', () => {
    expect(
      at(dhcpv6Rule(profileWith((p) => (p.dhcpv6.dnsServers = ['2001:db8:1::53']))), 'dhcpv6.dnsServers'),
    ).toEqual([expect.stringMatching(/^warning: are not sent: mode is none/)]);
    expect(at(dhcpv6Rule(profileWith((p) => (p.ra.rdnss = []))), 'ra.rdnss')).toEqual([
      expect.stringMatching(/^warning: .*clients get no IPv6 DNS server/),
    ]);
  });
});

describe('dhcpv6Rule: reservations', () => {
  const nas = { name: 'nas', duid: '00:03:00:01:52:54:00:12:34:56', address: '2001:db8:1::20' };
  const withReservations = (...r: Profile['dhcpv6']['reservations']) =>
    dhcpv6Rule(stateful((p) => (p.dhcpv6.reservations = r)));

  it('accepts a good reservation', () => {
    expect(
      withReservations(nas, {
        ...nas,
        name: 'pc',
        duid: '00:03:00:01:52:54:00:12:34:57',
        address: '2001:db8:1::21',
      }),
    ).toEqual([]);
  });

  it('accepts an IAID up to 2^32-1 but says no server matches on it', () => {
    const problems = withReservations(nas, {
      ...nas,
      name: 'pc',
      duid: '00:03:00:01:52:54:00:12:34:57',
      address: '2001:db8:1::21',
      iaid: 4294967295,
    });
    expect(problems.map((p) => `${p.path} ${p.severity}: ${p.message}`)).toEqual([
      expect.stringMatching(/^dhcpv6\.reservations\[1\]\.iaid warning: is kept as a note only/),
    ]);
  });

  it('warns that reservations are unused outside stateful mode, but still checks them', () => {
    const problems = dhcpv6Rule(profileWith((p) => (p.dhcpv6.reservations = [{ ...nas, name: 'n a s' }])));
    expect(at(problems, 'dhcpv6.reservations')).toEqual([expect.stringMatching(/^warning: are unused/)]);
    expect(at(problems, 'dhcpv6.reservations[0].name')).toHaveLength(1);
  });

  it.each(['-nas', 'nas-', 'n_as', 'nas.lan', '', 'a'.repeat(64)])('refuses the host name %j', (name) => {
    expect(at(withReservations({ ...nas, name }), 'dhcpv6.reservations[0].name')).toEqual([
      expect.stringMatching(/a host name is 1–63/),
    ]);
  });

  it('checks the DUID and the IAID', () => {
    expect(at(withReservations({ ...nas, duid: 'nope' }), 'dhcpv6.reservations[0].duid')).toHaveLength(1);
    expect(at(withReservations({ ...nas, iaid: 4294967296 }), 'dhcpv6.reservations[0].iaid')).toHaveLength(1);
    expect(at(withReservations({ ...nas, iaid: -1 }), 'dhcpv6.reservations[0].iaid')).toHaveLength(1);
  });

  it('places the address inside the LAN, away from the router and outside the pool', () => {
    const addr = (address: string) =>
      at(withReservations({ ...nas, address }), 'dhcpv6.reservations[0].address');
    expect(addr('2001:db8:2::20')).toEqual([expect.stringMatching(/^error: .*outside the LAN/)]);
    expect(addr('2001:db8:1::1')).toEqual([expect.stringMatching(/^error: .*the router's own LAN address/)]);
    expect(addr('2001:db8:1::1234')).toEqual([expect.stringMatching(/^warning: .*inside the pool/)]);
    expect(addr('::1')).toEqual([expect.stringMatching(/^error: .*loopback/)]);
  });

  it('wants names, DUIDs and addresses unique across reservations', () => {
    const other = { name: 'pc', duid: '00:03:00:01:52:54:00:12:34:57', address: '2001:db8:1::21' };
    expect(at(withReservations(nas, { ...other, name: 'NAS' }), 'dhcpv6.reservations[1].name')).toEqual([
      'error: the name NAS is already used by reservations[0]; each reservation needs its own',
    ]);
    expect(
      at(withReservations(nas, { ...other, duid: nas.duid.toUpperCase() }), 'dhcpv6.reservations[1].duid'),
    ).toHaveLength(1);
    expect(
      at(withReservations(nas, { ...other, address: '2001:db8:1:0::20' }), 'dhcpv6.reservations[1].address'),
    ).toHaveLength(1);
  });
});
