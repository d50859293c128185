import { expectRealChecksPass } from '../../tests/helpers/expect-checks';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDaemonCheck } from '../../tests/helpers/daemon-check';
import { expectGolden } from '../../tests/helpers/golden';
import { derive } from '../profile/derive';
import type { Profile } from '../profile/types';
import { renderFirewall } from './firewall';
import { asNftables, FIREWALL_CASES, firewallProfile } from '../../tests/helpers/firewall-fixtures';
import { nftQuote } from './firewall-nft-quote';
import { restoreQuote } from './firewall-quote';
import type { RenderedFile } from './types';

const ctx = { profileSource: 'test' };
const renderOf = (profile: Profile): RenderedFile[] => renderFirewall(profile, derive(profile), ctx);
const fileAt = (files: RenderedFile[], path: string): RenderedFile => {
  const file = files.find((f) => f.path === path);
  if (!file) throw new Error(`no ${path} in ${files.map((f) => f.path).join(', ')}`);
  return file;
};
const V6 = '/etc/v6wizard/ip6tables.rules';
const V4 = '/etc/v6wizard/iptables-proto41.rules';
const SCRIPT = '/usr/local/sbin/v6wizard-firewall';
const NFT = '/etc/v6wizard/v6wizard.nft';
/** A profile on the ip6tables-nft backend (the default is nftables). */
const ipt = (change: (p: Profile) => void = () => undefined): Profile =>
  firewallProfile((p) => {
    p.router.firewallBackend = 'iptables-nft';
    change(p);
  });
const ruleLines = (content: string): string[] => content.split('\n').filter((l) => l.startsWith('-A '));

describe('firewall golden cases', () => {
  for (const [name, profile] of Object.entries(FIREWALL_CASES)) {
    it(`${name} matches its golden files and passes the real checkers`, () => {
      const files = renderOf(profile);
      expectGolden(name, files);
      expectRealChecksPass(files);
    });
  }
});

describe('the real checker can fail', () => {
  // ip6tables-nft-restore --test (1.8.9) accepts a jump to a missing chain and an unterminated quote;
  // it does reject a bad port, which is enough to show the check runs and can fail.
  it('rejects a rules file with a rule it cannot load', () => {
    for (const backend of ['iptables-nft', 'iptables-legacy'] as const) {
      const v6 = fileAt(renderOf(ipt((p) => (p.router.firewallBackend = backend))), V6);
      const broken = {
        ...v6,
        content: v6.content.replace(
          'COMMIT',
          '-A V6WIZARD-INPUT -p tcp -m tcp --dport 99999 -j ACCEPT\nCOMMIT',
        ),
      };
      expect(runDaemonCheck(broken).ok, backend).toBe(false);
    }
  });

  it('rejects an nftables file with a rule nft cannot load', () => {
    const nft = fileAt(renderOf(firewallProfile()), NFT);
    expect(runDaemonCheck(nft).ok).toBe(true);
    const broken = {
      ...nft,
      content: nft.content.replace('\t\tdrop\n\t}', '\t\ttcp dport 99999 accept\n\t\tdrop\n\t}'),
    };
    expect(broken.content).not.toBe(nft.content);
    expect(runDaemonCheck(broken).ok).toBe(false);
  });
});

