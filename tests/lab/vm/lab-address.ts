/**
 * The lab's fixed addressing inside the VM. The WAN link wan0 (router) <-> isp0 (broker) carries IPv4
 * only, from TEST-NET-3 (RFC 5737), so no example's own addresses are needed; the LAN's IPv4 is the
 * "existing" home network the person already has.
 */
export const LAB = {
  wanInterface: 'wan0',
  lanInterface: 'lan0',
  /** The LAN PC's interface, in namespace `pc`. */
  pcInterface: 'pc0',
  /** The tunnel broker's IPv4 endpoint (profile tunnel.serverIpv4), on isp0 in namespace `isp`. */
  ispV4: '203.0.113.1',
  /** The router's WAN IPv4 (profile tunnel.localIpv4), on wan0. */
  routerV4: '203.0.113.2',
  v4Length: 24,
  /** The router's IPv4 on the LAN: part of the person's existing setup, not used by the checks. */
  routerLanV4: '192.168.60.1/24',
  /** "The internet": an address only the isp namespace has, reachable only through the sit tunnel. */
  internetV6: '2001:db8:eeee::1',
  /** The TCP port the internet address listens on (v6lab-internet.service). */
  tcpPort: 8080,
  /** Where the self-test writes the lab parameters that v6lab-net reads at every boot. */
  envFile: '/etc/v6lab/lab.env',
} as const;
