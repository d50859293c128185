import { renderFirewallScript, renderFirewallUnit } from './firewall-service';
import { renderNftRules } from './firewall-nft';
import { renderProto41Rules } from './firewall-v4';
import { renderIp6tablesRules } from './firewall-v6';
import type { Renderer } from './index';

/**
 * The firewall stage: the rules (one nftables file, or the IPv6 chains and the IPv4 protocol-41
 * chain for an iptables backend), the script that loads them and the unit that runs it at boot.
 */
export const renderFirewall: Renderer = (profile, derived, ctx) => {
  const backend = profile.router.firewallBackend;
  const rules =
    backend === 'nftables'
      ? [renderNftRules(profile, derived, ctx)]
      : [renderIp6tablesRules(profile, derived, ctx, backend), renderProto41Rules(profile, ctx, backend)];
  return [...rules, renderFirewallScript(backend, ctx), renderFirewallUnit(ctx)];
};
