import type { PortListener } from './types';

/**
 * Parse `ss -Hlnptu 'sport = :53'` (no header; with both -t and -u the first column is the protocol):
 * `udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=556,fd=13))`.
 * The local address may carry a device (`%lo`) and IPv6 addresses come in brackets; `*` is the
 * wildcard. The process is only known when ss ran as root.
 */
export function parseSsListeners(stdout: string): PortListener[] {
  const out: PortListener[] = [];
  for (const line of stdout.split('\n')) {
    const cols = line.trim().split(/\s+/);
    const [proto, , , , local] = cols;
    if ((proto !== 'udp' && proto !== 'tcp') || local === undefined) continue;
    const colon = local.lastIndexOf(':');
    const port = Number(local.slice(colon + 1));
    if (colon < 0 || !Number.isInteger(port)) continue;
    const [host = '', device] = local.slice(0, colon).split('%');
    const process = /users:\(\("([^"]+)"/.exec(line)?.[1];
    out.push({
      proto,
      address: host.replace(/^\[(.*)\]$/, '$1'),
      port,
      device,
      process,
    });
  }
  return out;
}

/** systemd-resolved's stub listeners: 127.0.0.53 (the stub) and 127.0.0.54 (the proxy stub). */
export const RESOLVED_STUBS = ['127.0.0.53', '127.0.0.54'];

/** A listener as `address:port (process)`, the way the plan names it; `process: false` leaves it out. */
export function showListener(l: PortListener, options: { process?: boolean } = {}): string {
  const addr = l.address.includes(':') ? `[${l.address}]` : l.address;
  const who = options.process !== false && l.process !== undefined ? ` (${l.process})` : '';
  return `${addr}:${String(l.port)}${who}`;
}
