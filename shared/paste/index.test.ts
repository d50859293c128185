import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseV4, parseV6, parseV6Interface, parseV6Prefix } from '../net/addr';
import { isInterfaceName } from '../validate/names';
import { parseBrokerPaste } from './index';
import {
  DETAILS_PAGE_SAMPLE,
  IPROUTE2_SAMPLE,
  NETPLAN_SAMPLE,
  NET_TOOLS_SAMPLE,
  SAMPLE_TUNNEL,
} from './samples';

/** The same text the way it arrives from a Windows browser, a terminal and a tab-indenting editor. */
function roughen(text: string): string {
  return text
    .split('\n')
    .map((line, i) => (i % 2 === 0 ? `\t${line}  ` : line))
    .join('\r\n\r\n');
}

describe('Hurricane Electric iproute2 example', () => {
  it('reads every field and derives the broker address from the ::2 client and the route through the tunnel', () => {
    const result = parseBrokerPaste(IPROUTE2_SAMPLE);
    expect(result).toEqual({
      format: 'he-iproute2',
      fields: {
        serverIpv4: '192.0.2.1',
        localIpv4: '198.51.100.20',
        clientIpv6: '2001:db8:0:1::2/64',
        serverIpv6: '2001:db8:0:1::1',
        interface: 'he-ipv6',
        ttl: 255,
      },
      recognised: ['serverIpv4', 'localIpv4', 'clientIpv6', 'serverIpv6', 'interface', 'ttl'],
      unrecognised: [],
      conflicts: [],
    });
  });

  it('reads the same with CRLF, blank lines, tabs, trailing spaces and copied prompts', () => {
    const prompts = ['$ ', '# ', 'root@gw:~# ', '[admin@gw ~]$ sudo ', '% ', ''];
    const text = IPROUTE2_SAMPLE.split('\n')
      .map((line, i) => `${prompts[i % prompts.length] ?? ''}${line}`)
      .join('\n');
    expect(parseBrokerPaste(roughen(text))).toEqual(parseBrokerPaste(IPROUTE2_SAMPLE));
  });

  it('does not invent the broker address when the client is not ::2', () => {
    const text = IPROUTE2_SAMPLE.replace('2001:db8:0:1::2/64', '2001:db8:0:1::5/64');
    const result = parseBrokerPaste(text);
    expect(result.fields.clientIpv6).toBe('2001:db8:0:1::5/64');
    expect(result.fields.serverIpv6).toBeUndefined();
    expect(result.recognised).not.toContain('serverIpv6');
  });

  it('does not invent the broker address without a default route through the tunnel', () => {
    const text = IPROUTE2_SAMPLE.replace('ip route add ::/0 dev he-ipv6', '');
    expect(parseBrokerPaste(text).fields.serverIpv6).toBeUndefined();
  });

  it('takes a stated gateway as the broker address, also with -6 and `default`', () => {
    const text = IPROUTE2_SAMPLE.replace(
      'ip route add ::/0 dev he-ipv6',
      'ip -6 route add default via 2001:db8:0:1::9 dev he-ipv6',
    );
    expect(parseBrokerPaste(text).fields.serverIpv6).toBe('2001:db8:0:1::9');
  });

  it('refuses an IPv4 default route (no -6) instead of reading it as the IPv6 one', () => {
    const text = IPROUTE2_SAMPLE.replace('ip route add ::/0 dev he-ipv6', 'ip route add default dev he-ipv6');
    const result = parseBrokerPaste(text);
    expect(result.unrecognised).toEqual(['ip route add default dev he-ipv6']);
    expect(result.fields.serverIpv6).toBeUndefined();
  });

  it('refuses a tunnel that is not sit, but keeps the readable values of the line', () => {
    const text = IPROUTE2_SAMPLE.replace('mode sit', 'mode gre');
    const result = parseBrokerPaste(text);
    expect(result.unrecognised).toEqual([
      'ip tunnel add he-ipv6 mode gre remote 192.0.2.1 local 198.51.100.20 ttl 255',
    ]);
    expect(result.fields.serverIpv4).toBe('192.0.2.1');
  });

  it('reads the MTU from `ip link set … mtu`, and leaves `local any` unfilled', () => {
    const text = IPROUTE2_SAMPLE.replace(
      'ip link set he-ipv6 up',
      'ip link set dev he-ipv6 up mtu 1472',
    ).replace('local 198.51.100.20', 'local any');
    const result = parseBrokerPaste(text);
    expect(result.fields.mtu).toBe(1472);
    expect(result.fields.localIpv4).toBeUndefined();
    expect(result.unrecognised).toEqual([]);
  });

  it('reports an address added to another device as a conflict and derives nothing', () => {
    const text = IPROUTE2_SAMPLE.replace('dev he-ipv6\nip route', 'dev sit1\nip route');
    const result = parseBrokerPaste(text);
    expect(result.fields.interface).toBeUndefined();
    expect(result.fields.serverIpv6).toBeUndefined();
    expect(result.conflicts).toHaveLength(1);
    expect(result.conflicts[0]).toContain('tunnel interface name');
    expect(result.conflicts[0]).toContain('"he-ipv6" (line 2)');
    expect(result.conflicts[0]).toContain('"sit1" (line 4)');
  });
});

