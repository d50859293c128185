import type { NetplanFindings } from './netplan';
/**
 * What detect found on a router. Every probe can fail on a minimal system (no iptables, no dpkg, no
 * systemd), so each finding is `Found<T>`: a value, or "unknown" with the reason — never a crash.
 */
import type { Distro, FirewallBackend, NetworkSystem } from '../profile/types';
import type { OtherFirewall } from './firewall-others';
import type { IfupdownFile } from './ifupdown';

export type Found<T> = { known: true; value: T } | { known: false; reason: string };

/** A finding. */
export const found = <T>(value: T): Found<T> => ({ known: true, value });
/** A probe that could not answer, and why (in words a person can act on). */
export const unknown = <T>(reason: string): Found<T> => ({ known: false, reason });

export interface OsInfo {
  /** `ID` from /etc/os-release, e.g. `debian`. */
  id: string;
  versionId: string | undefined;
  prettyName: string;
  /** The profile's distro when v6wizard supports it, else `other`. */
  family: Distro | 'other';
}

export interface IfAddress {
  family: 'inet' | 'inet6';
  address: string;
  prefixLength: number;
  scope: string;
  /** DAD state of an IPv6 address: still being checked, or found to be a duplicate. */
  tentative: boolean;
  dadfailed: boolean;
  /** A limited lifetime: leased from a DHCP server or learned by SLAAC, not set by hand. */
  dynamic: boolean;
}

export interface NetInterface {
  name: string;
  /** `UP` in the interface flags (administratively up). */
  up: boolean;
  /** Operational state as the kernel reports it (UP, DOWN, UNKNOWN, LOWERLAYERDOWN…). */
  operstate: string;
  /** Link type: ether, loopback, sit, none… */
  linkType: string;
  mac: string | undefined;
  mtu: number | undefined;
  addresses: IfAddress[];
}

export interface Route {
  /** `default` or a prefix such as `192.0.2.0/24`. */
  dst: string;
  gateway: string | undefined;
  dev: string | undefined;
  protocol: string | undefined;
  metric: number | undefined;
}

export interface RuleCount {
  /** Rules (`-A` lines) per table. */
  rulesByTable: Record<string, number>;
  total: number;
  /** Chains whose policy is not ACCEPT, as `table/CHAIN POLICY`. */
  restrictivePolicies: string[];
}

export interface PackageState {
  installed: boolean;
  version: string | undefined;
}

export interface FileState {
  path: string;
  exists: boolean;
  /** Hex SHA-256 of the content, when the file exists and could be read. */
  sha256: string | undefined;
}

export interface InterfaceGuess {
  wan: Found<{ name: string; ipv4: string | undefined; why: string }>;
  /** The best LAN guess, and every interface that could be the LAN (the guess first). */
  lan: Found<{ name: string; why: string; candidates: string[] }>;
  /** Whether the WAN's IPv4 is private or shared address space, i.e. the router is behind a NAT. */
  wanBehindNat: Found<boolean>;
}

/** A socket listening on a port (`ss -l`). */
export interface PortListener {
  proto: 'udp' | 'tcp';
  /** The local address without brackets or device: `127.0.0.53`, `::`, `*` for the wildcard. */
  address: string;
  port: number;
  /** The device the socket is bound to (`%lo`), when there is one. */
  device: string | undefined;
  /** The program's name (`systemd-resolve`, `dnsmasq`), when ss could tell (as root). */
  process: string | undefined;
}

export interface NetworkSystemFinding {
  system: NetworkSystem;
  /** What pointed to it, e.g. `/etc/network/interfaces and ifup exist`. */
  evidence: string;
}

export interface DetectResult {
  os: Found<OsInfo>;
  /** `systemd` when PID 1 is systemd (/run/systemd/system exists), else `other`. */
  init: Found<'systemd' | 'other'>;
  networkSystem: Found<NetworkSystemFinding>;
  /** systemd-networkd: the .network files (basenames) that configure the guessed WAN and LAN. */
  networkFiles: { wan: string | undefined; lan: string | undefined };
  /** netplan: the devices the person's files in /{lib,etc,run}/netplan define (absent without netplan). */
  netplan?: Found<NetplanFindings>;
  interfaces: Found<NetInterface[]>;
  routes4: Found<Route[]>;
  routes6: Found<Route[]>;
  /** Whether the kernel can make a 6in4 (sit) tunnel, and how that was seen. */
  sit: Found<{ available: boolean; how: string }>;
  firewallBackend: Found<FirewallBackend>;
  /** Other tools' chains and tables in the firewall (Docker, ufw, libvirt, firewalld, the person's own). */
  otherFirewall: Found<OtherFirewall>;
  rules4: Found<RuleCount>;
  rules6: Found<RuleCount>;
  packages: Record<string, Found<PackageState>>;
  services: Record<string, Found<string>>;
  /** sysctl name → value, e.g. `net.ipv6.conf.eth0.accept_ra` → `1`. */
  sysctls: Found<Record<string, string>>;
  files: Found<FileState>[];
  guess: InterfaceGuess;
  /** What listens on port 53 (UDP and TCP): systemd-resolved's stub, dnsmasq, another DNS server. */
  dnsListeners: Found<PortListener[]>;
  /**
   * ifupdown: /etc/network/interfaces and the files under /etc/network it can source, as text (the
   * plan and the prefill read what raises the LAN at boot from it). Undefined on other network systems.
   */
  ifupdown: Found<IfupdownFile[]> | undefined;
}

/** The packages detect asks dpkg about. */
export const DETECT_PACKAGES = [
  'radvd',
  'kea-dhcp6-server',
  'isc-dhcp-server',
  'dnsmasq',
  'dnsmasq-base',
  'wide-dhcpv6-server',
  'iptables',
  'netplan.io',
  'ifupdown',
] as const;

/** The systemd units detect asks about. */
export const DETECT_SERVICES = [
  'radvd',
  'kea-dhcp6-server',
  'isc-dhcp-server6',
  'dnsmasq',
  'wide-dhcpv6-server',
  'systemd-networkd',
  'networking',
  'netfilter-persistent',
  'systemd-resolved',
] as const;
