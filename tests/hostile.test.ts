import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressIn, nthSubnet64, parseV6Prefix } from '../shared/net/addr';
import {
  DAD_STRATEGIES,
  DHCP_MODES,
  DHCP_SERVERS,
  DISTROS,
  FIREWALL_BACKENDS,
  NETWORK_SYSTEMS,
  type Profile,
} from '../shared/profile/types';
import { render, type RenderedFile } from '../shared/render';
import { validateProfile } from '../shared/validate';
import { fullProfile, STRING_FIELDS } from '../shared/validate/rules/hostile-fields';

/**
 * End to end: profiles that pass validation — random ones, and ones full of values that look
 * dangerous but are allowed — render into files where no profile value could have become syntax.
 * Renderers are checked by what they produce, so the test keeps working as they are written.
 */

/** Characters that start syntax in a shell, a config file or an iptables rule. */
const SHELL_META = /[;|&$`()<>'"\\*?{}[\]~!#]/;
// eslint-disable-next-line no-control-regex
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/u;
const isComment = (line: string): boolean => /^\s*(#|;|\/\/)/.test(line);

const LAN_ROUTED = '2001:db8:1::/48';
/**
 * A marker in every piece of injected-looking free text: legitimate output can contain the same
 * directive (radvd really writes `AdvManagedFlag on;`), but never this marker outside a comment.
 */
const M = 'zq9xMARK';

const iface = fc
  .stringMatching(/^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}$/)
  .filter((s) => s !== '.' && s !== '..' && s.length <= 15);
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/);
const dnsName = fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.'));
const unit = fc.stringMatching(/^[A-Za-z0-9:_@][A-Za-z0-9:_.@-]{0,20}$/);
/** Free text that reads like an injection attempt but is a legal description (newlines allowed). */
const description = fc
  .array(
    fc.constantFrom(
      'router',
      ' ',
      '\n',
      'exit 0',
      'ünïcödé',
      `; rm -rf /${M}`,
      `$(reboot ${M})`,
      `\`id ${M}\``,
      `"${M}`,
      `'${M}`,
      `\\${M}`,
      `|${M}`,
      `&&${M}`,
      `<${M}>`,
      `# ${M}`,
      `AdvManagedFlag on; ${M}`,
      `}; ${M}`,
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const profileArb: fc.Arbitrary<Profile> = fc
  .record({
    name: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,30}$/),
    description,
    distro: fc.constantFrom(...DISTROS),
    networkSystem: fc.constantFrom(...NETWORK_SYSTEMS),
    firewallBackend: fc.constantFrom(...FIREWALL_BACKENDS),
    ifaces: fc.uniqueArray(iface, { minLength: 3, maxLength: 3 }),
    networkFiles: fc.tuple(
      fc.stringMatching(/^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,12}$/),
      fc.stringMatching(/^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,12}$/),
    ),
    fromLan: fc.boolean(),
    subnetId: fc.integer({ min: 0, max: 65535 }),
    update: fc.option(
      fc.record({
        username: fc.stringMatching(/^[A-Za-z0-9._@+-]{1,24}$/),
        tunnelId: fc.stringMatching(/^[0-9]{1,12}$/),
        secretRef: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,24}$/),
      }),
      { nil: undefined },
    ),
    dnssl: fc.uniqueArray(dnsName, { maxLength: 3 }),
    mode: fc.constantFrom(...DHCP_MODES),
    server: fc.constantFrom(...DHCP_SERVERS),
    domainSearch: fc.uniqueArray(dnsName, { maxLength: 3 }),
    reservations: fc.integer({ min: 0, max: 3 }),
    services: fc.uniqueArray(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,20}$/), { maxLength: 3 }),
    openings: fc.array(fc.stringMatching(/^[A-Za-z0-9 .,:_+/@=-]{0,40}$/), { maxLength: 3 }),
    strategy: fc.constantFrom(...DAD_STRATEGIES),
    dadServices: fc.uniqueArray(unit, { maxLength: 3, selector: (u) => u.replace(/\.service$/, '') }),
  })
  .map((r) => {
    const p = fullProfile();
    const [wan = 'eth0', lan = 'eth1', tun = 'he-ipv6'] = r.ifaces;
    const lanNet = nthSubnet64(parseV6Prefix(LAN_ROUTED)!, r.subnetId)!;
    const at = (iid: number): string => addressIn(lanNet, BigInt(iid));
    p.name = r.name;
    p.description = r.description;
    p.router = {
      ...p.router,
      distro: r.distro,
      networkSystem: r.networkSystem,
      firewallBackend: r.firewallBackend,
      wanInterface: wan,
      lanInterface: lan,
      management: { sshPort: 22, fromLan: r.fromLan, allowFrom: ['2001:db8:5::/48', '2001:db8:6::7'] },
    };
    if (r.networkSystem === 'systemd-networkd') {
      p.router.wanNetworkFile = `${r.networkFiles[0]}.network`;
      p.router.lanNetworkFile = `${r.networkFiles[1]}.network`;
    } else {
      delete p.router.wanNetworkFile;
      delete p.router.lanNetworkFile;
    }
    p.tunnel.interface = tun;
    if (r.update)
      p.tunnel.update = {
        username: r.update.username,
        tunnelId: r.update.tunnelId,
        updateKey: { secretRef: r.update.secretRef },
      };
    else delete p.tunnel.update;
    p.tunnel.routedPrefix = LAN_ROUTED;
    p.lan.subnetId = r.subnetId;
    // The router itself only where a DNS server runs on it (dnsmasq); a LAN host's address elsewhere.
    const dns = r.server === 'dnsmasq' && r.mode !== 'none' ? at(1) : at(0x53);
    p.ra.rdnss = ['2001:470:20::2', dns];
    p.ra.dnssl = r.dnssl;
    p.dhcpv6 = {
      ...p.dhcpv6,
      mode: r.mode,
      server: r.server,
      poolStart: at(0x1000),
      poolEnd: at(0x1fff),
      dnsServers: [dns],
      domainSearch: r.domainSearch,
      reservations: Array.from({ length: r.reservations }, (_, i) => ({
        name: `host-${i}`,
        duid: `00:03:00:01:52:54:00:00:00:0${i}`,
        iaid: i,
        address: at(0x20 + i),
      })),
    };
    p.firewall.routerServices = r.services.map((name, i) => ({
      name,
      protocol: 'tcp' as const,
      port: 8000 + i,
    }));
    p.firewall.openings = r.openings.map((d, i) => ({
      host: at(0x80 + i),
      protocol: 'udp' as const,
      port: 9000 + i,
      description: d,
    }));
    p.dad = { strategy: r.strategy, timeoutSeconds: r.strategy === 'sleep' ? 3 : 0, services: r.dadServices };
    return p;
  });

