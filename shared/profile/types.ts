/**
 * The profile: one typed description of a router's IPv6 setup. Everything v6wizard generates is a
 * pure function of this. It is stored as JSON with `"version": 1`; the JSON Schema that describes
 * the same shape for hand-editing is `shared/profile/profile.schema.json`.
 *
 * Addresses are strings exactly as the person typed them; validation proves them and the renderers
 * only ever see a profile that passed validation.
 */

export const PROFILE_VERSION = 1;

export const DISTROS = ['debian', 'ubuntu', 'raspberry-pi-os'] as const;
export type Distro = (typeof DISTROS)[number];

/** How the router brings up its interfaces; decides which tunnel files are rendered. */
export const NETWORK_SYSTEMS = ['ifupdown', 'systemd-networkd', 'netplan', 'iproute2'] as const;
export type NetworkSystem = (typeof NETWORK_SYSTEMS)[number];

/**
 * What loads the firewall: `nftables` (one `table inet v6wizard`, loaded with `nft -f`), or an
 * iptables flavour (`iptables-nft-restore` / `iptables-legacy-restore`) into v6wizard's own chains.
 */
export const FIREWALL_BACKENDS = ['nftables', 'iptables-nft', 'iptables-legacy'] as const;
export type FirewallBackend = (typeof FIREWALL_BACKENDS)[number];

/**
 * The kind of device netplan defines an interface as: the key it sits under in a netplan file
 * (`ethernets:`, `bridges:`, `bonds:`, `vlans:`, `wifis:`). netplan refuses a file that defines a
 * device under another type than the person's own file does, so v6wizard must use the same one.
 */
export const NETPLAN_DEVICE_TYPES = ['ethernet', 'bridge', 'bond', 'vlan', 'wifi'] as const;
export type NetplanDeviceType = (typeof NETPLAN_DEVICE_TYPES)[number];

/** The key in a netplan file that holds devices of each type. */
export const NETPLAN_TYPE_KEYS: Readonly<Record<NetplanDeviceType, string>> = {
  ethernet: 'ethernets',
  bridge: 'bridges',
  bond: 'bonds',
  vlan: 'vlans',
  wifi: 'wifis',
};

/** A port (member) of the LAN bridge, with the device type the person's netplan file gives it. */
export interface NetplanPort {
  name: string;
  deviceType: NetplanDeviceType;
}

export interface ManagementAccess {
  /** The port sshd listens on; always kept open so the person is never locked out. */
  sshPort: number;
  /** Allow SSH to the router from the LAN over IPv6. */
  fromLan: boolean;
  /** Further IPv6 sources (addresses or prefixes, e.g. an office /48) allowed to SSH in from the WAN side. */
  allowFrom: string[];
}

export interface RouterSection {
  distro: Distro;
  networkSystem: NetworkSystem;
  firewallBackend: FirewallBackend;
  /** The interface facing the ISP; the tunnel's IPv4 packets leave through it. */
  wanInterface: string;
  /** The interface facing the home network; gets the LAN /64 and sends router advertisements. */
  lanInterface: string;
  management: ManagementAccess;
  /**
   * systemd-networkd only: the `.network` files that already configure the WAN and LAN interfaces
   * (e.g. `10-wan.network`). networkd (before v253) attaches a tunnel through the underlying link's
   * `.network`, so v6wizard adds drop-ins next to these files instead of replacing them.
   */
  wanNetworkFile?: string;
  lanNetworkFile?: string;
  /**
   * netplan only: the device type of the WAN and the LAN in the person's netplan files (detect reads
   * them). Absent means an ethernet, or a VLAN when the name has a dot (`eth1.10`).
   */
  wanDeviceType?: NetplanDeviceType;
  lanDeviceType?: NetplanDeviceType;
  /**
   * netplan with a bridge LAN only: the bridge's ports. v6wizard switches router advertisements and
   * link-local addresses off on them, so only the bridge itself has IPv6 (field guide seed 004).
   */
  lanBridgePorts?: NetplanPort[];
  /**
   * ifupdown only: v6wizard's file also raises the LAN at boot (`allow-hotplug LAN`), for a LAN that no
   * stanza of the person's raises (another tool creates or raises it). Without it, an address set
   * live is gone after the next reboot. Detect proposes it from the router's own files; the plan
   * refuses when the router's files and this setting disagree.
   */
  raiseLanAtBoot?: boolean;
}

export const BROKER_PRESETS = ['hurricane-electric', 'custom'] as const;
export type BrokerPreset = (typeof BROKER_PRESETS)[number];

/**
 * A secret is never stored in the profile; the profile names it and the Node side resolves the name
 * (the OS secret store in the app, an environment variable or stdin in the CLI).
 */
export interface SecretRef {
  secretRef: string;
}

export interface BrokerUpdate {
  username: string;
  tunnelId: string;
  updateKey: SecretRef;
}