describe('Hurricane Electric net-tools example', () => {
  it('reads the server from ::V4, the tunnel as sit1, and states no local address', () => {
    expect(parseBrokerPaste(NET_TOOLS_SAMPLE)).toEqual({
      format: 'he-net-tools',
      fields: {
        serverIpv4: '192.0.2.1',
        clientIpv6: '2001:db8:0:1::2/64',
        serverIpv6: '2001:db8:0:1::1',
        interface: 'sit1',
      },
      recognised: ['serverIpv4', 'clientIpv6', 'serverIpv6', 'interface'],
      unrecognised: [],
      conflicts: [],
    });
  });

  it('reads the same from a rough paste', () => {
    const text = roughen(NET_TOOLS_SAMPLE.replace(/^/gm, '$ sudo '));
    expect(parseBrokerPaste(text)).toEqual(parseBrokerPaste(NET_TOOLS_SAMPLE));
  });

  it('refuses an endpoint that is not ::IPv4 and an address on sit0', () => {
    const text = NET_TOOLS_SAMPLE.replace('tunnel ::192.0.2.1', 'tunnel 192.0.2.1').replace(
      'ifconfig sit1 inet6 add',
      'ifconfig sit0 inet6 add',
    );
    const result = parseBrokerPaste(text);
    expect(result.fields.serverIpv4).toBeUndefined();
    expect(result.unrecognised).toEqual([
      'ifconfig sit0 inet6 tunnel 192.0.2.1',
      'ifconfig sit0 inet6 add 2001:db8:0:1::2/64',
    ]);
  });
});

