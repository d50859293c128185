import { describe, expect, it } from 'vitest';
import { bootRaise, globMatch, logicalLines, parseIfupdown, type IfupdownFile } from './ifupdown';

/** Debian's installer on a router with two NICs; the LAN is raised by another tool. */
export const DEBIAN_INSTALLER: IfupdownFile[] = [
  {
    path: '/etc/network/interfaces',
    content: `# This file describes the network interfaces available on your system
# and how to activate them. For more information, see interfaces(5).

source /etc/network/interfaces.d/*

# The loopback network interface
auto lo
iface lo inet loopback

# The primary network interface
allow-hotplug eth0
iface eth0 inet dhcp
`,
  },
  { path: '/etc/network/interfaces.d/v6wizard', content: 'allow-hotplug eth1\niface eth1 inet6 static\n' },
];

const parse = (files: IfupdownFile[], skip: string[] = []) =>
  parseIfupdown(files, '/etc/network/interfaces', skip);

describe('logicalLines', () => {
  it('drops comments, joins continuation lines as ifupdown does (no space added)', () => {
    expect(logicalLines('auto a \\\n  b\n# x \\\nauto c\n  # indented\nauto d\\\ne\n')).toEqual([
      'auto a   b',
      'auto c',
      'auto de',
    ]);
  });
});

describe('globMatch', () => {
  it('matches like fnmatch with FNM_PATHNAME', () => {
    expect(globMatch('/etc/network/interfaces.d/*', '/etc/network/interfaces.d/lan')).toBe(true);
    expect(globMatch('/etc/network/interfaces.d/*', '/etc/network/interfaces.d/a/b')).toBe(false);
    expect(globMatch('/etc/network/*.cfg', '/etc/network/x.cfg')).toBe(true);
    expect(globMatch('eth[0-9]', 'eth1')).toBe(true);
    expect(globMatch('eth[!0-9]', 'eth1')).toBe(false);
    expect(globMatch('wl?', 'wlx')).toBe(true);
  });
});

describe('parseIfupdown', () => {
  it('follows source globs and leaves out the skipped file (v6wizard’s own)', () => {
    const all = parse(DEBIAN_INSTALLER);
    expect(all.read).toEqual(['/etc/network/interfaces', '/etc/network/interfaces.d/v6wizard']);
    expect(bootRaise(all, 'eth1').kind).toBe('raised');
    const person = parse(DEBIAN_INSTALLER, ['/etc/network/interfaces.d/v6wizard']);
    expect(bootRaise(person, 'eth1')).toEqual({ kind: 'absent' });
    expect(bootRaise(person, 'eth0')).toEqual({
      kind: 'raised',
      lines: [{ kind: 'allow-hotplug', file: '/etc/network/interfaces' }],
    });
    expect(bootRaise(person, 'lo').kind).toBe('raised');
  });

  it('reads auto with several names, allow-auto, continuation lines and relative sources', () => {
    const files: IfupdownFile[] = [
      {
        path: '/etc/network/interfaces',
        content: 'auto lo eth0 \\\n    br0\nallow-auto wan0\nsource interfaces.d/*.cfg\n',
      },
      { path: '/etc/network/interfaces.d/lan.cfg', content: 'allow-hotplug lan0\niface lan0 inet manual\n' },
      { path: '/etc/network/interfaces.d/ignored', content: 'auto nope\n' },
    ];
    const c = parse(files);
    expect([...c.raised.keys()]).toEqual(['lo', 'eth0', 'br0', 'wan0', 'lan0']);
    expect(c.raised.get('wan0')).toEqual([{ kind: 'auto', file: '/etc/network/interfaces' }]);
    expect(c.stanzas).toEqual([
      { name: 'lan0', family: 'inet', method: 'manual', file: '/etc/network/interfaces.d/lan.cfg' },
    ]);
  });

  it('source-directory reads only run-parts names (no dots)', () => {
    const files: IfupdownFile[] = [
      { path: '/etc/network/interfaces', content: 'source-directory /etc/network/interfaces.d\n' },
      { path: '/etc/network/interfaces.d/lan', content: 'auto lan0\n' },
      { path: '/etc/network/interfaces.d/old.dpkg-old', content: 'auto old0\n' },
    ];
    const c = parse(files);
    expect(bootRaise(c, 'lan0').kind).toBe('raised');
    expect(bootRaise(c, 'old0').kind).toBe('absent');
  });

  it('tells a declared but unraised interface, a mapped one and an absent one apart', () => {
    const files: IfupdownFile[] = [
      {
        path: '/etc/network/interfaces',
        content: [
          'auto lo',
          'iface lo inet loopback',
          '# the LAN is raised by the container tool',
          'iface lan0 inet manual',
          '    pre-up true',
          'mapping eth*',
          '    script /usr/local/sbin/map-scheme',
          '    map HOME eth0-home',
          'allow-ovs br9',
          '',
        ].join('\n'),
      },
    ];
    const c = parse(files);
    expect(bootRaise(c, 'lan0')).toEqual({
      kind: 'declared',
      stanza: { name: 'lan0', family: 'inet', method: 'manual', file: '/etc/network/interfaces' },
    });
    expect(bootRaise(c, 'eth1')).toEqual({ kind: 'mapped', file: '/etc/network/interfaces' });
    // allow-ovs is a class the boot does not raise.
    expect(bootRaise(c, 'br9')).toEqual({ kind: 'absent' });
  });

  it('survives a file that sources itself and a missing root', () => {
    const loop: IfupdownFile[] = [
      { path: '/etc/network/interfaces', content: 'source interfaces\nauto x\n' },
    ];
    expect(bootRaise(parse(loop), 'x').kind).toBe('raised');
    expect(parse([]).read).toEqual([]);
  });
});
