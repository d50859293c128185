/**
 * What the plan found on the router beyond the files' differences, as codes with parameters; the words
 * are here once in English (the CLI, the apply's messages and the wizard's en catalogue use this table)
 * and in renderer/src/i18n/de.ts. A `refuse` note stops the apply before anything changes.
 */
export const PLAN_NOTE_TEXT = {
  lanNotRaised:
    'No auto or allow-hotplug line in {files} raises {lan}, so the LAN address the apply sets now would be gone after the next reboot (and the DAD wait would fail there). Turn on "v6wizard raises the LAN at boot" (router.raiseLanAtBoot) so v6wizard\'s file adds "allow-hotplug {lan}", or add "allow-hotplug {lan}" to your own configuration.',
  lanDeclaredNotRaised:
    '{file} declares "iface {lan} {family} {method}", but no auto or allow-hotplug line raises {lan} at boot: your configuration leaves it down or to another tool on purpose, so v6wizard will not raise it, and an address it sets now would be gone after the next reboot. If ifupdown should raise {lan}, add "allow-hotplug {lan}" (or "auto {lan}") to {file}; if another tool raises it, let that tool set the LAN address (choose that network system in the profile).',
  lanMapped:
    'A mapping stanza in {file} takes over the name {lan}: ifup would configure the stanza the mapping chooses, not v6wizard\'s "iface {lan} inet6", so the LAN address would not come back at boot. Name the LAN interface the mapping leads to in the profile, or remove the mapping.',
  lanRaisedByV6wizard:
    'Nothing in {files} raises {lan} at boot, so v6wizard\'s file adds "allow-hotplug {lan}": the LAN and its address come up at every boot, whenever {lan} appears.',
  lanRaisedTwice:
    '{lan} is raised at boot by your own "{how}" line in {file}; v6wizard\'s "allow-hotplug {lan}" is not needed (turn off router.raiseLanAtBoot to leave it out).',
  wanNotRaised:
    'Nothing in {files} raises the WAN {wan} at boot; the tunnel needs its IPv4 address {local} when it comes up. Make sure the tool that raises {wan} does so at every boot.',
  ifupdownUnread:
    "The router's ifupdown configuration could not be read ({reason}), so nothing can tell whether {lan} comes up at boot; the apply would set an address that may be gone after the next reboot.",
  dnsmasqDnsOff:
    'dnsmasq serves DHCPv6 only: no LAN host is sent to the router for DNS, so its DNS is off (port=0) and it does not compete for port 53.',
  dnsmasqDnsLan:
    "dnsmasq answers DNS for the LAN on {lan} only (bind-interfaces, interface={lan}), because the router's address {address} is a DNS server in the profile; it never takes the wildcard, so it runs beside other listeners on port 53.",
  dnsmasqDnsStops:
    "dnsmasq answers DNS on this router now ({now}); with this profile its DNS is switched off (port=0). If the LAN or the router uses it for DNS, name the router's LAN address {address} as a DNS server in the profile (dnsmasq then keeps answering on {lan}).",
  port53Now: 'Listening on port 53 on the router now: {listeners}.',
  nftablesBehindForeignDrop:
    "{path}: nftables is refused on this router: another IPv6 filter chain drops by policy ({found}). An accept in v6wizard's own nftables table cannot override that drop, so forwarding from the LAN and the openings would be dropped. Choose {choose} instead: v6wizard's chains then sit at the top of that same table and decide first; the other tool's chains stay untouched.",
  firewallUntouched: 'Left untouched in the firewall: {parts}.',
  firewallDecidesFirst:
    "v6wizard's IPv6 chains are jumped to first and end in a refusal or a drop, so {tools}'s own IPv6 rules never see what v6wizard does not accept. A port you opened to this router with {tools} (Samba for the LAN, say) must be listed under the firewall's router services too, and one to a LAN host under the openings; IPv4 stays {tools}'s alone.",
} as const;

export type PlanNoteCode = keyof typeof PLAN_NOTE_TEXT;

export interface PlanNote {
  code: PlanNoteCode;
  /** info: worth knowing; warning: check this; refuse: the apply stops before any change. */
  severity: 'info' | 'warning' | 'refuse';
  params: Record<string, string>;
}

/** A note in words, from the given catalogue (English by default). */
export function noteText(
  note: PlanNote,
  text: Readonly<Record<PlanNoteCode, string>> = PLAN_NOTE_TEXT,
): string {
  return text[note.code].replace(/\{(\w+)\}/g, (all, name: string) => note.params[name] ?? all);
}

/** The notes that stop the apply. */
export const refusals = (notes: readonly PlanNote[]): PlanNote[] =>
  notes.filter((n) => n.severity === 'refuse');
