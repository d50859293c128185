import { describeOthers } from '../detect/describe';
import type { OtherFirewall } from '../detect/firewall-others';
import type { Profile } from '../profile/types';
import type { PlanNote } from './notes';

/**
 * What the plan says about the rest of the firewall: the other tools' parts it leaves untouched, and
 * a refusal of the nftables backend behind another IPv6 filter base chain whose policy is drop. A
 * packet must pass every base chain on its hook, and an accept in v6wizard's own table does not
 * override a drop elsewhere, so the LAN's forwarding (and the openings) would be dropped by the other
 * tool; v6wizard's chain jumped to first in that same ip6 filter table does decide, so an iptables
 * backend is the way out.
 */
export function firewallNotes(profile: Profile, others: OtherFirewall | undefined): PlanNote[] {
  if (others === undefined) return [];
  const notes: PlanNote[] = [];
  if (profile.router.firewallBackend === 'nftables' && others.ipv6DropChains.length > 0) {
    const tools = others.tools.length > 0 ? ` (${others.tools.join(', ')})` : '';
    notes.push({
      code: 'nftablesBehindForeignDrop',
      severity: 'refuse',
      params: {
        path: 'router.firewallBackend',
        found: `${others.ipv6DropChains.join(', ')}${tools}`,
        choose: 'iptables-nft',
      },
    });
  }
  const parts = untouchedParts(others);
  if (parts.length > 0)
    notes.push({ code: 'firewallUntouched', severity: 'info', params: { parts: parts.join(', ') } });
  // With an iptables backend v6wizard's chains decide before the other tool's: its IPv6 allowances
  // (ufw's allow rules, say) are shadowed, which its users would not guess.
  if (profile.router.firewallBackend !== 'nftables' && others.tools.length > 0)
    notes.push({
      code: 'firewallDecidesFirst',
      severity: 'warning',
      params: { tools: others.tools.join(' and ') },
    });
  return notes;
}

/** The other tools' firewall parts the plan leaves untouched, one entry each. */
export function untouchedParts(others: OtherFirewall | undefined): string[] {
  if (others === undefined || describeOthers(others) === 'none') return [];
  return [...others.parts, ...others.ipv6DropChains.map((c) => `${c} (policy drop)`)];
}
