import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import type { VerifyResult } from '../../shared/plan/apply';
import type { RenderedFile } from '../../shared/render/types';

export type { VerifyResult } from '../../shared/plan/apply';

/** The rules of the nftables file's two IPv6 chains, counted as verify.sh counts `nft list` output. */
function nftRuleCount(content: string): number {
  let on = false;
  let n = 0;
  for (const line of content.slice(content.lastIndexOf('table inet ')).split('\n')) {
    if (/^\tchain (input6|forward6) \{/.test(line)) on = true;
    else if (on && line === '\t}') on = false;
    else if (on && line.trim() !== '' && !line.trim().startsWith('#')) n++;
  }
  return n;
}

/**
 * The IPv6 rules the rendered firewall loads into v6wizard's own chains: the `-A V6WIZARD-…` lines of
 * the ip6tables file, or the rules of the nftables table's input6 and forward6 chains.
 */
export function expectedRuleCount(files: readonly RenderedFile[]): number | undefined {
  const fw = files.filter((f) => f.stage === 'firewall');
  const nft = fw.find((f) => f.path.endsWith('.nft'));
  if (nft !== undefined) return nftRuleCount(nft.content);
  const rules = fw.find((f) => f.content.includes(':V6WIZARD-INPUT '));
  return rules?.content.split('\n').filter((l) => /^-A V6WIZARD-(INPUT|FORWARD) /.test(l)).length;
}

/** Parse the verify script's lines; the firewall line is judged here against the rendered rules. */
export function parseVerify(stdout: string, files: readonly RenderedFile[]): VerifyResult[] {
  const expected = expectedRuleCount(files);
  const nftables = files.some((f) => f.stage === 'firewall' && f.path.endsWith('.nft'));
  return stdout
    .split('\n')
    .filter((l) => l.includes('\t'))
    .map((l) => {
      const [name = '', status = '', detail = ''] = l.split('\t');
      if (name !== 'firewall') return { name, ok: status === 'ok', detail };
      const count = Number(/rules=(\d+)/.exec(detail)?.[1] ?? -1);
      // The iptables backends' chains only filter when INPUT and FORWARD jump to them.
      const wired = nftables ? /table=inet-v6wizard/.test(detail) : /jumps=2\b/.test(detail);
      return {
        name,
        ok: status === 'ok' && count === expected && wired,
        detail: `${detail.trim()} (expected ${expected ?? '?'} rules${nftables ? ' in table inet v6wizard' : ' and a jump to each of V6WIZARD-INPUT and V6WIZARD-FORWARD'})`,
      };
    });
}

/**
 * The likely cause of a failed check, in words (the field guide's traps: protocol 41 blocked before
 * the router, the broker still sending to an old IPv4, a daemon refusing its config).
 */
export function likelyCause(results: readonly VerifyResult[], profile: Profile): string {
  const failed = new Set(results.filter((r) => !r.ok).map((r) => r.name));
  if (failed.has('tunnel'))
    return `the tunnel interface ${profile.tunnel.interface} did not come up; check the tunnel configuration and that the sit module loads`;
  if (failed.has('broker'))
    return `the broker's tunnel address ${profile.tunnel.serverIpv6} does not answer: IP protocol 41 may be blocked upstream (a NAT router in front must forward protocol 41 to ${profile.tunnel.localIpv4}), or the broker's endpoint still points at an old IPv4 (update it at the broker, or give the update key)`;
  if (failed.has('route'))
    return 'the IPv6 default route does not go through the tunnel; another default route (e.g. learned from an RA) may be in the way';
  if (failed.has('outside'))
    return `the broker's tunnel address answers, but the outside address does not answer the router's LAN address ${derive(profile).lanRouter}: the broker may not route ${profile.tunnel.routedPrefix} to this tunnel (check the routed prefix at the broker), or that host does not answer ping`;
  if (failed.has('forwarding'))
    return 'IPv6 forwarding is off: v6wizard-forwarding.service switches it on only while v6wizard-firewall.service is loaded (see systemctl status v6wizard-firewall v6wizard-forwarding), or something else switched it off';
  if (failed.has('ra'))
    return 'radvd does not answer router solicitations on the LAN; it may have refused its config (journalctl -u radvd)';
  if (failed.has('dhcp'))
    return `the DHCPv6 server (${profile.dhcpv6.server}) is not listening; it may have refused its config`;
  if (failed.has('firewall'))
    return 'the loaded IPv6 rules differ from the rendered ones; another firewall tool may have replaced them';
  if (failed.has('boot'))
    return `the settings work now but only live: the boot configuration would not raise ${profile.router.lanInterface} with its address, so after the next reboot the LAN would have no IPv6 (add "allow-hotplug ${profile.router.lanInterface}" to your ifupdown stanza, or turn on router.raiseLanAtBoot)`;
  if (failed.has('dad'))
    return 'an address is still tentative or failed duplicate address detection (another host uses it)';
  return '';
}
