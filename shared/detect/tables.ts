import type { FirewallBackend } from '../profile/types';
import type { PackageState, RuleCount } from './types';

/** `iptables -V` → `iptables v1.8.9 (nf_tables)` or `(legacy)`; older versions print no backend (legacy). */
export function parseIptablesVersion(text: string): FirewallBackend | undefined {
  if (!/^ip6?tables v\d/m.test(text)) return undefined;
  if (text.includes('(nf_tables)')) return 'iptables-nft';
  return 'iptables-legacy';
}

/** Count the rules of `iptables-save` / `ip6tables-save` output per table, and note non-ACCEPT policies. */
export function parseIptablesSave(text: string): RuleCount {
  const rulesByTable: Record<string, number> = {};
  const restrictivePolicies: string[] = [];
  let table = '';
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      rulesByTable[table] ??= 0;
    } else if (line.startsWith('-A ')) {
      rulesByTable[table] = (rulesByTable[table] ?? 0) + 1;
      total += 1;
    } else if (line.startsWith(':')) {
      const [chain, policy] = line.slice(1).split(' ');
      if (policy !== undefined && policy !== '-' && policy !== 'ACCEPT') {
        restrictivePolicies.push(`${table}/${chain ?? ''} ${policy}`);
      }
    }
  }
  return { rulesByTable, total, restrictivePolicies };
}

/**
 * Parse `dpkg-query -W -f '${Package}\t${db:Status-Abbrev}\t${Version}\n' PKG…`. A package dpkg has
 * never heard of is missing from the output (and named on stderr): it is not installed. `ii` is
 * installed; `rc` (removed, config left) is not.
 */
export function parseDpkgQuery(text: string, asked: readonly string[]): Record<string, PackageState> {
  const states: Record<string, PackageState> = {};
  for (const name of asked) states[name] = { installed: false, version: undefined };
  for (const line of text.split('\n')) {
    const [name, status, version] = line.split('\t');
    if (name === undefined || status === undefined || !(name in states)) continue;
    const installed = status.trim().startsWith('ii');
    states[name] = {
      installed,
      version: installed && version !== undefined && version !== '' ? version : undefined,
    };
  }
  return states;
}

/** `systemctl is-active U1 U2 …` prints one state per unit, in order (active, inactive, failed…). */
export function parseIsActive(text: string, units: readonly string[]): Record<string, string> | undefined {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length !== units.length) return undefined;
  return Object.fromEntries(units.map((u, i) => [u, (lines[i] ?? '').trim()]));
}
