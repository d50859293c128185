/** One sysctl detect reads: its name as `sysctl` shows it, and its file under /proc/sys. */
export interface SysctlProbe {
  name: string;
  path: string;
}

/**
 * Interface names come from the router (`ip -j addr`) and are not trusted: a name that could leave
 * /proc/sys/net/ipv6/conf/ (a slash, `..`) is skipped rather than read. They still reach the remote
 * command only as argv words.
 */
const safeIfName = (name: string): boolean =>
  name !== '' && name !== '.' && name !== '..' && !name.includes('/');

/** The sysctls v6wizard cares about: forwarding globally, and forwarding / accept_ra / accept_dad per interface. */
export function sysctlProbes(interfaces: readonly string[]): SysctlProbe[] {
  const probes: SysctlProbe[] = [{ name: 'net.ipv4.ip_forward', path: '/proc/sys/net/ipv4/ip_forward' }];
  for (const dev of ['all', 'default', ...interfaces.filter(safeIfName)]) {
    for (const key of ['forwarding', 'accept_ra', 'accept_dad']) {
      probes.push({ name: `net.ipv6.conf.${dev}.${key}`, path: `/proc/sys/net/ipv6/conf/${dev}/${key}` });
    }
  }
  return probes;
}

/**
 * Parse `grep -H '' -- PATH…` (each line `PATH:VALUE`). Matching is by the known paths, so a colon in
 * an interface name cannot shift the split. A path missing from the output (the interface has no IPv6,
 * or vanished) is simply absent from the result.
 */
export function parseSysctlValues(text: string, probes: readonly SysctlProbe[]): Record<string, string> {
  const byPath = new Map(probes.map((p) => [`${p.path}:`, p.name]));
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    for (const [prefix, name] of byPath) {
      if (line.startsWith(prefix)) values[name] = line.slice(prefix.length).trim();
    }
  }
  return values;
}
