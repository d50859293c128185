import { findOtherFirewalls } from '../../shared/detect/firewall-others';
import { decideNetworkSystem } from '../../shared/detect/network-system';
import { guessInterfaces } from '../../shared/detect/guess';
import { parseIpAddr, parseIpRoute } from '../../shared/detect/ip-json';
import { parseNetplanFiles } from '../../shared/detect/netplan';
import { NETPLAN_DIRS } from '../../shared/render/tunnel-netplan';
import { networkFileFor, type NetworkFile } from '../../shared/detect/networkd';
import type { IfupdownFile } from '../../shared/detect/ifupdown';
import { parseSsListeners } from '../../shared/detect/listeners';
import { parseOsRelease } from '../../shared/detect/os-release';
import { parseSha256sum, parseExisting } from '../../shared/detect/files';
import { parseSysctlValues, sysctlProbes } from '../../shared/detect/sysctl';
import {
  parseDpkgQuery,
  parseIptablesSave,
  parseIptablesVersion,
  parseIsActive,
} from '../../shared/detect/tables';
import {
  DETECT_PACKAGES,
  DETECT_SERVICES,
  found,
  unknown,
  type DetectResult,
  type Found,
  type PackageState,
  type Route,
} from '../../shared/detect/types';
import type { RemoteSession } from '../ssh/types';
import { probe } from './probe';

export interface DetectOptions {
  /** Absolute paths v6wizard would write (from the profile's render): exists? sha256? */
  files?: readonly string[];
  /** Run the probes that need root (iptables-save, hashes of root-only files) through sudo. */
  sudo?: boolean;
}

const EXISTENCE = [
  '/etc/network/interfaces',
  '/sbin/ifup',
  '/usr/sbin/ifup',
  '/usr/sbin/netplan',
  '/run/systemd/system',
  '/sys/module/sit',
] as const;

const NETWORKD_DIRS = ['/etc/systemd/network', '/run/systemd/network', '/usr/lib/systemd/network'];

async function routes(session: RemoteSession, argv: string[]): Promise<Found<Route[]>> {
  const p = await probe(session, argv);
  if (!p.ok) return unknown(p.reason);
  const parsed = parseIpRoute(p.result.stdout);
  return parsed === undefined
    ? unknown(`${argv.join(' ')} printed no JSON (iproute2 too old?)`)
    : found(parsed);
}

async function listFiles(
  session: RemoteSession,
  dirs: string[],
  name: string,
  options: { maxdepth?: number; exclude?: string } = {},
): Promise<string[]> {
  const exclude = options.exclude !== undefined ? ['!', '-path', options.exclude] : [];
  // find prints nothing for a missing folder (its complaint goes to stderr and exit 1): still an answer.
  const argv = ['find', ...dirs, '-maxdepth', String(options.maxdepth ?? 1), '-type', 'f', '-name', name];
  const p = await probe(session, [...argv, ...exclude], { okCodes: [1] });
  return p.ok
    ? p.result.stdout
        .split('\n')
        .filter((l) => l !== '')
        .sort()
    : [];
}

/**
 * Look at a router without changing anything: every probe only reads. Runs the commands over the
 * session; all parsing is in shared/detect so the wizard and tests use the same code.
 */
