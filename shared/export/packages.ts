/**
 * Which Debian package provides each program install.sh needs. install.sh checks the programs before
 * touching anything and, when some are missing, prints one exact `apt-get install` line and stops:
 * installing packages (and starting their daemons) is the person's decision, never a side effect.
 *
 * dnsmasq maps to the full `dnsmasq` package (not dnsmasq-base) because the router needs its
 * systemd unit, which only the full package ships.
 */
export const BINARY_PACKAGES: Readonly<Record<string, string>> = {
  radvd: 'radvd',
  radvdump: 'radvd',
  'kea-dhcp6': 'kea-dhcp6-server',
  dhcpd: 'isc-dhcp-server',
  dnsmasq: 'dnsmasq',
  dhcp6s: 'wide-dhcpv6-server',
  'iptables-restore': 'iptables',
  'ip6tables-restore': 'iptables',
  'iptables-nft-restore': 'iptables',
  'ip6tables-nft-restore': 'iptables',
  'iptables-legacy-restore': 'iptables',
  'ip6tables-legacy-restore': 'iptables',
  ip6tables: 'iptables',
  nft: 'nftables',
  iptables: 'iptables',
  'systemd-analyze': 'systemd',
  systemctl: 'systemd',
  networkctl: 'systemd',
  netplan: 'netplan.io',
  ifup: 'ifupdown',
  ifdown: 'ifupdown',
  ip: 'iproute2',
  ping: 'iputils-ping',
  sysctl: 'procps',
  shellcheck: 'shellcheck',
  sh: 'dash',
  bash: 'bash',
  diff: 'diffutils',
  cmp: 'diffutils',
  sha256sum: 'coreutils',
};

/** The package for a program; for one not in the table, the program's own name is the best guess. */
export function packageFor(binary: string): string {
  return BINARY_PACKAGES[binary] ?? binary;
}
