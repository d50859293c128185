import { assertNever } from '../util/assert-never';
import type { FirewallBackend } from '../profile/types';

/** Where the firewall files live on the router. */
export const FIREWALL_PATHS = {
  v6Rules: '/etc/v6wizard/ip6tables.rules',
  v4Rules: '/etc/v6wizard/iptables-proto41.rules',
  nftRules: '/etc/v6wizard/v6wizard.nft',
  script: '/usr/local/sbin/v6wizard-firewall',
  unit: '/etc/systemd/system/v6wizard-firewall.service',
} as const;

/** The IPv4 chain that holds the protocol-41 rule; the only IPv4 state v6wizard owns (iptables backends). */
export const PROTO41_CHAIN = 'V6WIZARD-PROTO41';
/**
 * The IPv6 chains of the iptables backends. v6wizard owns these two chains and one jump to each at
 * the top of INPUT and FORWARD, nothing else: the built-in chains' policies and every other chain
 * (Docker's, libvirt's, ufw's, the person's) stay as they are.
 */
export const V6_CHAINS = { input: 'V6WIZARD-INPUT', forward: 'V6WIZARD-FORWARD' } as const;
/** The nftables backend's one table, `table inet v6wizard`; v6wizard never touches any other table. */
export const NFT_TABLE = 'v6wizard';
export const FIREWALL_SERVICE = 'v6wizard-firewall';

/** The iptables commands of one iptables backend. */
export interface BackendTools {
  ip6tables: string;
  ip6Restore: string;
  ip6Save: string;
  iptables: string;
  ipRestore: string;
}

/** The iptables backends, i.e. every backend but `nftables`. */
export type IptablesBackend = Exclude<FirewallBackend, 'nftables'>;

/**
 * The binaries for an iptables backend. Both flavours are named explicitly (never the `iptables`
 * alternative), because rules loaded through one flavour are invisible to the other and a mix leaves
 * two firewalls.
 */
export function backendTools(backend: IptablesBackend): BackendTools {
  switch (backend) {
    case 'iptables-nft':
      return {
        ip6tables: 'ip6tables-nft',
        ip6Restore: 'ip6tables-nft-restore',
        ip6Save: 'ip6tables-nft-save',
        iptables: 'iptables-nft',
        ipRestore: 'iptables-nft-restore',
      };
    case 'iptables-legacy':
      return {
        ip6tables: 'ip6tables-legacy',
        ip6Restore: 'ip6tables-legacy-restore',
        ip6Save: 'ip6tables-legacy-save',
        iptables: 'iptables-legacy',
        ipRestore: 'iptables-legacy-restore',
      };
    default:
      return assertNever(backend);
  }
}

/** The program that checks and loads a backend's IPv6 rules (install.sh's and the plan's requirement). */
export function backendLoader(backend: FirewallBackend): string {
  return backend === 'nftables' ? 'nft' : backendTools(backend).ip6Restore;
}

/**
 * The TCP MSS both renderings clamp SYNs through the tunnel to: the tunnel MTU minus 40 bytes of IPv6
 * header and 20 of TCP header.
 */
export function tunnelMss(tunnelMtu: number): number {
  return tunnelMtu - 60;
}

/** The file comments both renderings write where a profile turns echo from the internet off. */
export const ECHO_OFF_COMMENTS = {
  input: '# Echo requests from the internet are not answered (profile: allowEchoFromInternet off).',
  forward: '# Echo requests from the internet to LAN hosts are dropped (profile: allowEchoFromInternet off).',
} as const;
/** The comment above the forward echo rule when a profile turns echo from the internet on. */
export const ECHO_ON_COMMENT =
  '# Echo requests from the internet to LAN hosts (profile: allowEchoFromInternet on).';