describe('Hurricane Electric netplan example', () => {
  it('reads the tunnel, its address and the default route gateway', () => {
    expect(parseBrokerPaste(NETPLAN_SAMPLE)).toEqual({
      format: 'he-netplan',
      fields: {
        serverIpv4: '192.0.2.1',
        localIpv4: '198.51.100.20',
        clientIpv6: '2001:db8:0:1::2/64',
        serverIpv6: '2001:db8:0:1::1',
        interface: 'he-ipv6',
      },
      recognised: ['serverIpv4', 'localIpv4', 'clientIpv6', 'serverIpv6', 'interface'],
      unrecognised: [],
      conflicts: [],
    });
  });

  it('reads gateway6, a flow list, items at the key column, comments, mtu/ttl and CRLF', () => {
    const text = [
      '# /etc/netplan/99-he.yaml',
      'network:',
      '  version: 2',
      '  renderer: networkd',
      '  tunnels:',
      '    he-ipv6:   # the broker tunnel',
      '      mode: sit',
      "      remote: '192.0.2.1'",
      '      local: 198.51.100.20',
      '      addresses: ["2001:db8:0:1::2/64"]',
      '      gateway6: 2001:db8:0:1::1',
      '      mtu: 1480',
      '      ttl: 255',
    ].join('\r\n');
    const result = parseBrokerPaste(text);
    expect(result.format).toBe('he-netplan');
    expect(result.fields).toEqual({ ...fieldsWithout('routedPrefix'), mtu: 1480, ttl: 255 });
    // A comment line is not a setting: it is shown back, never silently dropped.
    expect(result.unrecognised).toEqual(['# /etc/netplan/99-he.yaml']);

    const sameColumn = NETPLAN_SAMPLE.replace('        - "2001', '      - "2001');
    expect(parseBrokerPaste(sameColumn).fields.clientIpv6).toBe('2001:db8:0:1::2/64');
  });

  it('reads a snippet that starts at the tunnel name, with tab indentation', () => {
    const text = [
      'he-ipv6:',
      '\tmode: sit',
      '\tremote: 192.0.2.1',
      '\taddresses:',
      '\t\t- 2001:db8:0:1::2/64',
    ].join('\n');
    const result = parseBrokerPaste(text);
    expect(result.fields).toEqual({
      serverIpv4: '192.0.2.1',
      clientIpv6: '2001:db8:0:1::2/64',
      interface: 'he-ipv6',
    });
    expect(result.unrecognised).toEqual([]);
  });

  it('leaves other netplan sections and non-default routes to the person', () => {
    const text = NETPLAN_SAMPLE.replace(
      '  tunnels:',
      ['  ethernets:', '    eth0:', '      dhcp4: true', '  tunnels:'].join('\n'),
    ).replace('- to: default', '- to: 2001:db8:ff::/48');
    const result = parseBrokerPaste(text);
    expect(result.fields.serverIpv6).toBeUndefined();
    expect(result.unrecognised).toEqual(['ethernets:', 'eth0:', 'dhcp4: true', '- to: 2001:db8:ff::/48']);
  });

  it('reports two addresses on the tunnel as a conflict', () => {
    const text = NETPLAN_SAMPLE.replace(
      '        - "2001:db8:0:1::2/64"',
      '        - "2001:db8:0:1::2/64"\n        - "2001:db8:0:1::3/64"',
    );
    const result = parseBrokerPaste(text);
    expect(result.fields.clientIpv6).toBeUndefined();
    expect(result.conflicts).toEqual([
      'The text gives different values for the client IPv6 address: "2001:db8:0:1::2/64" (line 9), ' +
        '"2001:db8:0:1::3/64" (line 10). It was left empty; fill it in from the broker\'s tunnel page.',
    ]);
  });
});

function fieldsWithout(...omit: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(SAMPLE_TUNNEL).filter(([k]) => !omit.includes(k)));
}

