import type { Vm } from './vm';

/**
 * The fail-closed property, read on the router: IPv6 forwarding and whether v6wizard's IPv6 filter is
 * loaded (its nftables table, or its V6WIZARD-INPUT chain in either iptables flavour). Printed as
 * `FORWARDING FILTERED`, e.g. `1 yes`. One description, used by the apply's per-step samples and by
 * install.sh's (tests/lab/vm/example-setup.ts).
 */
export const FAIL_CLOSED_SAMPLE_SH = `
f=$(sysctl -n net.ipv6.conf.all.forwarding 2>/dev/null || echo '?')
fw=no
if nft list table inet v6wizard >/dev/null 2>&1; then fw=yes; fi
if command -v ip6tables-nft >/dev/null 2>&1 && ip6tables-nft -w -n -L V6WIZARD-INPUT >/dev/null 2>&1; then fw=yes; fi
# Legacy is asked only when its table exists: asking would load its modules and change the router.
if grep -qsx filter /proc/net/ip6_tables_names && ip6tables-legacy -w -n -L V6WIZARD-INPUT >/dev/null 2>&1; then fw=yes; fi
echo "$f $fw"`;

export interface FailClosedSample {
  /** When it was taken (a step's name, or install.sh's command). */
  at: string;
  forwarding: string;
  filtered: boolean;
}

export async function sampleFailClosed(vm: Vm, at: string): Promise<FailClosedSample> {
  const r = await vm.exec(['bash', '-c', FAIL_CLOSED_SAMPLE_SH]);
  const [forwarding = '?', fw = 'no'] = r.stdout.trim().split(' ');
  return { at, forwarding, filtered: fw === 'yes' };
}

/** The samples where the router forwarded IPv6 with no v6wizard filter loaded. */
export function openMoments(samples: readonly FailClosedSample[]): FailClosedSample[] {
  return samples.filter((s) => s.forwarding !== '0' && !s.filtered);
}

/** A check's "saw": how many moments were sampled and which, if any, were open. */
export function describeSamples(samples: readonly FailClosedSample[]): string {
  const open = openMoments(samples);
  return open.length === 0
    ? `${samples.length} moments sampled, forwarding never on without the filter`
    : `open at: ${open.map((s) => `${s.at} (forwarding=${s.forwarding}, no filter)`).join('; ')}`;
}
