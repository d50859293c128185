import type { CheckResult, Exec } from '../types';

/**
 * Checks only the VM lab can make (the shared ones are in ../checks.ts): the tunnel is a real sit
 * device that carried the traffic, and after a reboot a service ordered after the DAD wait is bound
 * to the router's LAN address.
 */

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

/** Packet counters of a link, from `ip -s link show`. */
async function counters(
  router: Exec,
  iface: string,
): Promise<{ rx: number; tx: number; detail: string } | undefined> {
  const r = await router(['ip', '-d', '-s', 'link', 'show', 'dev', iface]);
  if (r.code !== 0) return undefined;
  const num = (label: 'RX' | 'TX'): number => {
    const m = new RegExp(`${label}:\\s+bytes\\s+packets[^\\n]*\\n\\s*(\\d+)\\s+(\\d+)`).exec(r.stdout);
    return m ? Number(m[2]) : NaN;
  };
  return { rx: num('RX'), tx: num('TX'), detail: r.stdout };
}

/**
 * The router's tunnel interface is a sit (6in4) device to the broker's IPv4 address, and packets
 * went both ways through it (the ping to the internet address can take no other path: the isp
 * namespace has no IPv6 route to the router except the tunnel).
 */
export async function checkSitTunnel(
  router: Exec,
  iface: string,
  remoteV4: string,
  localV4: string,
): Promise<CheckResult> {
  const name = `the tunnel ${iface} is a real sit device that carried traffic`;
  const c = await counters(router, iface);
  if (!c) return { name, pass: false, saw: `no interface ${iface} on the router` };
  const sit =
    /\bsit\b/.test(c.detail) &&
    c.detail.includes(`remote ${remoteV4}`) &&
    c.detail.includes(`local ${localV4}`);
  const pass = sit && c.rx > 0 && c.tx > 0;
  const kind = /link\/sit|\bsit remote [^\n]*/.exec(c.detail)?.[0] ?? 'not sit';
  return { name, pass, saw: `${oneLine(kind)}; packets rx ${c.rx}, tx ${c.tx}` };
}

/** nginx as the service that must wait for DAD: listening on exactly the router's LAN address. */
export function nginxSite(lanAddress: string): string {
  return [
    '# v6wizard lab: bound to the router LAN address only, so nginx can start only once that address',
    '# has passed duplicate address detection (no wildcard listen to fall back on).',
    'server {',
    `    listen [${lanAddress}]:80;`,
    '    location / { return 200 "v6lab\\n"; }',
    '}',
    '',
  ].join('\n');
}

/** Wait until the boot has finished starting units (running or degraded); returns that state. */
export async function bootFinished(router: Exec): Promise<string> {
  const r = await router(['systemctl', 'is-system-running', '--wait'], { timeoutMs: 200_000 });
  return r.stdout.trim() || `exit ${r.code}`;
}

/** v6wizard-dad-wait.service ran at this boot and succeeded; what it printed is what was seen. */
export async function checkDadWaitSucceeded(router: Exec): Promise<CheckResult> {
  const name = 'after reboot: v6wizard-dad-wait.service succeeded';
  const show = await router([
    'systemctl',
    'show',
    '-p',
    'ActiveState',
    '-p',
    'Result',
    '-p',
    'ExecMainStatus',
    'v6wizard-dad-wait.service',
  ]);
  const prop = (key: string): string => new RegExp(`^${key}=(.*)$`, 'm').exec(show.stdout)?.[1] ?? '?';
  const [active, result, status] = [prop('ActiveState'), prop('Result'), prop('ExecMainStatus')];
  const journal = await router([
    'journalctl',
    '-b',
    '-o',
    'cat',
    '--no-pager',
    '-u',
    'v6wizard-dad-wait.service',
  ]);
  const lines = journal.stdout
    .split('\n')
    .filter((l) => /^(ready|dadfailed|tentative|absent|waiting)/.test(l))
    .join('; ');
  const pass = active === 'active' && result === 'success' && status === '0';
  return {
    name,
    pass,
    saw: `${active}/${result} exit ${status}; ${lines || 'no output'}`,
  };
}

/** After reboot, `service` is active and listening on [address]:port (ss -ltn inside the VM). */
export async function checkBoundAfterReboot(
  router: Exec,
  service: string,
  address: string,
  port: number,
): Promise<CheckResult> {
  const name = `after reboot: ${service} (waits for DAD) bound to [${address}]:${port}`;
  const active = (await router(['systemctl', 'is-active', service])).stdout.trim();
  const ss = await router(['ss', '-Hltn']);
  const want = `[${address}]:${port}`;
  const listening = ss.stdout.split('\n').filter((l) => l.includes(`]:${port}`) || l.includes(`:${port} `));
  const pass = active === 'active' && ss.stdout.split(/\s+/).includes(want);
  return {
    name,
    pass,
    saw: `${service} ${active}; ss: ${oneLine(listening.join(' | ')) || `nothing on port ${port}`}`,
  };
}
