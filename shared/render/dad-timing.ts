/**
 * The numbers behind the DAD wait, in one place so the tool, its unit's start timeout and the sleep
 * fallback agree.
 */

/** Added to the kernel's own worst case: addresses configured a little after the wait starts, scheduling. */
export const DAD_MARGIN_MS = 2000;

/** A derived wait never exceeds this, so a misconfigured interface cannot hold the boot for minutes. */
export const DAD_CEILING_SECONDS = 60;

/**
 * How long an address may take to appear after the wait starts. systemd-networkd adds its addresses
 * once the link has carrier, which on a slow boot is tens of seconds after network.target (seen on a
 * Debian 13 router VM: the one-clock wait gave up before the LAN address was even there).
 */
export const DAD_APPEAR_SECONDS = 60;

/** The tool re-checks at least this often even without an event (a lost netlink event costs at most this). */
export const DAD_RECHECK_SECONDS = 1;

/** systemd gets this much longer than the tool's own deadline, so the tool always reports first. */
export const UNIT_GRACE_SECONDS = 5;

/**
 * Linux defaults (router_solicitation_delay 1 s, dad_transmits 1, retrans_time_ms 1000), put through
 * the tool's formula: the pause the `sleep` strategy uses when the profile gives none.
 */
export function defaultSleepSeconds(): number {
  const kernelWorstMs = 1 * 1000 + 1 * 1000;
  return Math.ceil((kernelWorstMs + DAD_MARGIN_MS) / 1000);
}
