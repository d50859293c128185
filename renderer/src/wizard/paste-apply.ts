import type { PastedTunnel } from '../../../shared/paste/types';
import type { BrokerUpdate, TunnelSection } from '../../../shared/profile/types';

/** The tunnel fields the paste box can fill directly. */
const DIRECT = [
  'serverIpv4',
  'localIpv4',
  'clientIpv6',
  'serverIpv6',
  'routedPrefix',
  'interface',
  'mtu',
  'ttl',
] as const;

/** One change the paste would make, shown to the person before anything is filled. */
export interface PasteChange {
  /** Profile path, e.g. `tunnel.serverIpv4`. */
  path: string;
  from: string;
  to: string;
}

/** The default name the broker update key is stored under. */
export const DEFAULT_KEY_REF = 'he-update-key';

const text = (v: string | number | undefined): string => (v === undefined ? '' : String(v));

/** What filling the pasted fields into this tunnel would change (unchanged values are left out). */
export function pasteChanges(tunnel: TunnelSection, fields: PastedTunnel): PasteChange[] {
  const changes: PasteChange[] = [];
  for (const key of DIRECT) {
    const value = fields[key];
    if (value !== undefined && text(tunnel[key]) !== text(value)) {
      changes.push({ path: `tunnel.${key}`, from: text(tunnel[key]), to: text(value) });
    }
  }
  for (const key of ['username', 'tunnelId'] as const) {
    const value = fields[key];
    if (value !== undefined && text(tunnel.update?.[key]) !== value) {
      changes.push({ path: `tunnel.update.${key}`, from: text(tunnel.update?.[key]), to: value });
    }
  }
  return changes;
}

/**
 * The tunnel with the pasted fields filled in; called only after the person confirmed. Update
 * credentials (user name, tunnel ID) turn the broker update on, reusing what was there before.
 */
export function applyPaste(
  tunnel: TunnelSection,
  fields: PastedTunnel,
  stashed?: BrokerUpdate,
): TunnelSection {
  const next: TunnelSection = { ...tunnel };
  if (fields.serverIpv4 !== undefined) next.serverIpv4 = fields.serverIpv4;
  if (fields.localIpv4 !== undefined) next.localIpv4 = fields.localIpv4;
  if (fields.clientIpv6 !== undefined) next.clientIpv6 = fields.clientIpv6;
  if (fields.serverIpv6 !== undefined) next.serverIpv6 = fields.serverIpv6;
  if (fields.routedPrefix !== undefined) next.routedPrefix = fields.routedPrefix;
  if (fields.interface !== undefined) next.interface = fields.interface;
  if (fields.mtu !== undefined) next.mtu = fields.mtu;
  if (fields.ttl !== undefined) next.ttl = fields.ttl;
  if (fields.username !== undefined || fields.tunnelId !== undefined) {
    const base = tunnel.update ??
      stashed ?? { username: '', tunnelId: '', updateKey: { secretRef: DEFAULT_KEY_REF } };
    next.update = {
      ...base,
      updateKey: { ...base.updateKey },
      username: fields.username ?? base.username,
      tunnelId: fields.tunnelId ?? base.tunnelId,
    };
  }
  return next;
}
