/**
 * What the tunnel step's paste box understood from a broker's example configuration or tunnel
 * details page. It never guesses: every field comes from a line it recognised, and every line it
 * could not read is reported back.
 */
export interface PastedTunnel {
  serverIpv4?: string;
  localIpv4?: string;
  /** With its prefix length, e.g. `2001:db8:0:1::2/64`. */
  clientIpv6?: string;
  serverIpv6?: string;
  routedPrefix?: string;
  interface?: string;
  mtu?: number;
  ttl?: number;
  /** Tunnel id from the details page, for the broker endpoint update. */
  tunnelId?: string;
  username?: string;
}

export type PasteFormat = 'he-iproute2' | 'he-net-tools' | 'he-netplan' | 'he-details-page' | 'unknown';

export interface PasteResult {
  format: PasteFormat;
  fields: PastedTunnel;
  /** Field names that were filled (the UI shows these as "recognised"). */
  recognised: (keyof PastedTunnel)[];
  /** Non-empty input lines that were not understood, verbatim but trimmed, for the person to check. */
  unrecognised: string[];
  /** Contradictions found (e.g. two different server addresses), in plain words. */
  conflicts: string[];
}