describe('tunnel details page copied from a browser', () => {
  it('reads every endpoint, the routed /64, the tunnel id and the account', () => {
    expect(parseBrokerPaste(DETAILS_PAGE_SAMPLE)).toEqual({
      format: 'he-details-page',
      fields: {
        serverIpv4: '192.0.2.1',
        localIpv4: '198.51.100.20',
        clientIpv6: '2001:db8:0:1::2/64',
        serverIpv6: '2001:db8:0:1::1',
        routedPrefix: '2001:db8:1::/64',
        tunnelId: '654321',
        username: 'example-user',
      },
      recognised: [
        'serverIpv4',
        'localIpv4',
        'clientIpv6',
        'serverIpv6',
        'routedPrefix',
        'tunnelId',
        'username',
      ],
      unrecognised: [],
      conflicts: [],
    });
  });

  it('reads values on the line below their label (how some browsers copy table cells)', () => {
    const text = DETAILS_PAGE_SAMPLE.replace(/:\t/g, ':\r\n  ');
    expect(parseBrokerPaste(text).fields).toEqual(parseBrokerPaste(DETAILS_PAGE_SAMPLE).fields);
  });

  it('prefers an allocated /48 over the /64', () => {
    const text = DETAILS_PAGE_SAMPLE.replace('Routed /48:\tAllocate', 'Routed /48:\t2001:db8:ab00::/48');
    const result = parseBrokerPaste(text);
    expect(result.fields.routedPrefix).toBe('2001:db8:ab00::/48');
    expect(result.conflicts).toEqual([]);
  });

  it('never guesses: no prefix length, host bits, a /64 under the /48 label and odd ids are reported', () => {
    const text = [
      'Client IPv6 Address: 2001:db8:0:1::2',
      'Routed /64: 2001:db8:1::1/64',
      'Routed /48: 2001:db8:1::/64',
      'Tunnel ID: 12ab',
      'Server IPv4 Address: 192.0.2.300',
      'Account:',
    ].join('\n');
    const result = parseBrokerPaste(text);
    expect(result.format).toBe('he-details-page');
    expect(result.fields).toEqual({});
    expect(result.recognised).toEqual([]);
    expect(result.unrecognised).toEqual(text.split('\n'));
  });
});

describe('mixed and contradictory input', () => {
  it('combines a details page with a command example that agrees with it', () => {
    const result = parseBrokerPaste(`${DETAILS_PAGE_SAMPLE}\n\n${IPROUTE2_SAMPLE}`);
    expect(result.format).toBe('he-details-page');
    expect(result.fields).toMatchObject({ ...SAMPLE_TUNNEL, ttl: 255, tunnelId: '654321' });
    expect(result.conflicts).toEqual([]);
    expect(result.unrecognised).toEqual([]);
  });

  it('leaves a field empty, and says why, when two sources disagree', () => {
    const commands = IPROUTE2_SAMPLE.replace('remote 192.0.2.1', 'remote 192.0.2.99');
    const result = parseBrokerPaste(`${DETAILS_PAGE_SAMPLE}\n${commands}`);
    expect(result.fields.serverIpv4).toBeUndefined();
    expect(result.recognised).not.toContain('serverIpv4');
    expect(result.conflicts).toEqual([
      'The text gives different values for the server IPv4 address: "192.0.2.1" (line 7), "192.0.2.99" (line 18). ' +
        "It was left empty; fill it in from the broker's tunnel page.",
    ]);
  });

  it('names the format that recognised the most lines', () => {
    const result = parseBrokerPaste(`${NETPLAN_SAMPLE}\nip link set he-ipv6 up`);
    expect(result.format).toBe('he-netplan');
    expect(result.fields.interface).toBe('he-ipv6');
  });
});

