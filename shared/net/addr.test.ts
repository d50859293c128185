import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addressIn,
  isPrivateV4,
  parseGlobalV6,
  maskBig,
  nthSubnet64,
  parseInterfaceId,
  parseV4,
  parseV6,
  parseV6Interface,
  parseV6Prefix,
  parseV6Source,
  prefixContains,
  prefixesOverlap,
  subnetCount,
  v6FromBig,
  v6Kind,
  v6ToBig,
  type V6Prefix,
} from './addr';

const prefix = (text: string): V6Prefix => {
  const p = parseV6Prefix(text);
  if (!p) throw new Error(`test prefix ${text} did not parse`);
  return p;
};

const HOSTILE = [
  '',
  ' ',
  '2001:db8::1 ',
  '2001:db8::1\n',
  '2001:db8::1%eth0',
  'fe80::1%25eth0',
  '2001:db8::1;reboot',
  '$(id)',
  '`id`',
  '2001:db8::1\u0000',
  '\u202e2001:db8::1',
  '2001:db8::\u200b1',
  '１２３.1.1.1',
  '::::',
  ':::1',
  '1:2:3:4:5:6:7:8:9',
  'g::1',
  '2001:db8::/',
  '2001:db8::/-1',
  '2001:db8::/0x40',
  '2001:db8::/ 64',
  '2001:db8::/064',
  '2001:db8::/129',
  '192.0.2.1/33',
  '1'.repeat(10_000),
  ':'.repeat(10_000),
  'constructor',
  '__proto__',
];

