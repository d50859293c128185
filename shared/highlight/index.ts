import { familyOf, LANGUAGES } from './family';
import { scan } from './scanner';
import type { Token } from './types';

export type { Token, TokenKind } from './types';
export { familyOf, type Family } from './family';

/**
 * Syntax tokens for a generated file, chosen by its path: shell scripts, systemd units and other
 * `key=value` files (networkd, sysctl, dnsmasq), radvd.conf and the ISC/WIDE DHCPv6 configs, Kea's
 * JSON, iptables-restore rules, netplan YAML and ifupdown interfaces. Pure and linear: the joined
 * token texts are always exactly `content`, whatever it holds.
 */
export function highlight(path: string, content: string): Token[] {
  return scan(content, LANGUAGES[familyOf(path, content)]);
}
