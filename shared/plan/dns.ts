import { RESOLVED_STUBS, showListener } from '../detect/listeners';
import type { PortListener } from '../detect/types';
import { derive } from '../profile/derive';
import type { Profile } from '../profile/types';
import { dnsmasqDns } from '../render/dhcp-dnsmasq';
import { assertNever } from '../util/assert-never';
import type { PlanNote } from './notes';

/**
 * What dnsmasq's DNS side will do (the render decides: shared/render/dhcp-dnsmasq.ts), in the plan's
 * words, with what listens on port 53 now: systemd-resolved's stub stays, and a dnsmasq that answers
 * DNS today and would stop is named before it happens.
 */
export function dnsNotes(profile: Profile, listeners: readonly PortListener[] | undefined): PlanNote[] {
  if (profile.dhcpv6.mode === 'none' || profile.dhcpv6.server !== 'dnsmasq') return [];
  const d = derive(profile);
  const lan = profile.router.lanInterface;
  const notes: PlanNote[] = [];
  const mode = dnsmasqDns(profile, d);
  switch (mode) {
    case 'off':
      notes.push({ code: 'dnsmasqDnsOff', severity: 'info', params: {} });
      break;
    case 'lan':
      notes.push({ code: 'dnsmasqDnsLan', severity: 'info', params: { lan, address: d.lanRouter } });
      break;
    default:
      assertNever(mode);
  }
  if (listeners === undefined || listeners.length === 0) return notes;
  // One entry per address and process: UDP and TCP on the same address are one listener to a person.
  const shown = [...new Set(listeners.map((l) => showListener(l)))];
  notes.push({ code: 'port53Now', severity: 'info', params: { listeners: shown.join(', ') } });
  const dnsmasqNow = listeners.filter((l) => l.process === 'dnsmasq' && !RESOLVED_STUBS.includes(l.address));
  if (mode === 'off' && dnsmasqNow.length > 0) {
    const now = [...new Set(dnsmasqNow.map((l) => showListener(l, { process: false })))];
    notes.push({
      code: 'dnsmasqDnsStops',
      severity: 'warning',
      params: { now: now.join(', '), address: d.lanRouter, lan },
    });
  }
  return notes;
}