describe('ip6tables rules', () => {
  it('uses the backend the profile names, in the check and in the script', () => {
    const legacy = renderOf(ipt((p) => (p.router.firewallBackend = 'iptables-legacy')));
    expect(fileAt(legacy, V6).validate).toEqual([
      'ip6tables-legacy-restore',
      '--test',
      '--noflush',
      '{file}',
    ]);
    expect(fileAt(legacy, V4).validate).toEqual(['iptables-legacy-restore', '--test', '--noflush', '{file}']);
    expect(fileAt(legacy, SCRIPT).content).toContain('readonly IP6_RESTORE=ip6tables-legacy-restore');
    // The script names the other flavour only to clean up after a switch of backends.
    expect(fileAt(legacy, SCRIPT).content).toContain('readonly OTHER_IP6TABLES=ip6tables-nft');
    const nft = renderOf(ipt());
    expect(fileAt(nft, V6).validate).toEqual(['ip6tables-nft-restore', '--test', '--noflush', '{file}']);
  });

  it('keeps the SSH guard above every state and ICMPv6 rule', () => {
    const rules = ruleLines(fileAt(renderOf(FIREWALL_CASES['firewall-openings']!), V6).content);
    const input = rules.filter((l) => l.startsWith('-A V6WIZARD-INPUT'));
    expect(input.slice(0, 4)).toEqual([
      '-A V6WIZARD-INPUT -i lo -j ACCEPT',
      '-A V6WIZARD-INPUT -s 2001:db8:ffff::/48 -p tcp -m tcp --dport 2222 -j ACCEPT',
      '-A V6WIZARD-INPUT -s 2001:db8:aaaa::7/128 -p tcp -m tcp --dport 2222 -j ACCEPT',
      '-A V6WIZARD-INPUT -p ipv6-icmp -m icmp6 --icmpv6-type destination-unreachable -j ACCEPT',
    ]);
    expect(rules.some((l) => l.startsWith('-A V6WIZARD-INPUT -i br0 -p tcp -m tcp --dport 2222'))).toBe(
      false,
    );
  });

  it('answers echo from the internet only when the profile allows it', () => {
    const on = ruleLines(fileAt(renderOf(ipt()), V6).content).filter((l) => l.includes('echo-request'));
    expect(on).toEqual([
      '-A V6WIZARD-INPUT -i eth1 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
      '-A V6WIZARD-INPUT -i he-ipv6 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
      '-A V6WIZARD-FORWARD -i he-ipv6 -o eth1 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
    ]);
    const off = renderOf(ipt((p) => (p.firewall.allowEchoFromInternet = false)));
    expect(ruleLines(fileAt(off, V6).content).filter((l) => l.includes('echo-request'))).toEqual([
      '-A V6WIZARD-INPUT -i eth1 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
    ]);
  });

  it('logs drops at the end of INPUT and FORWARD only when asked, rate-limited', () => {
    const on = ruleLines(fileAt(renderOf(ipt((p) => (p.firewall.logRatePerMinute = 7))), V6).content);
    expect(on.filter((l) => l.includes('LOG'))).toEqual([
      '-A V6WIZARD-INPUT -m limit --limit 7/min -j LOG --log-prefix "v6wizard-drop-in: "',
      '-A V6WIZARD-FORWARD -m limit --limit 7/min -j LOG --log-prefix "v6wizard-drop-fwd: "',
    ]);
    // The log rule comes right before the chain's end: the LAN's refusals, then the final DROP.
    for (const chain of ['V6WIZARD-INPUT', 'V6WIZARD-FORWARD'])
      expect(on.filter((l) => l.startsWith(`-A ${chain} `)).slice(-4)).toEqual([
        expect.stringContaining('LOG'),
        `-A ${chain} -i eth1 -p tcp -j REJECT --reject-with tcp-reset`,
        `-A ${chain} -i eth1 -j REJECT --reject-with icmp6-adm-prohibited`,
        `-A ${chain} -j DROP`,
      ]);
    const off = fileAt(renderOf(ipt((p) => (p.firewall.logDrops = false))), V6).content;
    expect(off).not.toContain('LOG');
  });

  it('writes openings with canonical hosts and quoted descriptions', () => {
    const rules = ruleLines(fileAt(renderOf(FIREWALL_CASES['firewall-openings']!), V6).content);
    expect(rules.filter((l) => l.includes('-i tun-he -o br0 -d'))).toEqual([
      '-A V6WIZARD-FORWARD -i tun-he -o br0 -d 2001:db8:1::80/128 -p tcp -m tcp --dport 443 -m comment --comment "Nextcloud \\"home\\" it\'s a back\\\\slash # not a comment" -j ACCEPT',
      '-A V6WIZARD-FORWARD -i tun-he -o br0 -d 2001:db8:1::51/128 -p udp -m udp --dport 51820 -m comment --comment "WireGuard" -j ACCEPT',
    ]);
  });

  it('forwards only LAN-prefix sources from the LAN to the tunnel', () => {
    const rules = ruleLines(fileAt(renderOf(ipt((p) => (p.lan.subnetId = 5))), V6).content);
    expect(rules).toContain('-A V6WIZARD-FORWARD -i eth1 -o he-ipv6 -s 2001:db8:1:5::/64 -j ACCEPT');
  });

  it('has no SSH accept at all when the profile allows none, and says so', () => {
    const content = fileAt(
      renderOf(ipt((p) => (p.router.management = { sshPort: 22, fromLan: false, allowFrom: [] }))),
      V6,
    ).content;
    expect(content).toContain('allows SSH over IPv6 from nowhere');
    expect(ruleLines(content).some((l) => l.includes('--dport 22 '))).toBe(false);
  });
});