export async function detect(session: RemoteSession, options: DetectOptions = {}): Promise<DetectResult> {
  const sudo = options.sudo ?? false;
  const osText = await probe(session, ['cat', '/etc/os-release']);
  const osInfo = osText.ok ? parseOsRelease(osText.result.stdout) : undefined;
  const os: DetectResult['os'] = !osText.ok
    ? unknown(osText.reason)
    : osInfo === undefined
      ? unknown('/etc/os-release has no ID')
      : found(osInfo);

  const ls = await probe(session, ['ls', '-1d', '--', ...EXISTENCE], { okCodes: [1, 2] });
  const exists = ls.ok ? parseExisting(ls.result.stdout, EXISTENCE) : new Set<string>();
  // sd_booted(): /run/systemd/system exists exactly when PID 1 is systemd.
  const init: DetectResult['init'] = ls.ok
    ? found(exists.has('/run/systemd/system') ? 'systemd' : 'other')
    : unknown(ls.reason);
  const systemd = init.known && init.value === 'systemd';

  const addr = await probe(session, ['ip', '-j', 'addr']);
  const parsedAddr = addr.ok ? parseIpAddr(addr.result.stdout) : undefined;
  const interfaces: DetectResult['interfaces'] = !addr.ok
    ? unknown(addr.reason)
    : parsedAddr === undefined
      ? unknown('ip -j addr printed no JSON (iproute2 too old?)')
      : found(parsedAddr);
  const routes4 = await routes(session, ['ip', '-j', '-4', 'route']);
  const routes6 = await routes(session, ['ip', '-j', '-6', 'route']);
  const guess = guessInterfaces(interfaces, routes4);

  const services: DetectResult['services'] = {};
  if (systemd) {
    const p = await probe(session, ['systemctl', 'is-active', '--', ...DETECT_SERVICES], {
      okCodes: [1, 3, 4],
    });
    const states = p.ok ? parseIsActive(p.result.stdout, DETECT_SERVICES) : undefined;
    for (const u of DETECT_SERVICES) {
      const s = states?.[u];
      services[u] = s !== undefined ? found(s) : unknown(p.ok ? 'systemctl gave no answer for it' : p.reason);
    }
  } else for (const u of DETECT_SERVICES) services[u] = unknown('init: not systemd');

  const netplanFiles = await listFiles(session, ['/etc/netplan'], '*.yaml');
  // netplan's files are root-only (0600, netplan warns otherwise): read through sudo when not root.
  let netplan: DetectResult['netplan'];
  const netplanPaths = await listFiles(session, [...NETPLAN_DIRS], '*.yaml');
  if (netplanPaths.length > 0) {
    const texts: { path: string; content: string }[] = [];
    let failed: string | undefined;
    for (const path of netplanPaths) {
      const p = await probe(session, ['cat', '--', path], { sudo });
      if (p.ok) texts.push({ path, content: p.result.stdout });
      else failed ??= `${path}: ${p.reason}`;
    }
    netplan = failed !== undefined ? unknown(failed) : found(parseNetplanFiles(texts));
  }
  const networkPaths = systemd ? await listFiles(session, NETWORKD_DIRS, '*.network') : [];
  const networkFiles: NetworkFile[] = [];
  for (const path of networkPaths) {
    const p = await probe(session, ['cat', '--', path]);
    if (p.ok) networkFiles.push({ path, content: p.result.stdout });
  }
  const networkdActive = services['systemd-networkd'];
  const networking = services['networking'];
  const networkSystem = ls.ok
    ? decideNetworkSystem({
        netplanFiles,
        netplanBinary: exists.has('/usr/sbin/netplan'),
        networkdActive: networkdActive?.known === true && networkdActive.value === 'active',
        networkFiles: networkPaths,
        interfacesFile: exists.has('/etc/network/interfaces'),
        ifupBinary: exists.has('/sbin/ifup') || exists.has('/usr/sbin/ifup'),
        ...(networking?.known === true && exists.has('/run/systemd/system')
          ? { networkingActive: networking.value === 'active' }
          : {}),
      })
    : unknown<never>(ls.reason);
  const wanName = guess.wan.known ? guess.wan.value.name : undefined;
  const lanName = guess.lan.known ? guess.lan.value.name : undefined;

  let sit: DetectResult['sit'];
  if (exists.has('/sys/module/sit')) sit = found({ available: true, how: 'the sit module is loaded' });
  else {
    // modinfo exits 1 with "not found" when the kernel has no such module; 127 when kmod is missing.
    const m = await probe(session, ['modinfo', '-F', 'filename', 'sit'], { okCodes: [1] });
    if (!m.ok) sit = unknown(m.reason);
    else if (m.result.code === 0) sit = found({ available: true, how: `module ${m.result.stdout.trim()}` });
    else sit = found({ available: false, how: 'the kernel has no sit module (modinfo: not found)' });
  }

  const ver = await probe(session, ['iptables', '-V']);
  const backend = ver.ok ? parseIptablesVersion(ver.result.stdout) : undefined;
  const firewallBackend: DetectResult['firewallBackend'] = !ver.ok
    ? unknown(ver.reason)
    : backend === undefined
      ? unknown(`iptables -V said ${JSON.stringify(ver.result.stdout.trim())}`)
      : found(backend);
  const save = async (cmd: string): Promise<{ text: string | undefined; rules: DetectResult['rules4'] }> => {
    const p = await probe(session, [cmd], { sudo });
    return p.ok
      ? { text: p.result.stdout, rules: found(parseIptablesSave(p.result.stdout)) }
      : { text: undefined, rules: unknown(p.reason) };
  };
  const save4 = await save('iptables-save');
  const save6 = await save('ip6tables-save');
  const rules4 = save4.rules;
  const rules6 = save6.rules;
  // nft shows every table, iptables-nft's included; a router without nft still has the saves.
  const nft = await probe(session, ['nft', 'list', 'ruleset'], { sudo });
  const otherFirewall: DetectResult['otherFirewall'] =
    !nft.ok && save6.text === undefined
      ? unknown(nft.reason)
      : found(
          findOtherFirewalls({
            ...(nft.ok ? { nftRuleset: nft.result.stdout } : {}),
            ...(save6.text !== undefined ? { ip6Save: save6.text } : {}),
            ...(save4.text !== undefined ? { ip4Save: save4.text } : {}),
          }),
        );

  const packages: Record<string, Found<PackageState>> = {};
  const dq = await probe(
    session,
    ['dpkg-query', '-W', '-f', '${Package}\t${db:Status-Abbrev}\t${Version}\n', '--', ...DETECT_PACKAGES],
    {
      okCodes: [1],
    },
  );
  const states = dq.ok ? parseDpkgQuery(dq.result.stdout, DETECT_PACKAGES) : undefined;
  for (const name of DETECT_PACKAGES) {
    const s = states?.[name];
    packages[name] = s !== undefined ? found(s) : unknown(dq.ok ? 'no answer' : dq.reason);
  }

  const names = interfaces.known ? interfaces.value.map((i) => i.name) : [];
  const probes = sysctlProbes(names);
  const sc = await probe(
    session,
    ['grep', '-H', '', '--', ...probes.map((p) => p.path)],
    { okCodes: [2] }, // 2: some interface has no IPv6 folder; the rest still answered
  );
  const sysctls: DetectResult['sysctls'] = sc.ok
    ? found(parseSysctlValues(sc.result.stdout, probes))
    : unknown(sc.reason);

  const paths = options.files ?? [];
  let files: DetectResult['files'] = [];
  if (paths.length > 0) {
    const h = await probe(session, ['sha256sum', '--', ...paths], { sudo, okCodes: [1] });
    files = h.ok
      ? parseSha256sum(h.result.stdout, h.result.stderr, paths)
      : paths.map(() => unknown(h.reason));
  }

  // Port 53: systemd-resolved's stub (127.0.0.53/127.0.0.54) or another DNS server decides how dnsmasq
  // may listen. ss names the processes only as root, hence sudo.
  const ss = await probe(session, ['ss', '-Hlnptu', 'sport = :53'], { sudo });
  const dnsListeners: DetectResult['dnsListeners'] = ss.ok
    ? found(parseSsListeners(ss.result.stdout))
    : unknown(ss.reason);

  let ifupdown: DetectResult['ifupdown'];
  if (networkSystem.known && networkSystem.value.system === 'ifupdown') {
    // Every file a `source` line could name; the hook scripts in if-*.d are not configuration.
    const paths = await listFiles(session, ['/etc/network'], '*', {
      maxdepth: 3,
      exclude: '/etc/network/if-*',
    });
    const texts: IfupdownFile[] = [];
    let reason: string | undefined;
    for (const path of paths) {
      const p = await probe(session, ['cat', '--', path], { sudo });
      if (p.ok) texts.push({ path, content: p.result.stdout });
      else reason ??= p.reason;
    }
    ifupdown = reason === undefined ? found(texts) : unknown(reason);
  }

  return {
    dnsListeners,
    ifupdown,
    os,
    init,
    networkSystem,
    networkFiles: {
      wan: wanName !== undefined ? networkFileFor(networkFiles, wanName) : undefined,
      lan: lanName !== undefined ? networkFileFor(networkFiles, lanName) : undefined,
    },
    ...(netplan !== undefined ? { netplan } : {}),
    interfaces,
    routes4,
    routes6,
    sit,
    firewallBackend,
    otherFirewall,
    rules4,
    rules6,
    packages,
    services,
    sysctls,
    files,
    guess,
  };
}