describe('garbage and hostile input', () => {
  it('reads nothing from prose and lists every line', () => {
    const text = 'Hello,\n\nplease set up my IPv6.\n  Thanks!  \n';
    expect(parseBrokerPaste(text)).toEqual({
      format: 'unknown',
      fields: {},
      recognised: [],
      unrecognised: ['Hello,', 'please set up my IPv6.', 'Thanks!'],
      conflicts: [],
    });
    expect(parseBrokerPaste('')).toEqual({
      format: 'unknown',
      fields: {},
      recognised: [],
      unrecognised: [],
      conflicts: [],
    });
  });

  it('fills nothing from values with shell syntax, and quotes them safely in conflicts', () => {
    const text = [
      'ip tunnel add he-ipv6 mode sit remote 192.0.2.1;reboot local $(id) ttl 255',
      'ip link set he;rm up',
      'ip addr add 2001:db8:0:1::2/64`id` dev he-ipv6',
      'Server IPv4 Address: 192.0.2.1 && curl x | sh',
      'Account: alice\u2028bob',
      'Tunnel ID: __proto__',
      'remote: constructor',
    ].join('\n');
    const result = parseBrokerPaste(text);
    expect(result.fields).toEqual({ interface: 'he-ipv6', ttl: 255 });
    expect(result.unrecognised).toEqual(text.split('\n'));
    expect(Object.getPrototypeOf(result.fields)).toBe(Object.prototype);
  });

  it('keeps newlines out of values: each line is read on its own', () => {
    const result = parseBrokerPaste('Server IPv4 Address: 192.0.2.1\nrm -rf /\n');
    expect(result.fields).toEqual({ serverIpv4: '192.0.2.1' });
    expect(result.unrecognised).toEqual(['rm -rf /']);
  });

  it('a value with control or bidi characters is unreadable, never a conflict', () => {
    const result = parseBrokerPaste('Account: alice\nAccount: bob\u001b[2J');
    // "bob\x1b[2J" is not an account name, so it is unreadable rather than a conflict.
    expect(result.fields.username).toBe('alice');
    expect(result.conflicts).toEqual([]);
    const two = parseBrokerPaste('Account: alice\nAccount: b\u202eob');
    expect(two.fields.username).toBe('alice');
  });

  it('answers 1 MB of garbage quickly, listing a readable number of lines', () => {
    const line = 'ip tunnel add x mode sit remote 999.1.1.1 $(reboot) ; :: \t ::: ';
    const text = `${line}\n`.repeat(Math.ceil(1_000_000 / (line.length + 1)));
    const started = performance.now();
    const result = parseBrokerPaste(text);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1500);
    expect(result.unrecognised).toHaveLength(101);
    expect(result.unrecognised[100]).toMatch(/^\(\d+ more lines not understood are not shown\)$/);
  });

  it('answers a single 1 MB line quickly and cuts it', () => {
    for (const text of [
      'a'.repeat(1_000_000),
      `Server IPv4 Address: ${'9'.repeat(1_000_000)}`,
      ':'.repeat(1_000_000),
      `${' '.repeat(500_000)}x:`,
    ]) {
      const started = performance.now();
      const result = parseBrokerPaste(text);
      expect(performance.now() - started).toBeLessThan(1000);
      expect(result.fields).toEqual({});
      expect(result.unrecognised).toHaveLength(1);
      expect(result.unrecognised[0]!.length).toBeLessThanOrEqual(201);
    }
  });

  it('never throws, and every filled value is one the address parsers accept (property)', () => {
    const pieces = [
      ...IPROUTE2_SAMPLE.split('\n'),
      ...NET_TOOLS_SAMPLE.split('\n'),
      ...NETPLAN_SAMPLE.split('\n'),
      ...DETAILS_PAGE_SAMPLE.split('\n'),
      'remote:',
      '- to: default',
      'via: ::1',
      'Routed /48:',
    ];
    const line = fc.oneof(
      fc.constantFrom(...pieces),
      fc.string({ maxLength: 40 }),
      fc.string({ unit: 'binary', maxLength: 20 }),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), fc.constantFrom('\n', '\r\n', '\r'), (lines, eol) => {
        const result = parseBrokerPaste(lines.join(eol));
        const f = result.fields;
        if (f.serverIpv4 !== undefined) expect(parseV4(f.serverIpv4)).toBe(f.serverIpv4);
        if (f.localIpv4 !== undefined) expect(parseV4(f.localIpv4)).toBe(f.localIpv4);
        if (f.clientIpv6 !== undefined) expect(parseV6Interface(f.clientIpv6)).toBeDefined();
        if (f.serverIpv6 !== undefined) expect(parseV6(f.serverIpv6)).toBe(f.serverIpv6);
        if (f.routedPrefix !== undefined) expect(parseV6Prefix(f.routedPrefix)?.hadHostBits).toBe(false);
        if (f.interface !== undefined) expect(isInterfaceName(f.interface)).toBe(true);
        expect(result.recognised).toEqual(Object.keys(f));
        for (const u of result.unrecognised) expect(u.length).toBeLessThanOrEqual(201);
      }),
      { numRuns: 500 },
    );
  });
});
