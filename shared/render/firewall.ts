import { renderFirewallScript, renderFirewallUnit } from './firewall-service';
import { renderProto41Rules } from './firewall-v4';
import { renderIp6tablesRules } from './firewall-v6';
import type { Renderer } from './index';

/**
 * The firewall stage: the IPv6 filter table, the IPv4 protocol-41 chain, the script that loads them
 * and the unit that runs it at boot.
 */
export const renderFirewall: Renderer = (profile, derived, ctx) => [
  renderIp6tablesRules(profile, derived, ctx),
  renderProto41Rules(profile, ctx),
  renderFirewallScript(profile, ctx),
  renderFirewallUnit(ctx),
];
