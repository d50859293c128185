import type { FirewallBackend } from '../profile/types';

/**
 * What else is in the router's firewall besides v6wizard: the tools that put it there, their chains
 * and tables by name, and the base chains that drop IPv6 by policy. Read from `nft list ruleset`
 * (which shows iptables-nft's tables too) and `ip6tables-save` / `iptables-save` (legacy included).
 */
export interface OtherFirewall {
  /** Tool names recognised by their chains or tables: ufw, Docker, libvirt, firewalld. */
  tools: string[];
  /** Their chains and tables, e.g. `ip6 filter DOCKER-USER`, `table inet foreign` (v6wizard's own left out). */
  parts: string[];
  /** Base chains that see IPv6 at the input or forward hook with a drop policy, e.g. `ip6 filter FORWARD`. */
  ipv6DropChains: string[];
}

const OURS = /^V6WIZARD-/;
const BUILTIN = new Set(['INPUT', 'FORWARD', 'OUTPUT', 'PREROUTING', 'POSTROUTING']);
/** Chain and table names each tool makes (Docker: DOCKER*, ufw: ufw-* / ufw6-*, libvirt: LIBVIRT_*). */
const TOOL_MARKS: [string, RegExp][] = [
  ['ufw', /^ufw6?-/],
  ['Docker', /^DOCKER/],
  ['libvirt', /^LIBVIRT_/],
  ['firewalld', /^firewalld$/],
];

function toolOf(name: string): string | undefined {
  return TOOL_MARKS.find(([, mark]) => mark.test(name))?.[0];
}

/** One table and its chains as `nft list ruleset` prints them. */
interface NftTable {
  family: string;
  name: string;
  chains: { name: string; hook: string | undefined; policy: string | undefined }[];
}

/** Parse `nft list ruleset`: tables, chains, and each base chain's hook and policy. */
export function parseNftRuleset(text: string): NftTable[] {
  const tables: NftTable[] = [];
  let chain: NftTable['chains'][number] | undefined;
  for (const line of text.split('\n')) {
    const t = /^table (\S+) (\S+) \{/.exec(line);
    if (t?.[1] !== undefined && t[2] !== undefined) {
      tables.push({ family: t[1], name: t[2], chains: [] });
      continue;
    }
    const c = /^\tchain (\S+) \{/.exec(line);
    if (c?.[1] !== undefined) {
      chain = { name: c[1], hook: undefined, policy: undefined };
      tables.at(-1)?.chains.push(chain);
      continue;
    }
    const base = /^\t\ttype \S+ hook (\S+) .*?(?:policy (\w+);)?\s*$/.exec(line);
    if (base?.[1] !== undefined && chain !== undefined) {
      chain.hook = base[1];
      chain.policy = base[2] ?? 'accept';
    }
  }
  return tables;
}

/** Find what else is in the firewall. Any input may be missing (a tool that is not installed). */
export function findOtherFirewalls(input: {
  nftRuleset?: string;
  ip6Save?: string;
  ip4Save?: string;
}): OtherFirewall {
  const tools = new Set<string>();
  const parts: string[] = [];
  const drops: string[] = [];
  const add = (part: string, name: string): void => {
    if (!parts.includes(part)) parts.push(part);
    const tool = toolOf(name);
    if (tool !== undefined) tools.add(tool);
  };
  for (const table of parseNftRuleset(input.nftRuleset ?? '')) {
    if (table.family === 'inet' && table.name === 'v6wizard') continue;
    const iptablesNft =
      table.name === 'filter' || table.name === 'nat' || table.name === 'mangle' || table.name === 'raw';
    if (!iptablesNft) add(`table ${table.family} ${table.name}`, table.name);
    for (const chain of table.chains) {
      if (OURS.test(chain.name)) continue;
      // iptables-nft's tables are shared: their user chains say whose they are. Any other table is
      // someone's whole, named once above.
      if (iptablesNft && !BUILTIN.has(chain.name))
        add(`${table.family} ${table.name} ${chain.name}`, chain.name);
      const seesIpv6 = table.family === 'ip6' || table.family === 'inet';
      if (seesIpv6 && (chain.hook === 'input' || chain.hook === 'forward') && chain.policy === 'drop') {
        drops.push(`${table.family} ${table.name} ${chain.name}`);
      }
    }
  }
  for (const [family, save] of [
    ['ip6', input.ip6Save],
    ['ip', input.ip4Save],
  ] as const) {
    let table = '';
    for (const line of (save ?? '').split('\n')) {
      if (line.startsWith('*')) table = line.slice(1).trim();
      const m = /^:(\S+) (\S+)/.exec(line);
      if (m?.[1] === undefined || OURS.test(m[1])) continue;
      if (!BUILTIN.has(m[1])) add(`${family} ${table} ${m[1]}`, m[1]);
      else if (
        family === 'ip6' &&
        table === 'filter' &&
        (m[1] === 'INPUT' || m[1] === 'FORWARD') &&
        m[2] === 'DROP'
      ) {
        const name = `ip6 filter ${m[1]}`;
        if (!drops.includes(name)) drops.push(name);
      }
    }
  }
  return { tools: [...tools].sort(), parts, ipv6DropChains: drops };
}

/** The words every layer uses for iptables-legacy's future (detect, validation, the wizard's hint). */
export const LEGACY_WARNING =
  "iptables-legacy is going away after Debian 14; Debian's kernel disables the legacy interfaces by default. Choose nftables or iptables-nft.";

/** The release's major version, e.g. `13` from VERSION_ID "13"; undefined when there is none. */
const major = (versionId: string | undefined): number | undefined => {
  const m = /^(\d+)/.exec(versionId ?? '');
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
};

/**
 * The backend detect proposes, and why. Another tool that filters IPv6 (or drops it by policy) wins
 * over everything: an accept in v6wizard's own nftables table cannot override a drop in another
 * table, while v6wizard's chain jumped to first in the same ip6 filter table does decide. Otherwise
 * Debian 13 and later (Raspberry Pi OS on trixie too), or a router with no legacy iptables in use,
 * get nftables.
 */
export function proposeBackend(input: {
  os: { family: string; versionId: string | undefined } | undefined;
  iptables: FirewallBackend | undefined;
  others: OtherFirewall | undefined;
}): { backend: FirewallBackend; why: string } | undefined {
  const { os, iptables, others } = input;
  if (others !== undefined && (others.tools.length > 0 || others.ipv6DropChains.length > 0)) {
    const found = [...others.tools, ...others.ipv6DropChains.map((c) => `${c} (policy drop)`)].join(', ');
    return {
      backend: iptables ?? 'iptables-nft',
      why: `${found} filter IPv6 here: an accept in v6wizard's own nftables table cannot override their drop, a chain jumped to first in the same table can`,
    };
  }
  const release = major(os?.versionId);
  if (
    (os?.family === 'debian' || os?.family === 'raspberry-pi-os') &&
    release !== undefined &&
    release >= 13
  ) {
    return {
      backend: 'nftables',
      why: `Debian ${String(release)}: nftables is the kernel's firewall interface`,
    };
  }
  if (iptables === 'iptables-nft') return { backend: 'nftables', why: 'no legacy iptables is in use' };
  if (iptables === 'iptables-legacy')
    return { backend: 'iptables-legacy', why: 'iptables -V reports the legacy backend' };
  return undefined;
}
