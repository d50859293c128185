import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { derive } from '../../../shared/profile/derive';
import type { Profile } from '../../../shared/profile/types';
import { FORWARDING_SYSCTL, FORWARDING_UNIT_PATH } from '../../../shared/render/forwarding';
import type { FastLab } from './lab';
import { dhcpServerRun } from './dhcp-server';
import { attempt, must, sleep } from './run';
import { TOPOLOGY } from './topology';

/** Sysctl keys that are per network namespace; anything else would change the host's kernel. */
const NETNS_KEY = /^net[./]ipv[46][./](conf|neigh)[./]/;

/** `key = value` lines of an exported sysctl.d file. */
export function sysctlSettings(text: string): { key: string; value: string }[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith(';'))
    .map((l) => {
      const eq = l.indexOf('=');
      if (eq < 0) throw new Error(`not a sysctl line: ${l}`);
      return { key: l.slice(0, eq).trim(), value: l.slice(eq + 1).trim() };
    });
}

async function waitForDad(lab: FastLab, addresses: { iface: string; address: string }[]): Promise<void> {
  const until = Date.now() + 8000;
  for (;;) {
    const out = attempt(['ip', '-n', lab.ns.router, '-6', '-o', 'addr', 'show']).stdout;
    const lines = addresses.map(
      (a) => out.split('\n').find((l) => l.includes(` ${a.iface} `) && l.includes(` ${a.address}/`)) ?? '',
    );
    const failed = lines.find((l) => l.includes('dadfailed'));
    if (failed !== undefined) throw new Error(`duplicate address detected: ${failed}`);
    if (lines.every((l) => l !== '' && !l.includes('tentative'))) return;
    if (Date.now() > until) throw new Error(`addresses still tentative or missing after 8 s:\n${out}`);
    await sleep(100);
  }
}

async function waitForUdp(lab: FastLab, port: number, what: string, log: string): Promise<void> {
  const until = Date.now() + 15_000;
  for (;;) {
    const ss = attempt([
      'ip',
      'netns',
      'exec',
      lab.ns.router,
      'ss',
      '-Hlun',
      'sport',
      '=',
      `:${port}`,
    ]).stdout;
    if (ss.trim() !== '') return;
    if (Date.now() > until) {
      throw new Error(
        `${what} is not listening on UDP ${port} after 15 s; ${log}:\n${readFileSync(log, 'utf8').slice(-1500)}`,
      );
    }
    await sleep(100);
  }
}

/**
 * Bring an exported configuration up in the lab's router the way its services would, without
 * systemd (a namespace has none): the sysctl file, the tunnel stand-in with the tunnel addresses and
 * the default route, the LAN address, the exported firewall script, radvd and the DHCPv6 server with
 * the exported files. This kernel has no sit, so the tunnel is a veth named like the sit interface
 * whose far end (in the isp namespace) holds the broker's tunnel address and routes the prefix back.
 */
export async function applyExport(lab: FastLab, profile: Profile, exportDir: string): Promise<void> {
  const files = join(exportDir, 'files');
  const d = derive(profile);
  const { router, isp } = TOPOLOGY;
  const tunnel = profile.tunnel.interface;
  const r = lab.ns.router;

  for (const s of sysctlSettings(readFileSync(join(files, 'etc/sysctl.d/60-v6wizard.conf'), 'utf8'))) {
    if (!NETNS_KEY.test(s.key))
      throw new Error(`refusing sysctl ${s.key} in a namespace: it is not per-namespace`);
    must(['ip', 'netns', 'exec', r, 'sysctl', '-q', '-w', `${s.key}=${s.value}`]);
  }

  must([
    'ip',
    '-n',
    r,
    'link',
    'add',
    tunnel,
    'type',
    'veth',
    'peer',
    'name',
    isp.tunnel,
    'netns',
    lab.ns.isp,
  ]);
  must(['ip', '-n', r, 'link', 'set', tunnel, 'mtu', String(profile.tunnel.mtu), 'up']);
  must(['ip', '-n', lab.ns.isp, 'link', 'set', isp.tunnel, 'mtu', String(profile.tunnel.mtu), 'up']);
  must(['ip', '-n', r, '-6', 'addr', 'add', `${d.tunnelClient}/${d.tunnelClientLength}`, 'dev', tunnel]);
  must([
    'ip',
    '-n',
    lab.ns.isp,
    '-6',
    'addr',
    'add',
    `${d.tunnelServer}/${d.tunnelClientLength}`,
    'dev',
    isp.tunnel,
    'nodad',
  ]);
  // The exported scripts add the LAN address with `optimistic` for that DAD strategy; do the same.
  must([
    'ip',
    '-n',
    r,
    '-6',
    'addr',
    'add',
    `${d.lanRouter}/64`,
    'dev',
    router.lan,
    ...(profile.dad.strategy === 'optimistic' ? ['optimistic'] : []),
  ]);
  await waitForDad(lab, [
    { iface: tunnel, address: d.tunnelClient },
    { iface: router.lan, address: d.lanRouter },
  ]);
  // On a sit link `default dev TUNNEL` is enough; a veth needs the broker's address as next hop.
  must(['ip', '-n', r, '-6', 'route', 'replace', 'default', 'via', d.tunnelServer, 'dev', tunnel]);
  must([
    'ip',
    '-n',
    lab.ns.isp,
    '-6',
    'route',
    'add',
    `${d.routed.network}/${d.routed.length}`,
    'via',
    d.tunnelClient,
    'dev',
    isp.tunnel,
  ]);

  const fw = await lab.router(
    [
      'env',
      `V6WIZARD_RULES_DIR=${join(files, 'etc/v6wizard')}`,
      'bash',
      join(files, 'usr/local/sbin/v6wizard-firewall'),
      'start',
    ],
    { timeoutMs: 20_000 },
  );
  if (fw.code !== 0) throw new Error(`v6wizard-firewall start failed (${fw.code}): ${fw.stdout}${fw.stderr}`);
  // Then forwarding, as v6wizard-forwarding.service does once the firewall unit is active: its own
  // ExecStart= line, run in the router's namespace (forwarding is a per-namespace key).
  const forwarding = readFileSync(join(files, FORWARDING_UNIT_PATH.slice(1)), 'utf8');
  const start = /^ExecStart=(.+)$/m.exec(forwarding)?.[1]?.split(' ') ?? [];
  if (!start.some((w) => w.startsWith(FORWARDING_SYSCTL)))
    throw new Error(`the forwarding unit does not set ${FORWARDING_SYSCTL}: ${forwarding}`);
  must(['ip', 'netns', 'exec', r, ...start]);

  const run = join(lab.dir, 'run');
  mkdirSync(run, { recursive: true, mode: 0o700 });
  lab.spawn({
    name: 'radvd',
    ns: r,
    argv: [
      'radvd',
      '--nodaemon',
      '--logmethod',
      'stderr',
      '-C',
      join(files, 'etc/radvd.conf'),
      '-p',
      join(run, 'radvd.pid'),
    ],
    mounts: [{ tmpfs: '/run' }],
    log: join(run, 'radvd.log'),
  });

  if (profile.dhcpv6.mode !== 'none') {
    const dhcpDir = join(run, 'dhcp');
    mkdirSync(dhcpDir, { recursive: true, mode: 0o755 });
    const server = dhcpServerRun(profile, files, dhcpDir, router.lan);
    const log = join(run, 'dhcp-server.log');
    lab.spawn({ name: server.name, ns: r, argv: server.argv, mounts: server.mounts, log });
    await waitForUdp(lab, 547, server.name, log);
  }
}
