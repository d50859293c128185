import { assertNever } from '../util/assert-never';
import type { FirewallBackend } from '../profile/types';

/** Where the firewall files live on the router. */
export const FIREWALL_PATHS = {
  v6Rules: '/etc/v6wizard/ip6tables.rules',
  v4Rules: '/etc/v6wizard/iptables-proto41.rules',
  script: '/usr/local/sbin/v6wizard-firewall',
  unit: '/etc/systemd/system/v6wizard-firewall.service',
} as const;

/** The IPv4 chain that holds the protocol-41 rule; the only IPv4 state v6wizard owns. */
export const PROTO41_CHAIN = 'V6WIZARD-PROTO41';

export const FIREWALL_SERVICE = 'v6wizard-firewall';

/** The iptables commands of one backend. */
export interface BackendTools {
  ip6tables: string;
  ip6Restore: string;
  iptables: string;
  ipRestore: string;
}

/**
 * The binaries for a backend. Both flavours are named explicitly (never the `iptables` alternative),
 * because rules loaded through one flavour are invisible to the other and a mix leaves two firewalls.
 */
export function backendTools(backend: FirewallBackend): BackendTools {
  switch (backend) {
    case 'iptables-nft':
      return {
        ip6tables: 'ip6tables-nft',
        ip6Restore: 'ip6tables-nft-restore',
        iptables: 'iptables-nft',
        ipRestore: 'iptables-nft-restore',
      };
    case 'iptables-legacy':
      return {
        ip6tables: 'ip6tables-legacy',
        ip6Restore: 'ip6tables-legacy-restore',
        iptables: 'iptables-legacy',
        ipRestore: 'iptables-legacy-restore',
      };
    default:
      return assertNever(backend);
  }
}