export interface TunnelSection {
  broker: BrokerPreset;
  /** The broker's IPv4 tunnel endpoint. */
  serverIpv4: string;
  /** This router's IPv4 as the tunnel sees it: the WAN address, which may be private behind a NAT. */
  localIpv4: string;
  /** The router's address on the tunnel link, with its prefix length, e.g. `2001:db8:0:1::2/64`. */
  clientIpv6: string;
  /** The broker's address on the tunnel link (no prefix length), e.g. `2001:db8:0:1::1`. */
  serverIpv6: string;
  /** The prefix routed to this router for its networks: a /64, /56 or /48. */
  routedPrefix: string;
  /** The name of the sit interface, e.g. `he-ipv6`. */
  interface: string;
  /** 1480 = 1500 minus the 20-byte IPv4 header the tunnel adds. Lower it if the WAN itself is smaller (PPPoE: 1472). */
  mtu: number;
  ttl: number;
  /** Credentials for telling the broker the current IPv4 endpoint; optional. */
  update?: BrokerUpdate;
}

export interface LanSection {
  /** Which /64 of the routed prefix the LAN gets: 0 for a /64, 0–255 for a /56, 0–65535 for a /48. */
  subnetId: number;
  /** The router's interface identifier in the LAN /64, written as an address suffix (default `::1`). */
  routerInterfaceId: string;
}

export interface RaSection {
  minIntervalSeconds: number;
  maxIntervalSeconds: number;
  /** How long clients use the router as default gateway (AdvDefaultLifetime). */
  defaultLifetimeSeconds: number;
  /** MTU announced to the LAN (AdvLinkMTU); at most the tunnel MTU. */
  linkMtu: number;
  validLifetimeSeconds: number;
  preferredLifetimeSeconds: number;
  /** DNS servers announced in the RA (RFC 8106); empty for none. */
  rdnss: string[];
  /** DNS search domains announced in the RA. */
  dnssl: string[];
}

export const DHCP_MODES = ['none', 'stateless', 'stateful'] as const;
/** none: SLAAC only; stateless: DHCPv6 hands out DNS only (O flag); stateful: addresses too (M flag). */
export type DhcpMode = (typeof DHCP_MODES)[number];

export const DHCP_SERVERS = ['kea', 'isc-dhcpd', 'dnsmasq', 'wide-dhcp6s'] as const;
export type DhcpServer = (typeof DHCP_SERVERS)[number];

export interface DhcpReservation {
  /** A short host name (letters, digits, '-'). */
  name: string;
  /** The client's DUID as colon-separated hex bytes, e.g. `00:01:00:01:2c:...`. */
  duid: string;
  /** Some clients (Windows) only match when the IAID is given too. */
  iaid?: number;
  /** The fixed address, inside the LAN /64. */
  address: string;
}

export interface DhcpLeaseTimes {
  preferredSeconds: number;
  minSeconds: number;
  defaultSeconds: number;
  maxSeconds: number;
}

export interface DhcpSection {
  mode: DhcpMode;
  server: DhcpServer;
  /** First and last address handed out (stateful only), inside the LAN /64. */
  poolStart: string;
  poolEnd: string;
  leaseTimes: DhcpLeaseTimes;
  dnsServers: string[];
  domainSearch: string[];
  reservations: DhcpReservation[];
}

export const PROTOCOLS = ['tcp', 'udp'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export interface ServicePort {
  name: string;
  protocol: Protocol;
  port: number;
}

export interface HostOpening {
  /** A LAN host reachable from the internet on this port: a full address inside the LAN /64. */
  host: string;
  protocol: Protocol;
  port: number;
  description: string;
}

export interface FirewallSection {
  /** Answer ping (echo request) from the internet, to the router and the LAN. Optional in RFC 4890. */
  allowEchoFromInternet: boolean;
  /** Further services on the router the LAN may reach (SSH, DNS and DHCPv6 are always allowed). */
  routerServices: ServicePort[];
  /** Per-host openings from the internet into the LAN. */
  openings: HostOpening[];
  /** Log dropped packets, rate-limited so a flood cannot fill the disk. */
  logDrops: boolean;
  logRatePerMinute: number;
}

export const DAD_STRATEGIES = ['wait', 'optimistic', 'disable', 'sleep'] as const;
/**
 * wait: services start after exactly the configured addresses passed DAD (default).
 * optimistic: addresses are usable at once; duplicates still detected.
 * disable: no duplicate detection on these interfaces.
 * sleep: a fixed pause (a race; kept because people ask for it, discouraged).
 */
export type DadStrategy = (typeof DAD_STRATEGIES)[number];

export interface DadSection {
  strategy: DadStrategy;
  /** Upper bound on the wait; 0 = derive it from the interfaces' DAD settings. For `sleep`: the pause. */
  timeoutSeconds: number;
  /** systemd units to start only after the addresses are ready, e.g. `nginx`, `ssh`, `ntpsec`. */
  services: string[];
}

export interface Profile {
  $schema?: string;
  version: typeof PROFILE_VERSION;
  /** A short name for the profile; stamped into every generated file's header. */
  name: string;
  /** What this profile is for, in plain words. */
  description: string;
  router: RouterSection;
  tunnel: TunnelSection;
  lan: LanSection;
  ra: RaSection;
  dhcpv6: DhcpSection;
  firewall: FirewallSection;
  dad: DadSection;
}
