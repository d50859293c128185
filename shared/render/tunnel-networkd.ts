import lanTmpl from '../../templates/tunnel/networkd-lan.conf.tmpl?raw';
import netdevTmpl from '../../templates/tunnel/networkd-tunnel.netdev.tmpl?raw';
import networkTmpl from '../../templates/tunnel/networkd-tunnel.network.tmpl?raw';
import wanTmpl from '../../templates/tunnel/networkd-wan.conf.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { DadStrategy, Profile } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { header } from './header';
import { fill, lines } from './template';
import { lanAddress, ROOT_OWNER, tunnelAddress, tunnelIpv4, unreachableRoute } from './tunnel-common';
import type { RenderContext, RenderedFile } from './types';

const DIR = '/etc/systemd/network';
const SERVICE = 'systemd-networkd';

/**
 * DAD with systemd-networkd 252 (systemd.network(5), [Address] section):
 * - disable: `DuplicateAddressDetection=none` on the LAN address.
 * - optimistic: [Address] has no option for the `optimistic` flag, and optimistic_dad in sysctl only
 *   affects addresses the kernel makes itself, so the LAN address runs ordinary DAD.
 * - wait/sleep: nothing here; the DAD stage waits.
 * The tunnel needs no option: sit links are NOARP and the kernel skips DAD on them.
 */
function dadOption(strategy: DadStrategy): string {
  switch (strategy) {
    case 'disable':
      return 'DuplicateAddressDetection=none';
    case 'optimistic':
    case 'wait':
    case 'sleep':
      return '';
    default:
      return assertNever(strategy);
  }
}

function required(value: string | undefined, what: string): string {
  if (value === undefined)
    throw new Error(`${what} is required for systemd-networkd: validate the profile first`);
  return value;
}

/**
 * The unreachable route for the routed prefix (see unreachableRoute) as a networkd [Route] section of
 * its own: a route type, no gateway, no device.
 */
function unreachableSection(prefix: string | undefined): string {
  if (prefix === undefined) return '';
  return lines(
    '',
    '# Unused subnets of the routed prefix end here instead of bouncing between this router and the',
    "# broker (RFC 7084 WPD-5); the LAN's /64 is more specific and wins.",
    '[Route]',
    `Destination=${prefix}`,
    'Type=unreachable',
  );
}

/**
 * The systemd-networkd files: the sit netdev, its .network (address and default route), and two
 * drop-ins beside the person's own WAN and LAN .network files. The tunnel is attached through
 * `Tunnel=` in the WAN's file, so it comes and goes with the WAN link; the person's files are never
 * replaced. systemd-networkd applies all four.
 */
export function renderTunnelNetworkd(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const { tunnel, router } = profile;
  const v4 = tunnelIpv4(tunnel);
  const wanNetworkFile = required(router.wanNetworkFile, 'router.wanNetworkFile');
  const lanNetworkFile = required(router.lanNetworkFile, 'router.lanNetworkFile');
  const wanDropIn = `${DIR}/${wanNetworkFile}.d/60-v6wizard-tunnel.conf`;
  const base = `${DIR}/60-v6wizard-${tunnel.interface}`;
  const file = (path: string, content: string, description: string): RenderedFile => ({
    path,
    mode: 0o644,
    owner: ROOT_OWNER,
    service: SERVICE,
    content,
    stage: 'network',
    description,
  });
  return [
    file(
      `${base}.netdev`,
      fill(netdevTmpl, {
        header: header(ctx),
        wanDropIn,
        tunnel: tunnel.interface,
        mtu: String(tunnel.mtu),
        localIpv4: v4.local,
        serverIpv4: v4.server,
        ttl: String(tunnel.ttl),
      }),
      `systemd-networkd: creates the 6in4 tunnel ${tunnel.interface} from ${v4.local} to ${v4.server}.`,
    ),
    file(
      `${base}.network`,
      fill(networkTmpl, {
        header: header(ctx),
        tunnel: tunnel.interface,
        tunnelAddress: tunnelAddress(derived),
        serverIpv6: derived.tunnelServer,
        unreachable: unreachableSection(unreachableRoute(derived)),
      }),
      `systemd-networkd: puts ${tunnelAddress(derived)} on ${tunnel.interface} and routes IPv6 to the internet via ${derived.tunnelServer}.`,
    ),
    file(
      wanDropIn,
      fill(wanTmpl, { header: header(ctx), wanNetworkFile, tunnel: tunnel.interface }),
      `systemd-networkd: attaches the tunnel ${tunnel.interface} to the WAN (${router.wanInterface}) configured by ${wanNetworkFile}.`,
    ),
    file(
      `${DIR}/${lanNetworkFile}.d/60-v6wizard-lan.conf`,
      fill(lanTmpl, {
        header: header(ctx),
        lanNetworkFile,
        lanAddress: lanAddress(derived),
        dadOption: dadOption(profile.dad.strategy),
      }),
      `systemd-networkd: adds ${lanAddress(derived)} to the LAN (${router.lanInterface}) configured by ${lanNetworkFile}, and leaves router advertisements to radvd.`,
    ),
  ];
}