describe('restoreQuote', () => {
  it('escapes backslashes and double quotes and wraps the value', () => {
    expect(restoreQuote('a b')).toBe('"a b"');
    expect(restoreQuote('say "hi"')).toBe('"say \\"hi\\""');
    expect(restoreQuote('c:\\x')).toBe('"c:\\\\x"');
  });
  it('refuses a line break, which would end the rule', () => {
    expect(() => restoreQuote('a\nb')).toThrow(/line break/);
  });
});

describe('proto-41 rules', () => {
  it('accepts protocol 41 from the broker only and drops it from anyone else, in its own chain', () => {
    const rules = ruleLines(fileAt(renderOf(ipt((p) => (p.tunnel.serverIpv4 = '203.0.113.9'))), V4).content);
    expect(rules).toEqual([
      '-A V6WIZARD-PROTO41 -s 203.0.113.9/32 -p 41 -j ACCEPT',
      '-A V6WIZARD-PROTO41 -p 41 -j DROP',
    ]);
  });
});

describe('firewall script', () => {
  for (const backend of ['nftables', 'iptables-nft', 'iptables-legacy'] as const) {
    it(`passes shellcheck and bash -n (${backend})`, () => {
      const script = fileAt(renderOf(firewallProfile((p) => (p.router.firewallBackend = backend))), SCRIPT);
      expect(script.mode).toBe(0o755);
      expect(script.content.startsWith('#!/bin/bash\n# Made by v6wizard')).toBe(true);
      const dir = mkdtempSync(join(tmpdir(), 'v6wfw-sc-'));
      try {
        const path = join(dir, 'v6wizard-firewall');
        writeFileSync(path, script.content, { mode: 0o755 });
        const sc = spawnSync('shellcheck', ['--shell=bash', '--severity=style', path], { encoding: 'utf8' });
        expect(sc.status, `${sc.stdout}${sc.stderr}`).toBe(0);
        const n = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
        expect(n.status, n.stderr).toBe(0);
        const usage = spawnSync('bash', [path, 'restart'], { encoding: 'utf8' });
        expect(usage.status).toBe(64);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('never sets a built-in chain policy, flushes a whole table or the ruleset', () => {
    for (const backend of ['nftables', 'iptables-nft', 'iptables-legacy'] as const) {
      const content = fileAt(
        renderOf(firewallProfile((p) => (p.router.firewallBackend = backend))),
        SCRIPT,
      ).content;
      const code = content.split('\n').filter((l) => !l.trimStart().startsWith('#'));
      expect(
        code.filter((l) =>
          / -P | -F$| -X$|flush ruleset|flush table|delete table (?!inet "\$NFT_TABLE")/.test(l),
        ),
        backend,
      ).toEqual([]);
    }
  });

  it('puts the jumps at the top of INPUT and FORWARD, checking with -C first', () => {
    const content = fileAt(renderOf(ipt()), SCRIPT).content;
    expect(content).toContain('if ! "$1" -w -C "$2" -j "$3" 2>/dev/null; then "$1" -w -I "$2" 1 -j "$3"; fi');
    expect(content).toContain('jump "$IP6TABLES" INPUT "$INPUT_CHAIN"');
    expect(content).toContain('jump "$IP6TABLES" FORWARD "$FORWARD_CHAIN"');
    expect(content).toContain('readonly INPUT_CHAIN=V6WIZARD-INPUT');
  });
});

/** The rules of one nft chain in the rendered file's last table (comments and blank lines left out). */
function nftChain(content: string, chain: string): string[] {
  const body = content.slice(content.lastIndexOf('table inet v6wizard {\n'));
  const start = body.indexOf(`\tchain ${chain} {\n`);
  if (start < 0) throw new Error(`no chain ${chain}`);
  const rest = body.slice(start).split('\n').slice(1);
  const end = rest.findIndex((l) => l === '\t}');
  return rest
    .slice(0, end)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}

describe('nftables rules', () => {
  it('is one file: no iptables files, checked with nft -c -f, loaded by the script with nft -f', () => {
    const files = renderOf(firewallProfile());
    expect(files.map((f) => f.path)).toEqual([NFT, SCRIPT, '/etc/systemd/system/v6wizard-firewall.service']);
    expect(fileAt(files, NFT).validate).toEqual(['nft', '-c', '-f', '{file}']);
    const script = fileAt(files, SCRIPT).content;
    expect(script).toContain('nft -c -f "$RULES"');
    expect(script).toContain('nft -f "$RULES"');
    expect(script).toContain('nft delete table inet "$NFT_TABLE"');
  });

  it('declares, deletes and redefines its own table, and touches no other', () => {
    const content = fileAt(renderOf(firewallProfile()), NFT).content;
    const code = content.split('\n').filter((l) => !l.trimStart().startsWith('#') && l.trim() !== '');
    expect(code.slice(0, 3)).toEqual([
      'table inet v6wizard {}',
      'delete table inet v6wizard',
      'table inet v6wizard {',
    ]);
    expect(code.filter((l) => /^(table|delete|flush|add|create|include)\b/.test(l))).toHaveLength(3);
    expect(content).not.toMatch(/flush ruleset/);
  });

  it('never drops IPv4: the base chains accept by policy and hand only IPv6 to the dropping chains', () => {
    const content = fileAt(renderOf(FIREWALL_CASES['firewall-openings-nftables']!), NFT).content;
    expect(nftChain(content, 'input')).toEqual([
      'type filter hook input priority filter; policy accept;',
      'meta nfproto ipv4 ip saddr 192.0.2.1 ip protocol 41 accept',
      'meta nfproto ipv4 ip protocol 41 drop',
      'meta nfproto ipv6 jump input6',
    ]);
    expect(nftChain(content, 'forward')).toEqual([
      'type filter hook forward priority filter; policy accept;',
      'meta nfproto ipv6 jump forward6',
    ]);
    expect(nftChain(content, 'input6').at(-1)).toBe('drop');
    expect(nftChain(content, 'forward6').at(-1)).toBe('drop');
  });

  it('has the same rules as the ip6tables chains, one for one, for every golden profile', () => {
    for (const [name, profile] of Object.entries(FIREWALL_CASES)) {
      if (name.endsWith('-nftables')) continue;
      const v6 = ruleLines(fileAt(renderOf(profile), V6).content);
      const nft = fileAt(renderOf(asNftables(profile)), NFT).content;
      const input = nftChain(nft, 'input6');
      const forward = nftChain(nft, 'forward6');
      expect(input.length, name).toBe(v6.filter((l) => l.startsWith('-A V6WIZARD-INPUT ')).length);
      expect(forward.length, name).toBe(v6.filter((l) => l.startsWith('-A V6WIZARD-FORWARD ')).length);
    }
  });

  it('keeps the SSH guard right after loopback, above every state and ICMPv6 rule', () => {
    const input = nftChain(
      fileAt(renderOf(FIREWALL_CASES['firewall-openings-nftables']!), NFT).content,
      'input6',
    );
    expect(input.slice(0, 4)).toEqual([
      'iifname "lo" accept',
      'ip6 saddr 2001:db8:ffff::/48 tcp dport 2222 accept',
      'ip6 saddr 2001:db8:aaaa::7/128 tcp dport 2222 accept',
      'icmpv6 type destination-unreachable accept',
    ]);
  });

  it('forwards only LAN-prefix sources from the LAN to the tunnel, and logs drops rate-limited', () => {
    const content = fileAt(
      renderOf(firewallProfile((p) => ((p.lan.subnetId = 5), (p.firewall.logRatePerMinute = 7)))),
      NFT,
    ).content;
    const forward = nftChain(content, 'forward6');
    expect(forward).toContain('iifname "eth1" oifname "he-ipv6" ip6 saddr 2001:db8:1:5::/64 accept');
    expect(forward.slice(-4)).toEqual([
      'limit rate 7/minute log prefix "v6wizard-drop-fwd: "',
      'iifname "eth1" meta l4proto tcp reject with tcp reset',
      'iifname "eth1" reject with icmpv6 type admin-prohibited',
      'drop',
    ]);
    const quiet = fileAt(renderOf(firewallProfile((p) => (p.firewall.logDrops = false))), NFT).content;
    expect(quiet).not.toContain(' log ');
  });
});

describe('nftQuote', () => {
  it('wraps the value; a double quote (nft strings have no escapes) becomes a single quote', () => {
    expect(nftQuote('a b')).toBe('"a b"');
    expect(nftQuote('say "hi" \\ #')).toBe(`"say 'hi' \\ #"`);
  });
  it('refuses a line break, which would end the rule', () => {
    expect(() => nftQuote('a\nb')).toThrow(/line break/);
  });
});

describe('both renderings, rule by rule (issue 12)', () => {
  const both = (change: (p: Profile) => void = () => undefined): { ipt: string[]; nft: string } => ({
    ipt: ruleLines(fileAt(renderOf(ipt(change)), V6).content),
    nft: fileAt(renderOf(firewallProfile(change)), NFT).content,
  });

  it('opens DHCPv6 (547) only when a DHCPv6 server runs, and DNS (53) only when dnsmasq answers it', () => {
    const ports = (r: { ipt: string[]; nft: string }): { ipt: string[]; nft: string[] } => ({
      ipt: r.ipt
        .filter((l) => / --dport (53|547) /.test(l))
        .map((l) => /-p (\w+) .*--dport (\d+)/.exec(l)!.slice(1).join('/')),
      nft: nftChain(r.nft, 'input6')
        .filter((l) => / dport (53|547) /.test(l))
        .map((l) => /(tcp|udp) dport (\d+)/.exec(l)!.slice(1).join('/')),
    });
    const none = both((p) => (p.dhcpv6.mode = 'none'));
    expect(ports(none)).toEqual({ ipt: [], nft: [] });
    expect(none.nft).toContain('ports 547 and 53 stay closed');
    const kea = both((p) => ((p.dhcpv6.mode = 'stateless'), (p.dhcpv6.server = 'kea')));
    expect(ports(kea)).toEqual({ ipt: ['udp/547'], nft: ['udp/547'] });
    const dnsmasq = both((p) => {
      p.dhcpv6.mode = 'stateless';
      p.dhcpv6.server = 'dnsmasq';
      p.ra.rdnss = ['2001:db8:1::1'];
    });
    expect(ports(dnsmasq)).toEqual({
      ipt: ['udp/53', 'tcp/53', 'udp/547'],
      nft: ['udp/53', 'tcp/53', 'udp/547'],
    });
  });

  it('clamps the MSS of SYNs both ways through the tunnel to the tunnel MTU minus 60, before the state rules', () => {
    const r = both((p) => (p.tunnel.mtu = 1472));
    const forward = nftChain(r.nft, 'forward6');
    expect(forward.slice(0, 2)).toEqual([
      'iifname "he-ipv6" tcp flags & (syn | rst) == syn tcp option maxseg size > 1412 tcp option maxseg size set 1412',
      'oifname "he-ipv6" tcp flags & (syn | rst) == syn tcp option maxseg size > 1412 tcp option maxseg size set 1412',
    ]);
    expect(r.ipt.filter((l) => l.startsWith('-A V6WIZARD-FORWARD ')).slice(0, 2)).toEqual([
      '-A V6WIZARD-FORWARD -i he-ipv6 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1412',
      '-A V6WIZARD-FORWARD -o he-ipv6 -p tcp -m tcp --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1412',
    ]);
  });

  it('forwards ICMPv6 errors only between the LAN and the tunnel, rate-limited, never tunnel to tunnel', () => {
    const r = both();
    const errors = nftChain(r.nft, 'forward6').filter(
      (l) => l.includes('icmpv6 type') && !l.includes('echo') && !l.includes('reject'),
    );
    expect(errors).toHaveLength(8);
    for (const l of errors) {
      expect(l).toMatch(
        /^iifname "(eth1|he-ipv6)" oifname "(he-ipv6|eth1)" icmpv6 type [a-z-]+ limit rate 1000\/second accept$/,
      );
      expect(l).not.toMatch(/iifname "(\S+)" oifname "\1"/);
    }
    const iptErrors = r.ipt.filter(
      (l) =>
        l.startsWith('-A V6WIZARD-FORWARD ') &&
        /destination-unreachable|packet-too-big|time-exceeded|parameter-problem/.test(l),
    );
    expect(iptErrors).toHaveLength(8);
    for (const l of iptErrors)
      expect(l).toMatch(/ -i (eth1 -o he-ipv6|he-ipv6 -o eth1) .* -m limit --limit 1000\/second -j ACCEPT$/);
  });

  it("accepts the rest of RFC 4890 4.4.1's list for the router: 141/142 and 148/149 at hop limit 255, 151-153 link-local", () => {
    const r = both();
    const input = nftChain(r.nft, 'input6');
    for (const t of ['ind-neighbor-solicit', 'ind-neighbor-advert', '148', '149'])
      expect(input).toContain(`icmpv6 type ${t} ip6 hoplimit 255 accept`);
    for (const t of ['151', '152', '153'])
      expect(input).toContain(`ip6 saddr fe80::/10 icmpv6 type ${t} accept`);
    for (const t of ['141', '142', '148', '149'])
      expect(r.ipt).toContain(
        `-A V6WIZARD-INPUT -p ipv6-icmp -m icmp6 --icmpv6-type ${t} -m hl --hl-eq 255 -j ACCEPT`,
      );
    for (const t of ['151', '152', '153'])
      expect(r.ipt).toContain(
        `-A V6WIZARD-INPUT -s fe80::/10 -p ipv6-icmp -m icmp6 --icmpv6-type ${t} -j ACCEPT`,
      );
  });
});
