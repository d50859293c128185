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
import { FIREWALL_CASES, firewallProfile } from '../../tests/helpers/firewall-fixtures';
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
      const v6 = fileAt(renderOf(firewallProfile((p) => (p.router.firewallBackend = backend))), V6);
      const broken = {
        ...v6,
        content: v6.content.replace('COMMIT', '-A INPUT -p tcp -m tcp --dport 99999 -j ACCEPT\nCOMMIT'),
      };
      expect(runDaemonCheck(broken).ok, backend).toBe(false);
    }
  });
});

describe('ip6tables rules', () => {
  it('uses the backend the profile names, in the check and in the script', () => {
    const legacy = renderOf(firewallProfile((p) => (p.router.firewallBackend = 'iptables-legacy')));
    expect(fileAt(legacy, V6).validate).toEqual(['ip6tables-legacy-restore', '--test', '{file}']);
    expect(fileAt(legacy, V4).validate).toEqual(['iptables-legacy-restore', '--test', '--noflush', '{file}']);
    expect(fileAt(legacy, SCRIPT).content).toContain('readonly IP6_RESTORE=ip6tables-legacy-restore');
    expect(fileAt(legacy, SCRIPT).content).not.toContain('nft');
    const nft = renderOf(firewallProfile());
    expect(fileAt(nft, V6).validate).toEqual(['ip6tables-nft-restore', '--test', '{file}']);
  });

  it('keeps the SSH guard above every state and ICMPv6 rule', () => {
    const rules = ruleLines(fileAt(renderOf(FIREWALL_CASES['firewall-openings']!), V6).content);
    const input = rules.filter((l) => l.startsWith('-A INPUT'));
    expect(input.slice(0, 4)).toEqual([
      '-A INPUT -i lo -j ACCEPT',
      '-A INPUT -s 2001:db8:ffff::/48 -p tcp -m tcp --dport 2222 -j ACCEPT',
      '-A INPUT -s 2001:db8:aaaa::7/128 -p tcp -m tcp --dport 2222 -j ACCEPT',
      '-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type destination-unreachable -j ACCEPT',
    ]);
    expect(rules.some((l) => l.startsWith('-A INPUT -i br0 -p tcp -m tcp --dport 2222'))).toBe(false);
  });

  it('answers echo from the internet only when the profile allows it', () => {
    const on = ruleLines(fileAt(renderOf(firewallProfile()), V6).content).filter((l) =>
      l.includes('echo-request'),
    );
    expect(on).toEqual([
      '-A INPUT -i eth1 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
      '-A INPUT -i he-ipv6 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
      '-A FORWARD -i he-ipv6 -o eth1 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
    ]);
    const off = renderOf(firewallProfile((p) => (p.firewall.allowEchoFromInternet = false)));
    expect(ruleLines(fileAt(off, V6).content).filter((l) => l.includes('echo-request'))).toEqual([
      '-A INPUT -i eth1 -p ipv6-icmp -m icmp6 --icmpv6-type echo-request -j ACCEPT',
    ]);
  });

  it('logs drops at the end of INPUT and FORWARD only when asked, rate-limited', () => {
    const on = ruleLines(
      fileAt(renderOf(firewallProfile((p) => (p.firewall.logRatePerMinute = 7))), V6).content,
    );
    expect(on.filter((l) => l.includes('LOG'))).toEqual([
      '-A INPUT -m limit --limit 7/min -j LOG --log-prefix "v6wizard-drop-in: "',
      '-A FORWARD -m limit --limit 7/min -j LOG --log-prefix "v6wizard-drop-fwd: "',
    ]);
    expect(on.filter((l) => l.startsWith('-A INPUT')).at(-1)).toContain('LOG');
    expect(on.at(-1)).toContain('LOG');
    const off = fileAt(renderOf(firewallProfile((p) => (p.firewall.logDrops = false))), V6).content;
    expect(off).not.toContain('LOG');
  });

  it('writes openings with canonical hosts and quoted descriptions', () => {
    const rules = ruleLines(fileAt(renderOf(FIREWALL_CASES['firewall-openings']!), V6).content);
    expect(rules.filter((l) => l.includes('-i tun-he -o br0 -d'))).toEqual([
      '-A FORWARD -i tun-he -o br0 -d 2001:db8:1::80/128 -p tcp -m tcp --dport 443 -m comment --comment "Nextcloud \\"home\\" it\'s a back\\\\slash # not a comment" -j ACCEPT',
      '-A FORWARD -i tun-he -o br0 -d 2001:db8:1::51/128 -p udp -m udp --dport 51820 -m comment --comment "WireGuard" -j ACCEPT',
    ]);
  });

  it('forwards only LAN-prefix sources from the LAN to the tunnel', () => {
    const rules = ruleLines(fileAt(renderOf(firewallProfile((p) => (p.lan.subnetId = 5))), V6).content);
    expect(rules).toContain('-A FORWARD -i eth1 -o he-ipv6 -s 2001:db8:1:5::/64 -j ACCEPT');
  });

  it('has no SSH accept at all when the profile allows none, and says so', () => {
    const content = fileAt(
      renderOf(
        firewallProfile((p) => (p.router.management = { sshPort: 22, fromLan: false, allowFrom: [] })),
      ),
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
  it('accepts protocol 41 from the broker only, in its own chain', () => {
    const rules = ruleLines(
      fileAt(renderOf(firewallProfile((p) => (p.tunnel.serverIpv4 = '203.0.113.9'))), V4).content,
    );
    expect(rules).toEqual(['-A V6WIZARD-PROTO41 -s 203.0.113.9/32 -p 41 -j ACCEPT']);
  });
});

describe('firewall script', () => {
  it('passes shellcheck and bash -n', () => {
    const script = fileAt(renderOf(firewallProfile()), SCRIPT);
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
});
