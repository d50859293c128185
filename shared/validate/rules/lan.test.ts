import { describe, expect, it } from 'vitest';
import { lanRule } from './lan';
import { at, profileWith } from './testing';

describe('lanRule', () => {
  const withSubnet = (routed: string, id: number) =>
    at(
      lanRule(
        profileWith((p) => {
          p.tunnel.routedPrefix = routed;
          p.lan.subnetId = id;
        }),
      ),
      'lan.subnetId',
    );

  it('fits the subnet ID to the routed prefix and says which IDs are valid', () => {
    expect(withSubnet('2001:db8:1::/48', 65535)).toEqual([]);
    expect(withSubnet('2001:db8:1:100::/56', 255)).toEqual([]);
    expect(withSubnet('2001:db8:1:2::/64', 0)).toEqual([]);
    expect(withSubnet('2001:db8:1:2::/64', 1)).toEqual([
      'error: is 1; a /64 holds 1 /64 network, so the subnet ID can be only 0',
    ]);
    expect(withSubnet('2001:db8:1:100::/56', 256)).toEqual([
      'error: is 256; a /56 holds 256 /64 networks, so the subnet ID can be 0–255',
    ]);
    expect(withSubnet('2001:db8:1::/48', 65536)).toEqual([
      'error: is 65536; a /48 holds 65536 /64 networks, so the subnet ID can be 0–65535',
    ]);
  });

  it('stays quiet about the subnet when the routed prefix itself is wrong', () => {
    expect(withSubnet('nonsense', 5)).toEqual([]);
  });

  it('accepts interface IDs in the low 64 bits', () => {
    for (const id of ['::1', '::a:b:c:d', '::ffff:ffff:ffff:ffff']) {
      expect(lanRule(profileWith((p) => (p.lan.routerInterfaceId = id)))).toEqual([]);
    }
  });

  it('refuses IDs beyond 64 bits, non-addresses and the subnet-router anycast ::', () => {
    for (const id of ['1::1', '::1:0:0:0:0', '1', '::1/64', '']) {
      expect(
        at(lanRule(profileWith((p) => (p.lan.routerInterfaceId = id))), 'lan.routerInterfaceId'),
        id,
      ).toEqual([expect.stringMatching(/only the low 64 bits/)]);
    }
    expect(
      at(lanRule(profileWith((p) => (p.lan.routerInterfaceId = '::'))), 'lan.routerInterfaceId'),
    ).toEqual([expect.stringMatching(/subnet-router anycast/)]);
  });
});
