/**
 * The fast lab's fixed wiring. Every value here lives only inside the lab's own namespaces, so two
 * labs can use the same ones at the same time.
 *
 *   isp [wan0 203.0.113.1, tun0 = far end of the tunnel stand-in, lo: the "internet" address]
 *    │ wan0 (IPv4, where the 6in4 packets would travel)        │ tunnel stand-in (veth)
 *   router [wan0 203.0.113.2, lan0, <tunnel name>]
 *    │ lan0
 *   pc [lan0: SLAAC / DHCPv6 client]
 */
export const TOPOLOGY = {
  router: { wan: 'wan0', lan: 'lan0', wanIpv4: '203.0.113.2' },
  isp: { wan: 'wan0', tunnel: 'tun0', wanIpv4: '203.0.113.1', internetV6: '2001:db8:eeee::1' },
  pc: { lan: 'lan0' },
  ipv4Length: 24,
  /**
   * A ULA /64 on the LAN that belongs to the lab, not to any profile: the management path from the
   * host to the router's sshd goes pc → router over it, so it works before (and after) a profile's
   * addresses exist, and it crosses the router's firewall the way a person's SSH from the LAN does.
   */
  mgmt: { router: 'fd00:6c61:6201::1', pc: 'fd00:6c61:6201::2', length: 64 },
} as const;
