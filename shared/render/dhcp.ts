import type { Derived } from '../profile/derive';
import type { Profile } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { renderDnsmasq } from './dhcp-dnsmasq';
import { renderIscDhcpd } from './dhcp-isc';
import { renderKea } from './dhcp-kea';
import { renderWide } from './dhcp-wide';
import type { Renderer } from './index';
import type { RenderContext, RenderedFile } from './types';

function renderServer(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const server = profile.dhcpv6.server;
  switch (server) {
    case 'kea':
      return renderKea(profile, derived, ctx);
    case 'isc-dhcpd':
      return renderIscDhcpd(profile, derived, ctx);
    case 'dnsmasq':
      return renderDnsmasq(profile, derived, ctx);
    case 'wide-dhcp6s':
      return renderWide(profile, derived, ctx);
    default:
      return assertNever(server);
  }
}

/**
 * The DHCPv6 server's files for the chosen server, or none in mode 'none' (SLAAC plus the RA's
 * RDNSS/DNSSL). Every server is configured for the LAN interface only and never sends RAs: radvd
 * owns the M/O flags, so they can never disagree with the mode rendered here.
 */
export const renderDhcp: Renderer = (profile, derived, ctx) => {
  const mode = profile.dhcpv6.mode;
  switch (mode) {
    case 'none':
      return [];
    case 'stateless':
    case 'stateful':
      return renderServer(profile, derived, ctx);
    default:
      return assertNever(mode);
  }
};
