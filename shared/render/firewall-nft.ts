import template from '../../templates/firewall/v6wizard.nft.tmpl?raw';
import { parseV4, parseV6, parseV6Source } from '../net/addr';
import type { Derived } from '../profile/derive';
import type { Profile } from '../profile/types';
import {
  ECHO_OFF_COMMENTS,
  ECHO_ON_COMMENT,
  FIREWALL_PATHS,
  FIREWALL_SERVICE,
  NFT_TABLE,
  tunnelMss,
} from './firewall-backend';
import { lanServices, lanServicesComment } from './firewall-lan-services';
import { nftQuote } from './firewall-nft-quote';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

/**
 * The nftables rendering of the same policy as `firewall-v6.ts`, rule for rule and in the same order
 * (the golden cases show the two side by side, and the namespace test sends the same packets through
 * both).
 */

function canonical<T>(parse: (s: string) => T | undefined, text: string, what: string): T {
  const value = parse(text);
  if (value === undefined) throw new Error(`firewall renderer got an unvalidated ${what}: ${text}`);
  return value;
}

function sshRules(profile: Profile): string {
  const { sshPort, fromLan, allowFrom } = profile.router.management;
  const rules = [
    ...(fromLan ? [`iifname "${profile.router.lanInterface}" tcp dport ${sshPort} accept`] : []),
    // Listed sources may come in on any interface: an office prefix reaches the router over the
    // tunnel, and a management network may sit on a third interface.
    ...allowFrom.map((s) => `ip6 saddr ${canonical(parseV6Source, s, 'source')} tcp dport ${sshPort} accept`),
  ];
  return rules.length > 0 ? rules.join('\n') : '# (this profile allows SSH over IPv6 from nowhere)';
}

function logRule(profile: Profile, prefix: string): string {
  if (!profile.firewall.logDrops) return '';
  // Rate-limited so a flood of dropped packets cannot fill the disk with log lines.
  return [
    `# Log what is about to be dropped, at most ${profile.firewall.logRatePerMinute} lines a minute.`,
    `limit rate ${profile.firewall.logRatePerMinute}/minute log prefix ${nftQuote(prefix)}`,
  ].join('\n');
}

function lanServiceRules(profile: Profile, derived: Derived): string {
  const lan = profile.router.lanInterface;
  const services = lanServices(profile, derived);
  return [
    lanServicesComment(profile, services),
    ...services.map((s) => `iifname "${lan}" ${s.protocol} dport ${s.port} accept`),
  ].join('\n');
}

function routerServiceRules(profile: Profile): string {
  const lan = profile.router.lanInterface;
  return profile.firewall.routerServices
    .map((s) => `iifname "${lan}" ${s.protocol} dport ${s.port} accept comment ${nftQuote(s.name)}`)
    .join('\n');
}

function openingRules(profile: Profile): string {
  const lan = profile.router.lanInterface;
  const tun = profile.tunnel.interface;
  const rules = profile.firewall.openings.map(
    (o) =>
      `iifname "${tun}" oifname "${lan}" ip6 daddr ${canonical(parseV6, o.host, 'host')} ${o.protocol} dport ${o.port} ` +
      `accept comment ${nftQuote(o.description)}`,
  );
  if (rules.length === 0) return '';
  return ['# Openings from the internet to single LAN hosts, one port each.', ...rules].join('\n');
}

function echoRules(profile: Profile): { input: string; forward: string } {
  if (!profile.firewall.allowEchoFromInternet) return ECHO_OFF_COMMENTS;
  const tun = profile.tunnel.interface;
  return {
    input: `iifname "${tun}" icmpv6 type echo-request accept`,
    forward: [
      ECHO_ON_COMMENT,
      `iifname "${tun}" oifname "${profile.router.lanInterface}" icmpv6 type echo-request accept`,
    ].join('\n'),
  };
}

/**
 * `/etc/v6wizard/v6wizard.nft`: `table inet v6wizard`, the IPv6 baseline after RFC 4890 and the IPv4
 * protocol-41 accept, replaced atomically by `nft -f` and never touching another table.
 */
export function renderNftRules(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile {
  const echo = echoRules(profile);
  const content = fill(template, {
    header: header(ctx),
    table: NFT_TABLE,
    server: canonical(parseV4, profile.tunnel.serverIpv4, 'server'),
    lan: profile.router.lanInterface,
    tunnel: profile.tunnel.interface,
    lanCidr: derived.lanCidr,
    inputSsh: sshRules(profile),
    inputEchoFromInternet: echo.input,
    lanServices: lanServiceRules(profile, derived),
    routerServices: routerServiceRules(profile),
    inputLog: logRule(profile, 'v6wizard-drop-in: '),
    mtu: String(profile.tunnel.mtu),
    mss: String(tunnelMss(profile.tunnel.mtu)),
    forwardEchoFromInternet: echo.forward,
    openings: openingRules(profile),
    forwardLog: logRule(profile, 'v6wizard-drop-fwd: '),
  });
  return {
    path: FIREWALL_PATHS.nftRules,
    mode: 0o644,
    owner: 'root:root',
    service: FIREWALL_SERVICE,
    content,
    validate: ['nft', '-c', '-f', '{file}'],
    stage: 'firewall',
    description:
      "The firewall as nftables table inet v6wizard: IPv6 default deny (refused from the LAN, dropped from the internet) with the ICMPv6 types RFC 4890 requires, LAN access, per-host openings and MSS clamping on the tunnel, plus the tunnel's protocol 41 from the broker and from nobody else; no other table is touched.",
  };
}
