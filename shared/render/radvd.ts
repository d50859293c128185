import tmpl from '../../templates/radvd/radvd.conf.tmpl?raw';
import { parseV6 } from '../net/addr';
import { header } from './header';
import type { Renderer } from './index';
import { fill } from './template';

/** radvd refuses an RDNSS block with more than three addresses ("too many addresses in RDNSS section"). */
const RDNSS_PER_BLOCK = 3;

const onOff = (flag: boolean): string => (flag ? 'on' : 'off');

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function canonical(address: string): string {
  const parsed = parseV6(address);
  if (parsed === undefined)
    throw new Error(`ra.rdnss holds "${address}", not an IPv6 address: validate the profile first`);
  return parsed;
}

/**
 * RDNSS blocks (RFC 8106), at most three addresses each. The lifetime is 3 × MaxRtrAdvInterval,
 * RFC 8106 §5.1's minimum: with two lifetimes' worth, one lost RA let clients drop their DNS servers
 * until the next. Much longer keeps a removed server in clients' lists for too long. radvd (2.19,
 * 2.20) prints a warning that at most 2 × would drop stale servers faster; it still loads the file,
 * and RFC 8106 is the later word.
 */
function rdnssBlocks(servers: readonly string[], lifetime: number): string {
  if (servers.length === 0) return '';
  const blocks = chunks(servers.map(canonical), RDNSS_PER_BLOCK).map((group) =>
    [`    RDNSS ${group.join(' ')}`, '    {', `        AdvRDNSSLifetime ${lifetime};`, '    };'].join('\n'),
  );
  return `\n${blocks.join('\n\n')}`;
}

/** One DNSSL block with every search domain, with the same lifetime rule as RDNSS. */
function dnsslBlock(domains: readonly string[], lifetime: number): string {
  if (domains.length === 0) return '';
  return [
    '',
    `    DNSSL ${domains.join(' ')}`,
    '    {',
    `        AdvDNSSLLifetime ${lifetime};`,
    '    };',
  ].join('\n');
}

function dnsText(rdnss: boolean, dnssl: boolean): string {
  if (rdnss && dnssl) return ', DNS servers and search domains';
  if (rdnss) return ' and DNS servers';
  if (dnssl) return ' and DNS search domains';
  return '';
}

/**
 * `/etc/radvd.conf`: router advertisements on the LAN for the LAN /64. The M and O flags come from
 * derive() (the DHCPv6 mode) and nowhere else, so the RA and the DHCPv6 server always agree.
 * AdvLinkMTU is written only when the profile sets one (0 means "do not announce").
 */
export const renderRadvd: Renderer = (profile, derived, ctx) => {
  const { ra } = profile;
  const dnsLifetime = 3 * ra.maxIntervalSeconds;
  const content = fill(tmpl, {
    header: header(ctx),
    dnsText: dnsText(ra.rdnss.length > 0, ra.dnssl.length > 0),
    lan: profile.router.lanInterface,
    minInterval: String(ra.minIntervalSeconds),
    maxInterval: String(ra.maxIntervalSeconds),
    defaultLifetime: String(ra.defaultLifetimeSeconds),
    linkMtu: ra.linkMtu === 0 ? '' : `    AdvLinkMTU ${ra.linkMtu};`,
    dhcpMode: profile.dhcpv6.mode,
    managed: onOff(derived.managedFlag),
    other: onOff(derived.otherConfigFlag),
    lanCidr: derived.lanCidr,
    validLifetime: String(ra.validLifetimeSeconds),
    preferredLifetime: String(ra.preferredLifetimeSeconds),
    rdnss: rdnssBlocks(ra.rdnss, dnsLifetime),
    dnssl: dnsslBlock(ra.dnssl, dnsLifetime),
  });
  return [
    {
      path: '/etc/radvd.conf',
      mode: 0o644,
      owner: 'root:root',
      service: 'radvd',
      content,
      validate: ['radvd', '--configtest', '--config', '{file}'],
      stage: 'ra',
      description: `radvd: announces ${derived.lanCidr} on ${profile.router.lanInterface} for SLAAC, with this router as the default gateway (DHCPv6 flags: M ${onOff(derived.managedFlag)}, O ${onOff(derived.otherConfigFlag)}).`,
    },
  ];
};
