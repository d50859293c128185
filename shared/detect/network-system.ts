import type { Found, NetworkSystemFinding } from './types';
import { found } from './types';

/** What the probes saw that decides the network configuration system. */
export interface NetworkSystemEvidence {
  /** netplan YAML files under /etc/netplan. */
  netplanFiles: string[];
  netplanBinary: boolean;
  /** `systemctl is-active systemd-networkd` said `active` (false without systemd). */
  networkdActive: boolean;
  networkFiles: string[];
  interfacesFile: boolean;
  ifupBinary: boolean;
  /**
   * `systemctl is-active networking` said `active` (true) or something else (false); undefined when
   * it could not be asked (no systemd).
   */
  networkingActive?: boolean;
}

/**
 * netplan first (it generates networkd or NetworkManager configuration, so its YAML is the source to
 * edit), then a running systemd-networkd, then ifupdown; a box with none of them is configured by
 * hand with iproute2 (the profile's `iproute2` system: a oneshot unit of `ip` commands).
 *
 * ifupdown counts only when its networking.service runs: Debian installs ifupdown and an
 * /etc/network/interfaces with just `lo` by default, so their presence alone says nothing. A router
 * whose network is a unit of `ip` commands, taken for ifupdown, got a tunnel in ifupdown's files that
 * nothing raised at the next boot (found on a Debian 13 router VM).
 */
export function decideNetworkSystem(e: NetworkSystemEvidence): Found<NetworkSystemFinding> {
  if (e.netplanFiles.length > 0 && e.netplanBinary) {
    return found({ system: 'netplan', evidence: `netplan configuration: ${e.netplanFiles.join(', ')}` });
  }
  if (e.networkdActive) {
    const files = e.networkFiles.length > 0 ? ` (${String(e.networkFiles.length)} .network files)` : '';
    return found({ system: 'systemd-networkd', evidence: `systemd-networkd is active${files}` });
  }
  if (e.interfacesFile && e.ifupBinary && e.networkingActive !== false) {
    return found({
      system: 'ifupdown',
      evidence:
        e.networkingActive === true
          ? '/etc/network/interfaces and ifup exist, and networking.service is active'
          : '/etc/network/interfaces and ifup exist',
    });
  }
  return found({
    system: 'iproute2',
    evidence:
      e.interfacesFile && e.ifupBinary
        ? 'no netplan or systemd-networkd configuration, and ifupdown is installed but networking.service is not active'
        : 'no netplan, systemd-networkd or ifupdown configuration found',
  });
}
