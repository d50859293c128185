import { error, type Problem } from './problem';
import { show } from './rules/show';

/**
 * Name allowlists. Every name that reaches a generated file or a command goes through one of these,
 * so a value that would be syntax somewhere (a newline in radvd.conf, `;` in a shell script, `/` in
 * a path) is refused before any renderer sees it.
 */

/**
 * Linux accepts up to 15 bytes (IFNAMSIZ 16 with the NUL) except '/', ':' and whitespace, and not
 * "." or "..". We allow the subset every tool agrees on, and also refuse a leading '-' because
 * `ip`, `sysctl` and `ifup` would read such a name as an option.
 */
const INTERFACE_NAME = /^[A-Za-z0-9_.][A-Za-z0-9_.-]{0,14}$/;

/** Whether `value` is an interface name v6wizard will write into configs and commands. */
export function isInterfaceName(value: string): boolean {
  return INTERFACE_NAME.test(value) && value !== '.' && value !== '..';
}

/** Problems with an interface name at `path` (none when it is fine). */
export function interfaceNameProblems(path: string, value: string): Problem[] {
  if (isInterfaceName(value)) return [];
  return [
    error(
      path,
      `is ${show(value)} — interface names are 1–15 characters from letters, digits, '-', '_' and '.', ` +
        `not starting with '-', not "." or "..", with no spaces, '/' or ':' (e.g. eth0, enp3s0, he-ipv6)`,
    ),
  ];
}

const DNS_LABEL = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Whether `value` is a DNS name: dot-separated labels of 1–63 letters, digits and inner '-', at most 253 characters. */
export function isDnsName(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  return value.split('.').every((label) => DNS_LABEL.test(label));
}

/** Problems with a DNS name (a search domain) at `path`. */
export function dnsNameProblems(path: string, value: string): Problem[] {
  if (isDnsName(value)) return [];
  const hint =
    value.endsWith('.') && isDnsName(value.slice(0, -1))
      ? ` (write it without the final dot: ${value.slice(0, -1)})`
      : '';
  return [
    error(
      path,
      `is ${show(value)} — a domain name is labels of 1–63 letters, digits and '-' (not at a label's start or end), ` +
        `separated by dots, at most 253 characters, e.g. home.example.org${hint}`,
    ),
  ];
}

/** A host name label (RFC 1123): reservation names become host names in DHCP configs. */
export const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** A systemd unit name, optionally with `.service`; never starting with '-' (an option) or '.' (hidden/relative). */
const UNIT_NAME = /^[A-Za-z0-9:_@][A-Za-z0-9:_.@-]{0,63}$/;

/** Whether `value` is a unit name v6wizard will write into a drop-in's path and its `Before=`/`Wants=` lines. */
export function isUnitName(value: string): boolean {
  return UNIT_NAME.test(value);
}

/**
 * A systemd-networkd `.network` file name: a bare name, never a path ('/' is not in the set), and not
 * starting with '-' or '.' so it can be neither an option nor a hidden or relative name.
 */
export const NETWORK_FILE = /^[A-Za-z0-9_@][A-Za-z0-9_.@-]{0,119}\.network$/;
