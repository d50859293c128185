import template from '../../templates/firewall/ip6tables.rules.tmpl?raw';
import { parseV6, parseV6Source } from '../net/addr';
import type { Derived } from '../profile/derive';
import type { Profile } from '../profile/types';
import {
  backendTools,
  ECHO_OFF_COMMENTS,
  ECHO_ON_COMMENT,
  FIREWALL_PATHS,
  FIREWALL_SERVICE,
  V6_CHAINS,
  tunnelMss,
  type IptablesBackend,
} from './firewall-backend';
import { lanServices, lanServicesComment } from './firewall-lan-services';
import { restoreQuote } from './firewall-quote';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

const ICMP6 = '-p ipv6-icmp -m icmp6';
const IN = V6_CHAINS.input;
const FWD = V6_CHAINS.forward;

function canonicalSource(text: string): string {
  const source = parseV6Source(text);
  if (source === undefined) throw new Error(`firewall renderer got an unvalidated source: ${text}`);
  return source;
}

function canonicalHost(text: string): string {
  const host = parseV6(text);
  if (host === undefined) throw new Error(`firewall renderer got an unvalidated host: ${text}`);
  return host;
}

function sshRules(profile: Profile): string {
  const { sshPort, fromLan, allowFrom } = profile.router.management;
  const ssh = `-p tcp -m tcp --dport ${sshPort} -j ACCEPT`;
  const rules = [
    ...(fromLan ? [`-A ${IN} -i ${profile.router.lanInterface} ${ssh}`] : []),
    // Listed sources may come in on any interface: an office prefix reaches the router over the
    // tunnel, and a management network may sit on a third interface.
    ...allowFrom.map((s) => `-A ${IN} -s ${canonicalSource(s)} ${ssh}`),
  ];
  return rules.length > 0 ? rules.join('\n') : '# (this profile allows SSH over IPv6 from nowhere)';
}

function logRule(profile: Profile, chain: string, prefix: string): string {
  if (!profile.firewall.logDrops) return '';
  // Rate-limited so a flood of dropped packets cannot fill the disk with log lines.
  return [
    `# Log what is about to be dropped, at most ${profile.firewall.logRatePerMinute} lines a minute.`,
    `-A ${chain} -m limit --limit ${profile.firewall.logRatePerMinute}/min -j LOG --log-prefix ${restoreQuote(prefix)}`,
  ].join('\n');
}

function lanServiceRules(profile: Profile, derived: Derived): string {
  const lan = profile.router.lanInterface;
  const services = lanServices(profile, derived);
  return [
    lanServicesComment(profile, services),
    ...services.map(
      (s) => `-A ${IN} -i ${lan} -p ${s.protocol} -m ${s.protocol} --dport ${s.port} -j ACCEPT`,
    ),
  ].join('\n');
}

function routerServiceRules(profile: Profile): string {
  const lan = profile.router.lanInterface;
  return profile.firewall.routerServices
    .map(
      (s) =>
        `-A ${IN} -i ${lan} -p ${s.protocol} -m ${s.protocol} --dport ${s.port} -m comment --comment ${restoreQuote(s.name)} -j ACCEPT`,
    )
    .join('\n');
}

function openingRules(profile: Profile): string {
  const { lanInterface: lan } = profile.router;
  const tun = profile.tunnel.interface;
  const rules = profile.firewall.openings.map(
    (o) =>
      `-A ${FWD} -i ${tun} -o ${lan} -d ${canonicalHost(o.host)}/128 -p ${o.protocol} -m ${o.protocol} --dport ${o.port} ` +
      `-m comment --comment ${restoreQuote(o.description)} -j ACCEPT`,
  );
  if (rules.length === 0) return '';
  return ['# Openings from the internet to single LAN hosts, one port each.', ...rules].join('\n');
}

function echoRules(profile: Profile): { input: string; forward: string } {
  if (!profile.firewall.allowEchoFromInternet) return ECHO_OFF_COMMENTS;
  const tun = profile.tunnel.interface;
  return {
    input: `-A ${IN} -i ${tun} ${ICMP6} --icmpv6-type echo-request -j ACCEPT`,
    forward: [
      ECHO_ON_COMMENT,
      `-A ${FWD} -i ${tun} -o ${profile.router.lanInterface} ${ICMP6} --icmpv6-type echo-request -j ACCEPT`,
    ].join('\n'),
  };
}

/**
 * `/etc/v6wizard/ip6tables.rules`: v6wizard's two IPv6 chains, a default-deny baseline after
 * RFC 4890 with LAN→router services, LAN→internet, and per-host openings from the internet. Loaded
 * with `--noflush`, so the rest of the filter table is never touched.
 */
export function renderIp6tablesRules(
  profile: Profile,
  derived: Derived,
  ctx: RenderContext,
  backend: IptablesBackend,
): RenderedFile {
  const tools = backendTools(backend);
  const echo = echoRules(profile);
  const content = fill(template, {
    header: header(ctx),
    restoreCommand: tools.ip6Restore,
    input: IN,
    forward: FWD,
    lan: profile.router.lanInterface,
    tunnel: profile.tunnel.interface,
    lanCidr: derived.lanCidr,
    inputSsh: sshRules(profile),
    inputEchoFromInternet: echo.input,
    lanServices: lanServiceRules(profile, derived),
    routerServices: routerServiceRules(profile),
    inputLog: logRule(profile, IN, 'v6wizard-drop-in: '),
    mtu: String(profile.tunnel.mtu),
    mss: String(tunnelMss(profile.tunnel.mtu)),
    forwardEchoFromInternet: echo.forward,
    openings: openingRules(profile),
    forwardLog: logRule(profile, FWD, 'v6wizard-drop-fwd: '),
  });
  return {
    path: FIREWALL_PATHS.v6Rules,
    mode: 0o644,
    owner: 'root:root',
    service: FIREWALL_SERVICE,
    content,
    validate: [tools.ip6Restore, '--test', '--noflush', '{file}'],
    stage: 'firewall',
    description:
      "The IPv6 firewall in v6wizard's own chains: default deny (refused from the LAN, dropped from the internet) with the ICMPv6 types RFC 4890 requires, LAN access, per-host openings and MSS clamping on the tunnel; other chains are not touched.",
  };
}
