import { noteText, refusals } from './notes';
import { describe, expect, it } from 'vitest';
import { findOtherFirewalls } from '../detect/firewall-others';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { Profile } from '../profile/types';
import { renderFirewall } from '../render/firewall';
import { buildPlan } from './plan';

const ctx = { profileSource: 't' };
const withBackend = (backend: Profile['router']['firewallBackend']): Profile => {
  const p = defaultProfile();
  p.router.firewallBackend = backend;
  return p;
};
const plan = (p: Profile, nftRuleset: string) =>
  buildPlan(p, renderFirewall(p, derive(p), ctx), {
    files: [],
    programs: [],
    firewall: findOtherFirewalls({ nftRuleset }),
  });

const UFW = `table ip6 filter {
	chain ufw6-user-input {
	}

	chain INPUT {
		type filter hook input priority filter; policy drop;
		counter packets 0 bytes 0 jump ufw6-user-input
	}
}
`;
const ACCEPTING = `table inet foreign {
	chain input {
		type filter hook input priority filter; policy accept;
	}
}
`;

describe('the plan and other tools’ firewalls', () => {
  it('refuses nftables behind another IPv6 base chain that drops, naming the field, the find and the way out', () => {
    const p = plan(withBackend('nftables'), UFW);
    const refused = refusals(p.notes);
    expect(refused).toEqual([
      {
        code: 'nftablesBehindForeignDrop',
        severity: 'refuse',
        params: { path: 'router.firewallBackend', found: 'ip6 filter INPUT (ufw)', choose: 'iptables-nft' },
      },
    ]);
    const text = noteText(refused[0]!);
    expect(text).toMatch(/^router\.firewallBackend: nftables is refused on this router/);
    expect(text).toContain('ip6 filter INPUT (ufw)');
    expect(text).toMatch(/cannot override that drop/);
    expect(text).toMatch(/Choose iptables-nft instead/);
  });

  it('applies an iptables backend next to the same firewall, and lists its parts as untouched', () => {
    const p = plan(withBackend('iptables-nft'), UFW);
    expect(refusals(p.notes)).toEqual([]);
    expect(p.steps).toContain('firewall');
    expect(p.notes.find((n) => n.code === 'firewallUntouched')?.params).toEqual({
      parts: 'ip6 filter ufw6-user-input, ip6 filter INPUT (policy drop)',
    });
  });

  it("warns an iptables backend's user that ufw's own IPv6 allowances come after v6wizard's chains", () => {
    const p = plan(withBackend('iptables-nft'), UFW);
    const note = p.notes.find((n) => n.code === 'firewallDecidesFirst');
    expect(note).toEqual({ code: 'firewallDecidesFirst', severity: 'warning', params: { tools: 'ufw' } });
    expect(noteText(note!)).toMatch(
      /^v6wizard's IPv6 chains are jumped to first .* ufw's own IPv6 rules never see/,
    );
    expect(plan(withBackend('iptables-nft'), ACCEPTING).notes.map((n) => n.code)).not.toContain(
      'firewallDecidesFirst',
    );
  });

  it('lets nftables through beside a table that only accepts, and shows that table untouched', () => {
    const p = plan(withBackend('nftables'), ACCEPTING);
    expect(refusals(p.notes)).toEqual([]);
    expect(p.notes.find((n) => n.code === 'firewallUntouched')?.params).toEqual({
      parts: 'table inet foreign',
    });
  });
});
