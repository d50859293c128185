import { describeOthers } from '../detect/describe';
import type { OtherFirewall } from '../detect/firewall-others';
import type { Profile } from '../profile/types';

/**
 * Why a plan refuses to apply, as a stable code and its parameters; the words are here once for the
 * CLI and the apply's failure, and in the wizard's catalogues (en, de) under `plan.refusal.<code>`.
 */
export interface PlanRefusal {
  code: 'NFTABLES_BEHIND_FOREIGN_DROP';
  /** The profile field to change. */
  path: 'router.firewallBackend';
  /** What was found: the base chains that drop IPv6 by policy, and the tools. */
  found: string;
  /** The backend to choose instead. */
  choose: 'iptables-nft';
}

/**
 * The nftables backend cannot work behind another IPv6 filter base chain whose policy is drop: a
 * packet must pass every base chain on its hook, and an accept in v6wizard's own table does not
 * override a drop elsewhere, so the LAN's forwarding (and the openings) would be dropped by the other
 * tool. v6wizard's chain jumped to first in that same ip6 filter table does decide, so an iptables
 * backend is the way out.
 */
export function firewallRefusal(
  profile: Profile,
  others: OtherFirewall | undefined,
): PlanRefusal | undefined {
  if (profile.router.firewallBackend !== 'nftables' || others === undefined) return undefined;
  if (others.ipv6DropChains.length === 0) return undefined;
  const tools = others.tools.length > 0 ? ` (${others.tools.join(', ')})` : '';
  return {
    code: 'NFTABLES_BEHIND_FOREIGN_DROP',
    path: 'router.firewallBackend',
    found: `${others.ipv6DropChains.join(', ')}${tools}`,
    choose: 'iptables-nft',
  };
}

/** The refusal in words, for the CLI and the apply's failure message. */
export function refusalText(r: PlanRefusal): string {
  // One code today; a second one makes this a switch over r.code.
  return (
    `${r.path}: nftables is refused on this router: another IPv6 filter chain drops by policy (${r.found}). ` +
    "An accept in v6wizard's own nftables table cannot override that drop, so forwarding from the LAN " +
    `and the openings would be dropped. Choose ${r.choose} instead: v6wizard's chains then sit at the ` +
    "top of that same table and decide first; the other tool's chains stay untouched."
  );
}

/** The other tools' firewall parts the plan leaves untouched, one line each. */
export function untouchedParts(others: OtherFirewall | undefined): string[] {
  if (others === undefined || describeOthers(others) === 'none') return [];
  return [...others.parts, ...others.ipv6DropChains.map((c) => `${c} (policy drop)`)];
}
