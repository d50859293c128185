/**
 * When a file takes effect, in the order install.sh and the SSH apply switch them on. The order fails
 * closed: the firewall loads before any interface it names exists (its rules match interfaces by
 * name), and forwarding is switched on last, only once the firewall is loaded, so a failure at any
 * stage leaves the router filtered and not forwarding. sysctl (the WAN and LAN ignore RAs, the LAN's
 * DAD settings) comes first because the addresses the network stage adds must already obey it.
 * sysctl → firewall → network (tunnel, LAN address) → dad (the wait and its drop-ins) → ra → dhcp →
 * forwarding.
 */
export const STAGES = ['sysctl', 'firewall', 'network', 'dad', 'ra', 'dhcp', 'forwarding'] as const;
export type Stage = (typeof STAGES)[number];

/** One file v6wizard puts on the router. Renderers only describe it; the Node side writes bytes. */
export interface RenderedFile {
  /** Absolute path on the router. */
  path: string;
  /** Unix permission bits, e.g. 0o644 (0o755 for scripts, 0o600 for netplan). */
  mode: number;
  owner: string;
  /** The systemd unit to (re)start or reload when this file changes; absent when none. */
  service?: string;
  content: string;
  /**
   * The daemon's own check, as argv with a `{file}` placeholder for a copy of the file (the copy keeps
   * this file's basename, because some checkers — systemd-analyze — look at the suffix).
   */
  validate?: string[];
  /**
   * Folders the check needs as they are on the router, because the checker reads this file together
   * with the others there (netplan merges every /{lib,etc,run}/netplan/*.yaml). When set, `{root}` in
   * `validate` is a temporary root directory holding a copy of each folder, with this file's new
   * content at its path in place of the current one; nothing on the router changes for the check.
   */
  checkRoot?: string[];
  stage: Stage;
  /** What the file does, in plain words, for README.txt and the wizard's preview. */
  description: string;
}

/** Context every renderer gets besides the profile. */
export interface RenderContext {
  /** The profile's name, stamped into headers. */
  profileSource: string;
}