/** Every string value in the profile with its path. */
function strings(node: unknown, path = ''): { path: string; value: string }[] {
  if (typeof node === 'string') return [{ path, value: node }];
  if (Array.isArray(node)) return node.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (node && typeof node === 'object')
    return Object.entries(node).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  return [];
}

/** The allowlist for a path: index-free match against STRING_FIELDS (lists share one allowlist). */
const allowFor = (path: string): ((v: string) => boolean) | undefined =>
  STRING_FIELDS.find((f) => f.path.replace(/\[\d+\]/g, '[]') === path.replace(/\[\d+\]/g, '[]'))?.allow;

function expectSafe(profile: Profile, files: RenderedFile[]): void {
  for (const f of files) {
    expect(f.path, 'absolute path without traversal or odd characters').toMatch(/^\/[A-Za-z0-9_.@:/+-]+$/);
    expect(f.path).not.toMatch(/(^|\/)\.\.(\/|$)/);
    expect(HIDDEN.test(f.content), `${f.path} has a control or invisible character`).toBe(false);
    // eslint-disable-next-line no-control-regex
    for (const arg of f.validate ?? []) expect(arg, `${f.path} validate argv`).not.toMatch(/[\n\u0000]/);
    const lines = f.content.split('\n');
    for (const line of lines)
      if (line.includes(M)) expect(isComment(line), `${f.path}: ${JSON.stringify(line)}`).toBe(true);
    for (const { path, value } of strings(profile)) {
      // Short values (e.g. "0", "22", "nas", or " -C " in an opening's description, which a script's
      // `radvd -C` line contains) show up by coincidence; long enough ones are attributable.
      const pieces = path === 'description' ? value.split('\n').map((l) => l.trim()) : [value];
      for (const piece of pieces.filter((v) => v.trim().length >= 4)) {
        const hits = lines.filter((l) => l.includes(piece));
        if (hits.length === 0) continue;
        const allow = allowFor(path);
        if (allow && path !== 'description')
          expect(
            allow(piece),
            `${path} value ${JSON.stringify(piece)} in ${f.path} is outside its allowlist`,
          ).toBe(true);
        for (const line of hits) {
          // A value with shell or config syntax in it (only free text can have any) may only appear in a comment.
          if (SHELL_META.test(piece))
            expect(isComment(line), `${f.path}: ${JSON.stringify(line)}`).toBe(true);
          // A value with a space is either in a comment or quoted as one word (e.g. an iptables --comment).
          else if (piece.includes(' '))
            expect(isComment(line) || line.includes(`"${piece}"`), `${f.path}: ${JSON.stringify(line)}`).toBe(
              true,
            );
        }
      }
    }
  }
}

describe('render() on valid profiles with hostile-looking values', () => {
  it('every generated profile validates (the generator stays inside the allowlists)', () => {
    fc.assert(
      fc.property(profileArb, (p) => {
        const v = validateProfile(p);
        expect(v.problems.filter((x) => x.severity === 'error')).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('puts no profile value anywhere it could become a directive or a command', () => {
    fc.assert(
      fc.property(profileArb, (p) => {
        expectSafe(p, render(p));
      }),
      { numRuns: 100 },
    );
  });

  it('keeps an injection attempt in the description out of every directive', () => {
    const p = fullProfile();
    p.description = `home\nAdvManagedFlag off; # ${M}\n$(reboot); \`id\` | rm -rf / && exit 0 ${M}\n};\ninterface eth9 { # ${M}`;
    p.name = 'a.b_c-d.0';
    p.router.wanInterface = 'en.0_x-1';
    p.firewall.routerServices = [{ name: 'Print server 2', protocol: 'tcp', port: 631 }];
    p.firewall.openings = [
      { host: '2001:db8:1::80', protocol: 'tcp', port: 443, description: 'web: a=b, c/d @home +1' },
    ];
    expect(validateProfile(p).ok).toBe(true);
    const files = render(p);
    expectSafe(p, files);
    for (const f of files) {
      for (const line of f.content.split('\n').filter((l) => !isComment(l))) {
        expect(line, f.path).not.toContain(M);
        expect(line, f.path).not.toContain('$(reboot)');
        expect(line, f.path).not.toContain('interface eth9');
      }
    }
  });

  it('refuses to render any profile whose values are hostile', () => {
    const p = fullProfile();
    p.router.lanInterface = 'eth1\ninterface eth9 {';
    expect(() => render(p)).toThrow(/router\.lanInterface/);
  });
});
