import { assertNever } from '../util/assert-never';
import type { Renderer } from './index';
import { renderTunnelIfupdown } from './tunnel-ifupdown';
import { renderTunnelIproute2 } from './tunnel-iproute2';
import { renderTunnelNetplan } from './tunnel-netplan';
import { renderTunnelNetworkd } from './tunnel-networkd';

/**
 * The 6in4 tunnel and the router's LAN address, in the form the router's network system reads.
 * Exactly one system's files are rendered, so two tools never fight over the same interface.
 */
export const renderTunnel: Renderer = (profile, derived, ctx) => {
  const system = profile.router.networkSystem;
  switch (system) {
    case 'ifupdown':
      return renderTunnelIfupdown(profile, derived, ctx);
    case 'systemd-networkd':
      return renderTunnelNetworkd(profile, derived, ctx);
    case 'netplan':
      return renderTunnelNetplan(profile, derived, ctx);
    case 'iproute2':
      return renderTunnelIproute2(profile, derived, ctx);
    default:
      return assertNever(system);
  }
};
