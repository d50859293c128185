import tmpl from '../../templates/tunnel/ifupdown-v6wizard.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { DadStrategy, Profile } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { header } from './header';
import { fill, lines } from './template';
import { lanAddress, ROOT_OWNER, tunnelAddress, tunnelIpv4, unreachableRoute } from './tunnel-common';
import type { RenderContext, RenderedFile } from './types';

/**
 * DAD with ifupdown (interfaces(5), ifupdown 0.8):
 * - disable: the inet6 static method's `dad-attempts 0` adds the address with `nodad`.
 * - optimistic: no option exists for the `optimistic` flag, and optimistic_dad in sysctl only
 *   affects addresses the kernel makes itself, so the LAN address runs ordinary DAD.
 * - wait/sleep: the static method already waits for DAD to settle (dad-attempts 60 × 0.1 s);
 *   the DAD stage adds the wait on exactly the configured addresses.
 * The tunnel needs no option: sit links are NOARP and the kernel skips DAD on them.
 */
function dadOption(strategy: DadStrategy): string {
  switch (strategy) {
    case 'disable':
      return 'dad-attempts 0';
    case 'optimistic':
    case 'wait':
    case 'sleep':
      return '';
    default:
      return assertNever(strategy);
  }
}

/** Where v6wizard's ifupdown stanzas go (sourced by the person's /etc/network/interfaces). */
export const IFUPDOWN_FILE = '/etc/network/interfaces.d/v6wizard';

/**
 * Who raises the LAN at boot. The plan checks the person's files against this (shared/plan/boot.ts):
 * an address that only exists because the apply added it live is gone after the next reboot.
 * allow-hotplug rather than auto: udev raises it whenever the interface appears, also when another
 * tool creates it after networking.service has run, and a missing interface never fails the boot.
 */
/**
 * The unreachable route for the routed prefix (see unreachableRoute), added with the tunnel and
 * removed with it; the delete may find it gone already.
 */
function unreachableLines(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  return lines(
    '    # Unused subnets of the routed prefix end here instead of bouncing between this router and the',
    "    # broker (RFC 7084 WPD-5); the LAN's /64 is more specific and wins.",
    `    up ip -6 route replace unreachable ${prefix}`,
    `    down ip -6 route del unreachable ${prefix} 2>/dev/null || true`,
  );
}

function lanBootLines(lan: string, raise: boolean): string {
  return raise
    ? lines(
        "# The router's own address in the LAN /64. Nothing else in ifupdown's files raises the interface",
        '# at boot (another tool creates or raises it), so the allow-hotplug line does, whenever it appears.',
        `allow-hotplug ${lan}`,
      )
    : lines(
        '# The router\'s own address in the LAN /64, beside the interface\'s existing IPv4 stanza. No "auto"',
        "# line: the person's own stanza already brings the interface up, and ifup configures every stanza",
        '# of an interface.',
      );
}

/**
 * `/etc/network/interfaces.d/v6wizard` for ifupdown: the sit tunnel (v4tunnel method) and the
 * router's LAN address (a second, inet6 stanza for the LAN interface; the person's inet stanza stays
 * where it is). ifup applies it, so no service is named.
 *
 * The addresses are written as `ADDRESS/LEN` without `netmask`: netmask is deprecated there, and
 * ifupdown appends it to an address that already has a length (`…/64/64`).
 */
export function renderTunnelIfupdown(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const { tunnel, router } = profile;
  const v4 = tunnelIpv4(tunnel);
  const content = fill(tmpl, {
    header: header(ctx),
    tunnel: tunnel.interface,
    tunnelAddress: tunnelAddress(derived),
    serverIpv4: v4.server,
    localIpv4: v4.local,
    ttl: String(tunnel.ttl),
    serverIpv6: derived.tunnelServer,
    mtu: String(tunnel.mtu),
    lan: router.lanInterface,
    lanBoot: lanBootLines(router.lanInterface, router.raiseLanAtBoot === true),
    unreachable: unreachableLines(unreachableRoute(derived)),
    lanAddress: lanAddress(derived),
    dadOption: dadOption(profile.dad.strategy),
  });
  return [
    {
      path: IFUPDOWN_FILE,
      mode: 0o644,
      owner: ROOT_OWNER,
      content,
      stage: 'network',
      description: `ifupdown: the 6in4 tunnel ${tunnel.interface} to ${v4.server} with the IPv6 default route, and ${lanAddress(derived)} on ${router.lanInterface}.`,
    },
  ];
}
