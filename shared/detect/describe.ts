import { LEGACY_WARNING, type OtherFirewall } from './firewall-others';
import { showListener } from './listeners';
import type { PrefillChange } from './prefill';
import type { DetectResult, Found } from './types';

const say = <T>(f: Found<T>, show: (v: T) => string): string =>
  f.known ? show(f.value) : `unknown (${f.reason})`;

/** Other tools' firewall parts in one line: tools, chains and tables, and IPv6 drop policies. */
export function describeOthers(o: OtherFirewall): string {
  if (o.parts.length === 0 && o.ipv6DropChains.length === 0) return 'none';
  return [
    o.tools.length > 0 ? o.tools.join(', ') : undefined,
    o.parts.length > 0 ? o.parts.join(', ') : undefined,
    o.ipv6DropChains.length > 0 ? `IPv6 dropped by policy in ${o.ipv6DropChains.join(', ')}` : undefined,
  ]
    .filter((x) => x !== undefined)
    .join('; ');
}

/** What detect found, one line per finding, in the words the wizard's Router step also uses. */
export function describeDetect(d: DetectResult): string[] {
  const lines = [
    `OS: ${say(d.os, (o) => `${o.prettyName} (${o.family})`)}`,
    `init: ${say(d.init, (i) => (i === 'systemd' ? 'systemd' : 'not systemd'))}`,
    `network configuration: ${say(d.networkSystem, (n) => `${n.system} — ${n.evidence}`)}`,
    `6in4 (sit): ${say(d.sit, (s) => `${s.available ? 'available' : 'NOT available'} (${s.how})`)}`,
    `firewall backend: ${say(d.firewallBackend, (b) => (b === 'iptables-legacy' ? `${b} — warning: ${LEGACY_WARNING}` : b))}`,
    `other firewall (left untouched): ${say(d.otherFirewall, describeOthers)}`,
    `IPv4 rules: ${say(d.rules4, (r) => `${String(r.total)} rules${r.restrictivePolicies.length > 0 ? `, policies ${r.restrictivePolicies.join(', ')}` : ''}`)}`,
    `IPv6 rules: ${say(d.rules6, (r) => `${String(r.total)} rules${r.restrictivePolicies.length > 0 ? `, policies ${r.restrictivePolicies.join(', ')}` : ''}`)}`,
    `WAN: ${say(d.guess.wan, (w) => `${w.name}${w.ipv4 !== undefined ? ` ${w.ipv4}` : ''} — ${w.why}`)}`,
    `behind NAT: ${say(d.guess.wanBehindNat, (n) => (n ? 'yes (the WAN IPv4 is private)' : 'no'))}`,
    `LAN: ${say(d.guess.lan, (l) => `${l.name} — ${l.why}`)}`,
  ];
  if (d.networkFiles.wan !== undefined || d.networkFiles.lan !== undefined) {
    lines.push(`.network files: WAN ${d.networkFiles.wan ?? '-'}, LAN ${d.networkFiles.lan ?? '-'}`);
  }
  if (d.netplan !== undefined)
    lines.push(
      `netplan devices: ${say(d.netplan, (n) =>
        [
          n.devices
            .map((x) => `${x.name} (${x.type}${x.ports.length > 0 ? `: ${x.ports.join(' ')}` : ''})`)
            .join(', ') || 'none',
          ...n.unread.map((u) => `could not read ${u.file}: ${u.why}`),
        ].join('; '),
      )}`,
    );
  lines.push(
    `port 53: ${say(d.dnsListeners, (ls) => (ls.length === 0 ? 'nothing listens' : [...new Set(ls.map((l) => showListener(l)))].join(', ')))}`,
  );
  if (d.ifupdown !== undefined) {
    lines.push(`ifupdown files: ${say(d.ifupdown, (fs) => fs.map((f) => f.path).join(', ') || 'none')}`);
  }
  lines.push('interfaces:');
  if (d.interfaces.known) {
    for (const i of d.interfaces.value) {
      const addrs = i.addresses.map(
        (a) =>
          `${a.address}/${String(a.prefixLength)}${a.dadfailed ? ' DADFAILED' : a.tentative ? ' tentative' : ''}`,
      );
      lines.push(
        `  ${i.name} ${i.up ? 'up' : 'down'} ${i.linkType}${addrs.length > 0 ? ` ${addrs.join(' ')}` : ''}`,
      );
    }
  } else lines.push(`  unknown (${d.interfaces.reason})`);
  for (const [label, routes] of [
    ['IPv4 routes', d.routes4],
    ['IPv6 routes', d.routes6],
  ] as const) {
    lines.push(`${label}:`);
    if (routes.known) {
      for (const r of routes.value) {
        lines.push(
          `  ${r.dst}${r.gateway !== undefined ? ` via ${r.gateway}` : ''}${r.dev !== undefined ? ` dev ${r.dev}` : ''}`,
        );
      }
    } else lines.push(`  unknown (${routes.reason})`);
  }
  lines.push('packages:');
  for (const [name, p] of Object.entries(d.packages)) {
    lines.push(
      `  ${name}: ${say(p, (v) => (v.installed ? `installed ${v.version ?? ''}`.trim() : 'not installed'))}`,
    );
  }
  lines.push('services:');
  for (const [name, s] of Object.entries(d.services)) lines.push(`  ${name}: ${say(s, (v) => v)}`);
  lines.push(`sysctls: ${d.sysctls.known ? '' : `unknown (${d.sysctls.reason})`}`);
  if (d.sysctls.known) for (const [k, v] of Object.entries(d.sysctls.value)) lines.push(`  ${k} = ${v}`);
  if (d.files.length > 0) lines.push('files v6wizard would replace:');
  for (const f of d.files) {
    lines.push(
      `  ${f.known ? `${f.value.path}: ${f.value.exists ? `exists, sha256 ${f.value.sha256 ?? '?'}` : 'absent'}` : `unknown (${f.reason})`}`,
    );
  }
  return lines;
}

/** The prefill changes as lines for confirmation; "no changes" when detect agrees with the profile. */
export function describePrefill(changes: readonly PrefillChange[]): string[] {
  if (changes.length === 0) return ['The profile already matches what was detected: no changes.'];
  return [
    'Detect would change these profile fields (confirm before using them):',
    ...changes.map((c) => `  ${c.path}: ${c.from ?? '(unset)'} → ${c.to}  (${c.why})`),
  ];
}