describe('parseV6', () => {
  it('returns the canonical form (RFC 5952)', () => {
    expect(parseV6('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(parseV6('::')).toBe('::');
    expect(parseV6('fe80::1')).toBe('fe80::1');
  });

  it('refuses prefixes, zones, IPv4 and non-strings', () => {
    for (const v of ['2001:db8::1/64', 'fe80::1%eth0', '192.0.2.1', 42, null, undefined, {}, ['::1']])
      expect(parseV6(v)).toBeUndefined();
  });
});

describe('parseV4', () => {
  it('accepts dotted quads only', () => {
    expect(parseV4('192.0.2.1')).toBe('192.0.2.1');
    for (const v of ['192.0.2', '192.0.2.256', '01.2.3.4', '192.0.2.1/24', '::1', ' 192.0.2.1', 3232235777])
      expect(parseV4(v)).toBeUndefined();
  });
});

describe('parseV6Interface / parseV6Prefix / parseV6Source', () => {
  it('keeps the host part of an interface address', () => {
    expect(parseV6Interface('2001:DB8:0:1::2/64')).toEqual({ address: '2001:db8:0:1::2', length: 64 });
    expect(parseV6Interface('2001:db8::2')).toBeUndefined();
    expect(parseV6Interface('2001:db8::2/129')).toBeUndefined();
  });

  it('reports host bits instead of clearing them silently', () => {
    expect(parseV6Prefix('2001:db8:1::/48')).toMatchObject({
      network: '2001:db8:1::',
      length: 48,
      hadHostBits: false,
    });
    expect(parseV6Prefix('2001:db8:1::1/48')).toMatchObject({
      network: '2001:db8:1::',
      length: 48,
      hadHostBits: true,
    });
    expect(parseV6Prefix('2001:db8:1::')).toBeUndefined();
    expect(parseV6Prefix('192.0.2.0/24')).toBeUndefined();
  });

  it('gives firewall sources as ADDRESS/LEN', () => {
    expect(parseV6Source('2001:db8::10')).toBe('2001:db8::10/128');
    expect(parseV6Source('2001:db8:5::7/48')).toBe('2001:db8:5::/48');
    expect(parseV6Source('192.0.2.1')).toBeUndefined();
  });
});

describe('subnetting', () => {
  it('carves the 65536th /64 out of a /48 without losing bits', () => {
    const routed = prefix('2001:db8:1::/48');
    expect(subnetCount(routed)).toBe(65536n);
    expect(nthSubnet64(routed, 0)?.network).toBe('2001:db8:1::');
    expect(nthSubnet64(routed, 1)?.network).toBe('2001:db8:1:1::');
    expect(nthSubnet64(routed, 65535)?.network).toBe('2001:db8:1:ffff::');
    expect(nthSubnet64(routed, 65535)?.networkBig).toBe(v6ToBig('2001:db8:1:ffff::'));
    expect(nthSubnet64(routed, 65536)).toBeUndefined();
  });

  it('fits the subnet ID to /56 and /64', () => {
    expect(nthSubnet64(prefix('2001:db8:1:100::/56'), 255)?.network).toBe('2001:db8:1:1ff::');
    expect(nthSubnet64(prefix('2001:db8:1:100::/56'), 256)).toBeUndefined();
    expect(nthSubnet64(prefix('2001:db8:1:2::/64'), 0)?.network).toBe('2001:db8:1:2::');
    expect(nthSubnet64(prefix('2001:db8:1:2::/64'), 1)).toBeUndefined();
    expect(nthSubnet64(prefix('2001:db8:1:2::/80'), 0)).toBeUndefined();
  });

  it('refuses subnet IDs that are not safe non-negative integers', () => {
    const routed = prefix('2001:db8:1::/48');
    for (const id of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, Number.MAX_SAFE_INTEGER + 1])
      expect(nthSubnet64(routed, id)).toBeUndefined();
  });

  it('builds addresses from a /64 and an interface ID', () => {
    const lan = prefix('2001:db8:1:ffff::/64');
    expect(addressIn(lan, 1n)).toBe('2001:db8:1:ffff::1');
    expect(parseInterfaceId('::a:b:c:d')).toBe(0x000a000b000c000dn);
    expect(parseInterfaceId('1::1')).toBeUndefined();
  });

  it('masks and converts 128-bit values', () => {
    expect(maskBig(0)).toBe(0n);
    expect(maskBig(128)).toBe((1n << 128n) - 1n);
    expect(v6FromBig(maskBig(16))).toBe('ffff::');
    expect(() => v6ToBig('nope')).toThrow();
  });
});

describe('prefixContains / prefixesOverlap', () => {
  it('knows what is inside a prefix', () => {
    const lan = prefix('2001:db8:1::/64');
    expect(prefixContains(lan, '2001:db8:1::ffff')).toBe(true);
    expect(prefixContains(lan, '2001:db8:1:1::')).toBe(false);
    expect(prefixContains(lan, 'not an address')).toBe(false);
  });

  it('finds overlap in both directions and only then', () => {
    expect(prefixesOverlap(prefix('2001:db8::/48'), prefix('2001:db8:0:1::/64'))).toBe(true);
    expect(prefixesOverlap(prefix('2001:db8:0:1::/64'), prefix('2001:db8::/48'))).toBe(true);
    expect(prefixesOverlap(prefix('2001:db8:1::/48'), prefix('2001:db8:0:1::/64'))).toBe(false);
    expect(prefixesOverlap(prefix('2001:db8:1::/64'), prefix('2001:db8:1::/64'))).toBe(true);
  });
});

describe('v6Kind / isPrivateV4', () => {
  it('classifies addresses by value, whatever the text form', () => {
    expect(v6Kind('fe80::1')?.linkLocal).toBe(true);
    expect(v6Kind('febf::1')?.linkLocal).toBe(true);
    expect(v6Kind('::1')).toMatchObject({ loopback: true, linkLocal: false });
    expect(v6Kind('ff02::1')).toMatchObject({ multicast: true, linkLocal: false });
    expect(v6Kind('::')?.unspecified).toBe(true);
    expect(v6Kind('fd00::1')?.ula).toBe(true);
    expect(v6Kind('::ffff:192.0.2.1')?.v4Mapped).toBe(true);
    expect(v6Kind('::ffff:c000:201')?.v4Mapped).toBe(true);
    expect(v6Kind('2001:db8::1')).toEqual({
      linkLocal: false,
      multicast: false,
      loopback: false,
      unspecified: false,
      ula: false,
      v4Mapped: false,
    });
  });

  it('knows private and shared IPv4 ranges', () => {
    for (const a of ['10.1.2.3', '172.16.0.1', '192.168.1.1', '100.64.0.1'])
      expect(isPrivateV4(a)).toBe(true);
    for (const a of ['192.0.2.1', '8.8.8.8', 'nonsense']) expect(isPrivateV4(a)).toBe(false);
  });
});

describe('hostile input', () => {
  it.each(HOSTILE)('%j is refused by every parser without throwing', (text) => {
    expect(parseV6(text)).toBeUndefined();
    expect(parseV6Interface(text)).toBeUndefined();
    expect(parseV6Prefix(text)).toBeUndefined();
    expect(parseV6Source(text)).toBeUndefined();
    expect(parseInterfaceId(text)).toBeUndefined();
    expect(v6Kind(text)).toBeUndefined();
    expect(parseV4(text)).toBeUndefined();
    expect(isPrivateV4(text)).toBe(false);
    expect(prefixContains(prefix('2001:db8::/32'), text)).toBe(false);
  });

  it('never throws and never accepts a string with characters outside the address alphabet', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 80 }), (text) => {
        const results = [
          parseV6(text),
          parseV6Interface(text),
          parseV6Prefix(text),
          parseV6Source(text),
          parseInterfaceId(text),
          parseV4(text),
          v6Kind(text),
        ];
        if (!/^[0-9a-fA-F:./]*$/.test(text)) expect(results.every((r) => r === undefined)).toBe(true);
        isPrivateV4(text);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips every 128-bit value through text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (value) => {
        const text = v6FromBig(value);
        expect(parseV6(text)).toBe(text);
        expect(v6ToBig(text)).toBe(value);
      }),
    );
  });

  it('takes only global unicast addresses as an outside address to ping', () => {
    expect(parseGlobalV6('2001:4860:4860::8888')).toBe('2001:4860:4860::8888');
    expect(parseGlobalV6('2001:DB8:EEEE:0::1')).toBe('2001:db8:eeee::1');
    expect(parseGlobalV6('3fff:ffff::1')).toBe('3fff:ffff::1');
    for (const not of [
      '4000::1',
      '1fff::1',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '::1',
      '::',
      'ipv6.google.com',
      '2001:db8::1/64',
      '192.0.2.1',
      '',
      42,
    ])
      expect(parseGlobalV6(not), String(not)).toBeUndefined();
  });
});
