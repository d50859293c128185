import { parseV4, parseV6, parseV6Interface, parseV6Prefix } from '../net/addr';
import { isInterfaceName } from '../validate/names';
import type { PasteFormat, PastedTunnel } from './types';

/** A format the parsers know (everything but `unknown`). */
export type KnownFormat = Exclude<PasteFormat, 'unknown'>;

export type FieldName = keyof PastedTunnel;

/** One value read from one line, before the lines are merged and checked against each other. */
export interface FieldValue {
  field: FieldName;
  value: string | number;
  /** Used only when no other line gives this field (a routed /64 beside a routed /48). */
  fallback?: true;
}

/**
 * What one format parser understood of one line. A line can be claimed (it is this format's syntax)
 * and still hold a value that does not read as what it should be: then `unreadable` is set, the line
 * is reported back to the person, and the value is not filled.
 */
export interface Claim {
  line: number;
  format: KnownFormat;
  values: FieldValue[];
  unreadable: boolean;
  /**
   * The interface a default route (`::/0`) goes through without a gateway address, for the rule that
   * derives the broker's tunnel address (see merge.ts).
   */
  defaultRouteDev?: string;
}

/**
 * A claim under construction: the parsers add values through these readers, which never guess. Each
 * returns the builder, so a table of readers can be written as one-line arrows.
 */
export class ClaimBuilder {
  readonly values: FieldValue[] = [];
  unreadable = false;
  defaultRouteDev?: string;

  constructor(
    readonly line: number,
    readonly format: KnownFormat,
  ) {}

  private put(field: FieldName, value: string | number | undefined, fallback = false): void {
    if (value === undefined) this.unreadable = true;
    else this.values.push(fallback ? { field, value, fallback } : { field, value });
  }

  /** An IPv4 address (serverIpv4, localIpv4), canonical. */
  v4(field: 'serverIpv4' | 'localIpv4', text: string | undefined): this {
    this.put(field, parseV4(text));
    return this;
  }

  /** The client's tunnel address: an IPv6 address with its prefix length. No length is not guessed. */
  clientV6(text: string | undefined): this {
    const parsed = parseV6Interface(text);
    this.put('clientIpv6', parsed && `${parsed.address}/${parsed.length}`);
    return this;
  }

  /** The broker's tunnel address; the details page writes it with `/64`, which is dropped. */
  serverV6(text: string | undefined): this {
    const parsed = text?.includes('/') === true ? parseV6Interface(text)?.address : parseV6(text);
    this.put('serverIpv6', parsed);
    return this;
  }

  /**
   * A routed prefix; host bits set or a different length than the label promised are refused.
   * `fallback` marks a prefix that gives way to another routed prefix in the same text.
   */
  prefix(text: string | undefined, expectedLength?: number, fallback = false): this {
    const parsed = parseV6Prefix(text);
    const ok =
      parsed && !parsed.hadHostBits && (expectedLength === undefined || parsed.length === expectedLength);
    this.put('routedPrefix', ok ? `${parsed.network}/${parsed.length}` : undefined, fallback);
    return this;
  }

  /** An interface name that v6wizard's validator would accept (no guessing at a fix). */
  iface(text: string | undefined): this {
    this.put('interface', text !== undefined && isInterfaceName(text) ? text : undefined);
    return this;
  }

  /** A whole number in [min, max] written in plain decimal digits. */
  integer(field: 'mtu' | 'ttl', text: string | undefined, min: number, max: number): this {
    const value = text !== undefined && /^[0-9]{1,5}$/.test(text) ? Number(text) : NaN;
    this.put(field, value >= min && value <= max ? value : undefined);
    return this;
  }

  /** A string field checked against an allowlist (tunnel id digits, account name characters). */
  matching(field: 'tunnelId' | 'username', text: string | undefined, allowed: RegExp): this {
    this.put(field, text !== undefined && allowed.test(text) ? text : undefined);
    return this;
  }

  /** Marks the line as holding something this format does not allow (an unknown keyword, a wrong mode). */
  refuse(): this {
    this.unreadable = true;
    return this;
  }

  build(): Claim {
    const claim: Claim = {
      line: this.line,
      format: this.format,
      values: this.values,
      unreadable: this.unreadable,
    };
    if (this.defaultRouteDev !== undefined) claim.defaultRouteDev = this.defaultRouteDev;
    return claim;
  }
}

/** Removes YAML-style quotes around a value: `"2001:db8::2/64"` → `2001:db8::2/64`. */
export function unquote(text: string): string {
  const t = text.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t[t.length - 1] === t[0]) return t.slice(1, -1);
  return t;
}
