/**
 * Realistic texts of each format the paste box reads, with documentation addresses only
 * (192.0.2.0/24, 198.51.100.0/24, 2001:db8::/32). Used by the parser's tests and the end-to-end
 * tests that fill the tunnel step through the paste box; all describe the same tunnel.
 */

/** The tunnel every sample describes, as the parser should read it. */
export const SAMPLE_TUNNEL = {
  serverIpv4: '192.0.2.1',
  localIpv4: '198.51.100.20',
  clientIpv6: '2001:db8:0:1::2/64',
  serverIpv6: '2001:db8:0:1::1',
  routedPrefix: '2001:db8:1::/64',
  interface: 'he-ipv6',
} as const;

/** The Linux iproute2 example, as a broker shows it under "Example configurations". */
export const IPROUTE2_SAMPLE = [
  'modprobe ipv6',
  'ip tunnel add he-ipv6 mode sit remote 192.0.2.1 local 198.51.100.20 ttl 255',
  'ip link set he-ipv6 up',
  'ip addr add 2001:db8:0:1::2/64 dev he-ipv6',
  'ip route add ::/0 dev he-ipv6',
  'ip -f inet6 addr',
].join('\n');

/** The Linux net-tools example: the tunnel is created on the catch-all sit0 and appears as sit1. */
export const NET_TOOLS_SAMPLE = [
  'ifconfig sit0 up',
  'ifconfig sit0 inet6 tunnel ::192.0.2.1',
  'ifconfig sit1 up',
  'ifconfig sit1 inet6 add 2001:db8:0:1::2/64',
  'route -A inet6 add ::/0 dev sit1',
].join('\n');

/** The netplan example, with the gateway as a default route. */
export const NETPLAN_SAMPLE = [
  'network:',
  '  version: 2',
  '  tunnels:',
  '    he-ipv6:',
  '      mode: sit',
  '      remote: 192.0.2.1',
  '      local: 198.51.100.20',
  '      addresses:',
  '        - "2001:db8:0:1::2/64"',
  '      routes:',
  '        - to: default',
  '          via: "2001:db8:0:1::1"',
].join('\n');

/**
 * The tunnel details page selected in a browser and copied: table cells arrive tab-separated, headings
 * on their own lines, and the not-yet-allocated /48 as its button's text.
 */
export const DETAILS_PAGE_SAMPLE = [
  'Tunnel Details',
  'Description:\thome router',
  'Tunnel ID:\t654321',
  'Creation Date:\tMar 3, 2026',
  '',
  'IPv6 Tunnel Endpoints',
  'Server IPv4 Address:\t192.0.2.1',
  'Server IPv6 Address:\t2001:db8:0:1::1/64',
  'Client IPv4 Address:\t198.51.100.20',
  'Client IPv6 Address:\t2001:db8:0:1::2/64',
  '',
  'Routed IPv6 Prefixes',
  'Routed /64:\t2001:db8:1::/64',
  'Routed /48:\tAllocate',
  '',
  'Account:\texample-user',
].join('\n');
