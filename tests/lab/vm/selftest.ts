import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseV6 } from '../../../shared/net/addr';
import { derive } from '../../../shared/profile/derive';
import type { Profile } from '../../../shared/profile/types';
import {
  checkDefaultRoute,
  checkDhcpDns,
  checkDhcpLease,
  checkPing,
  checkPingAllowed,
  checkRdnss,
  checkSlaac,
  checkTcpDropped,
  checkTcpOpen,
  linkLocalOf,
} from '../checks';
import { exportProfile, loadProfile } from './export-profile';
import type { CheckResult } from '../types';
import { buildVmImage, type VmImage } from './build';
import {
  checkExecQuoting,
  inNamespace,
  installExportSampled,
  PC_DHCLIENT,
  prepareRouter,
  REMOTE_DHCLIENT_SCRIPT,
} from './example-setup';
import { LAB, labProfile } from './lab-net';
import { DEFAULT_RELEASE, type LabRelease } from './image-spec';
import { takeDetectedValues } from './detect-row';
import { personality, type PersonalityName } from './personalities';
import { REPO } from './paths';
import { bootVm, type Vm } from './vm';
import {
  bootFinished,
  checkBoundAfterReboot,
  checkDadWaitSucceeded,
  checkSitTunnel,
  nginxSite,
} from './vm-checks';
import { filterChecks } from './filter-checks';

/** A TCP port nothing on the pc listens on and no example opens: a SYN that gets through is refused at once. */
export const CLOSED_PORT = 8081;

/**
 * One router the self-test sets up: an example profile on a Debian release, wearing personalities
 * (other tools, another login, another network shape), with or without a reboot after install.sh.
 */
export interface SelftestRow {
  /** The example profile file. */
  file: string;
  release: LabRelease;
  personalities: readonly PersonalityName[];
  /** Reboot after install.sh and check again (the DAD wait and nginx too, for DAD strategy `wait`). */
  reboot: boolean;
}

/** A row's name in logs, VM names and the matrix table: `example@release+personality…`. */
export function rowName(row: Pick<SelftestRow, 'file' | 'release' | 'personalities'>): string {
  return [`${basename(row.file, '.json')}@${row.release}`, ...row.personalities].join('+');
}

export interface VmSelftestOptions {
  log?: (line: string) => void;
  /** Example profile files (default: every examples/*.json), on the default release. */
  examples?: readonly string[];
  /** The rows to run instead of `examples` (each with its release and personalities). */
  rows?: readonly SelftestRow[];
  /**
   * Which examples get the reboot check (DAD wait, nginx bound after boot). Default: the first
   * example with DAD strategy `wait` for each network system.
   */
  rebootFor?: (profile: Profile) => boolean;
  /**
   * How many example VMs run at once (default 1). Measured on the 2-core machine: two at once made
   * every phase about 3x slower (TCG is CPU-bound), so running them one after another is faster.
   * Two of one virtual CPU each were a quarter faster for two examples (234 s against 309 s), but on
   * a clean CI run a rebooting VM then stayed silent after its initramfs for the whole 180 s boot
   * limit: one at a time is the setting CI has passed with.
   */
  concurrency?: number;
  /**
   * Runs on each example's VM after the router is prepared and before install.sh, its checks joining
   * the example's. It must leave the router as it found it and the pc with nothing learned (the
   * apply tests use it to apply over SSH and roll back on the VM this boots anyway).
   */
  beforeInstall?: (vm: Vm, profile: Profile, row: SelftestRow) => Promise<CheckResult[]>;
}

const DEFAULT_CONCURRENCY = 1;

export interface VmExampleResult {
  /** The row's name (rowName). */
  example: string;
  row: SelftestRow;
  checks: CheckResult[];
  /**
   * Milliseconds: boot to ssh, the router's own network, the beforeInstall hook, install.sh, checks,
   * the reboot check, and all of it.
   */
  ms: {
    boot: number;
    prepare: number;
    beforeInstall: number;
    install: number;
    checks: number;
    reboot: number;
    total: number;
  };
}

export interface VmSelftestResult {
  ok: boolean;
  /** The image of each release the rows used. */
  images: Partial<Record<LabRelease, VmImage>>;
  results: VmExampleResult[];
  /** Milliseconds for the whole run, the image build (or cache lookup) included. */
  totalMs: number;
}

/** Every example profile in examples/, sorted by name. */
export function exampleFiles(): string[] {
  const dir = join(REPO, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Print one check the way every self-test line looks. */
export function formatCheck(example: string, c: CheckResult): string {
  return `${c.pass ? 'PASS' : 'FAIL'}  vm ${example}: ${c.name} — ${c.saw}`;
}

function failure(name: string, error: unknown): CheckResult {
  return { name, pass: false, saw: error instanceof Error ? error.message : String(error) };
}

/** The checks from the LAN PC and the internet side, against a router that has the export installed. */
export async function networkChecks(vm: Vm, profile: Profile): Promise<CheckResult[]> {
  const d = derive(profile);
  const pc = inNamespace(vm, 'pc');
  const isp = inNamespace(vm, 'isp');
  const checks: CheckResult[] = [];
  const slaac = await checkSlaac(pc, d.lanCidr, { iface: LAB.pcInterface, timeoutMs: 30_000 });
  checks.push(slaac);
  checks.push(
    await checkDefaultRoute(pc, await linkLocalOf(vm.exec, LAB.lanInterface), { timeoutMs: 15_000 }),
  );
  const mode = profile.dhcpv6.mode;
  if (mode !== 'none') {
    const dhcp = await checkDhcpLease(pc, {
      iface: LAB.pcInterface,
      mode,
      leaseFile: PC_DHCLIENT.leaseFile,
      pidFile: PC_DHCLIENT.pidFile,
      script: { path: REMOTE_DHCLIENT_SCRIPT, optionsFile: PC_DHCLIENT.optionsFile },
      ...(mode === 'stateful'
        ? { pool: { start: profile.dhcpv6.poolStart, end: profile.dhcpv6.poolEnd } }
        : {}),
      timeoutMs: 60_000,
    });
    checks.push(dhcp);
    checks.push(checkDhcpDns(dhcp.lease, d.dhcpDns));
  }
  if (profile.ra.rdnss.length > 0) {
    checks.push(
      await checkRdnss(
        pc,
        LAB.pcInterface,
        profile.ra.rdnss.map((a) => parseV6(a) ?? a),
        // RFC 8106 §5.1: at least 3 × MaxRtrAdvInterval; v6wizard sends exactly that.
        3 * profile.ra.maxIntervalSeconds,
      ),
    );
  }
  if (slaac.address === undefined) {
    checks.push({
      name: 'ping and firewall checks',
      pass: false,
      saw: 'not run: the pc has no SLAAC address to test with',
    });
    return checks;
  }
  checks.push(await checkPing(pc, LAB.internetV6, slaac.address));
  checks.push(await checkSitTunnel(vm.exec, profile.tunnel.interface, LAB.ispV4, profile.tunnel.localIpv4));
  checks.push(
    await checkTcpOpen(pc, LAB.internetV6, LAB.tcpPort, 'TCP from the pc to the internet through the tunnel'),
  );
  checks.push(await checkPingAllowed(isp, slaac.address, profile.firewall.allowEchoFromInternet));
  checks.push(await checkTcpDropped(isp, slaac.address, CLOSED_PORT));
  if (profile.router.management.fromLan) {
    checks.push(
      await checkTcpOpen(
        pc,
        d.lanRouter,
        profile.router.management.sshPort,
        'SSH port to the router from the LAN (lock-out guard)',
      ),
    );
  }
  return checks;
}

/**
 * Reboot the router and wait until its boot has finished (every unit started or failed): a check right
 * after sshd answers would race the units that start after the network (Docker's, say).
 */
export async function rebootUntilStarted(vm: Vm): Promise<CheckResult> {
  const ms = await vm.reboot();
  const state = await bootFinished(vm.exec);
  const saw = `${state} after ${(ms / 1000).toFixed(1)} s`;
  const failed =
    state === 'degraded'
      ? `; failed units: ${(await vm.exec(['systemctl', '--failed', '--plain', '--no-legend'])).stdout.trim().replace(/\s+/g, ' ')}`
      : '';
  return {
    name: 'router rebooted and finished starting',
    pass: state === 'running' || state === 'degraded',
    saw: saw + failed,
  };
}

/**
 * The DAD check: nginx listens on the router's LAN address only and is enabled, the router reboots
 * (the -snapshot overlay keeps everything installed), and after the boot the DAD wait must have
 * succeeded and nginx must be bound to that address. Then the LAN must work again without help.
 */
async function rebootChecks(vm: Vm, profile: Profile, row: SelftestRow): Promise<CheckResult[]> {
  const d = derive(profile);
  const dadWait = profile.dad.strategy === 'wait';
  if (dadWait) {
    await vm.writeFile('/etc/nginx/sites-available/default', nginxSite(d.lanRouter));
    const enable = await vm.exec(['systemctl', 'enable', 'nginx.service']);
    if (enable.code !== 0) return [failure('enable nginx before the reboot', enable.stderr)];
  }
  const checks: CheckResult[] = [await rebootUntilStarted(vm)];
  if (dadWait) {
    checks.push(await checkDadWaitSucceeded(vm.exec));
    checks.push(await checkBoundAfterReboot(vm.exec, 'nginx.service', d.lanRouter, 80));
  }
  checks.push(...(await afterRebootChecks(vm, profile, row)));
  return checks;
}

/**
 * After a reboot the router's own boot configuration alone must bring everything back: the pc gets
 * its address and a default route and reaches the internet, and every personality's tool still works.
 */
export async function afterRebootChecks(
  vm: Vm,
  profile: Profile,
  row: Pick<SelftestRow, 'personalities'>,
): Promise<CheckResult[]> {
  const d = derive(profile);
  const checks: CheckResult[] = [];
  const pc = inNamespace(vm, 'pc');
  const slaac = await checkSlaac(pc, d.lanCidr, { iface: LAB.pcInterface, timeoutMs: 30_000 });
  checks.push({ ...slaac, name: `after reboot: ${slaac.name}` });
  const route = await checkDefaultRoute(pc, await linkLocalOf(vm.exec, profile.router.lanInterface), {
    timeoutMs: 15_000,
  });
  checks.push({ ...route, name: `after reboot: ${route.name}` });
  if (slaac.address !== undefined) {
    const ping = await checkPing(pc, LAB.internetV6, slaac.address);
    checks.push({ ...ping, name: `after reboot: ${ping.name}` });
  }
  for (const name of row.personalities)
    for (const c of (await personality(name).invariants?.(vm)) ?? [])
      checks.push({ ...c, name: `after reboot: ${c.name}` });
  return checks;
}

/** One example on a freshly booted router VM: prepare, install the export, check, maybe reboot; always stops the VM. */
export async function selftestExampleVm(
  image: VmImage,
  row: SelftestRow,
  options: {
    log: (line: string) => void;
    beforeInstall?: VmSelftestOptions['beforeInstall'];
  },
): Promise<VmExampleResult> {
  const t0 = performance.now();
  const example = rowName(row);
  let profile = labProfile(loadProfile(row.file), row.personalities);
  const work = mkdtempSync(join(tmpdir(), 'v6lab-vm-export-'));
  const checks: CheckResult[] = [];
  const ms = { boot: 0, prepare: 0, beforeInstall: 0, install: 0, checks: 0, reboot: 0, total: 0 };
  const emit = (c: CheckResult): void => {
    checks.push(c);
    options.log(formatCheck(example, c));
  };
  let vm: Vm | undefined;
  try {
    vm = await bootVm(image, { name: example, log: options.log });
    if (image.release !== DEFAULT_RELEASE || row.personalities.length > 0)
      options.log(
        `      vm ${example}: Debian ${image.release}${row.personalities.length > 0 ? `, personalities: ${row.personalities.map((n) => `${n} (${personality(n).what})`).join('; ')}` : ''}`,
      );
    ms.boot = vm.bootMs;
    const t1 = performance.now();
    emit(await checkExecQuoting(vm));
    await prepareRouter(vm, profile, row.personalities);
    const detected = await takeDetectedValues(vm, profile, row.personalities);
    emit(detected.check);
    profile = detected.profile;
    const exportDir = await exportProfile(profile, work);
    ms.prepare = performance.now() - t1;
    if (options.beforeInstall !== undefined) {
      const tHook = performance.now();
      for (const c of await options.beforeInstall(vm, profile, row)) emit(c);
      ms.beforeInstall = performance.now() - tHook;
    }
    const tInstall = performance.now();
    const [install, order] = await installExportSampled(vm, exportDir);
    if (install === undefined || order === undefined) throw new Error('install.sh was not run');
    emit(install);
    emit(order);
    const t2 = performance.now();
    ms.install = t2 - tInstall;
    if (!install.pass) return { example, row, checks, ms };
    for (const c of await networkChecks(vm, profile)) emit(c);
    // Once per row, after install.sh: the apply over SSH installs the same files.
    for (const c of await filterChecks(vm, profile, row.personalities, CLOSED_PORT)) emit(c);
    for (const name of row.personalities)
      for (const c of (await personality(name).invariants?.(vm)) ?? []) emit(c);
    const t3 = performance.now();
    ms.checks = t3 - t2;
    if (row.reboot) {
      for (const c of await rebootChecks(vm, profile, row)) emit(c);
      ms.reboot = performance.now() - t3;
    }
    return { example, row, checks, ms };
  } catch (error) {
    emit(failure('the VM self-test ran to the end', error));
    return { example, row, checks, ms };
  } finally {
    await vm?.stop();
    rmSync(work, { recursive: true, force: true });
    ms.total = performance.now() - t0;
  }
}

/**
 * The default choice of examples for the reboot check: DAD strategy `wait` (the only strategy that
 * orders services behind DAD), the first such example of each network system, because the boot
 * order differs per system and a reboot costs most of a minute under TCG.
 */
function firstWaitPerNetworkSystem(files: readonly string[]): (profile: Profile) => boolean {
  const chosen = new Map<string, string>();
  for (const file of files) {
    const p = loadProfile(file);
    if (p.dad.strategy === 'wait' && !chosen.has(p.router.networkSystem))
      chosen.set(p.router.networkSystem, p.name);
  }
  return (p) => chosen.get(p.router.networkSystem) === p.name;
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * The full lab's self-test: build (or reuse) the router image, then for each example a fresh VM boot,
 * the example's own network system, the export installed with install.sh, and every check from the
 * LAN PC and the internet side through a real sit tunnel; a reboot check for DAD strategy `wait`.
 */
export async function runVmSelftest(options: VmSelftestOptions = {}): Promise<VmSelftestResult> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const t0 = performance.now();
  const files = options.examples ?? exampleFiles();
  const defaultReboot = firstWaitPerNetworkSystem(files);
  const rows: readonly SelftestRow[] =
    options.rows ??
    files.map((file) => ({
      file,
      release: DEFAULT_RELEASE,
      personalities: [],
      reboot: (options.rebootFor ?? defaultReboot)(loadProfile(file)),
    }));
  const images: Partial<Record<LabRelease, VmImage>> = {};
  for (const release of new Set(rows.map((r) => r.release))) {
    const t = performance.now();
    const image = await buildVmImage({ log, release });
    images[release] = image;
    log(
      `vm image ${release}: ${image.built ? `built in ${image.seconds.toFixed(1)} s` : 'cached'} (${seconds(performance.now() - t)} including the cache check)`,
    );
  }
  const results: VmExampleResult[] = new Array<VmExampleResult>(rows.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < rows.length; i = next++) {
      const row = rows[i];
      const image = row === undefined ? undefined : images[row.release];
      if (row === undefined || image === undefined) continue;
      const r = await selftestExampleVm(image, row, { log, beforeInstall: options.beforeInstall });
      log(
        `      vm ${r.example}: boot to ssh ${seconds(r.ms.boot)}, router network ${seconds(r.ms.prepare)}${r.ms.beforeInstall >= 1000 ? `, before install.sh ${seconds(r.ms.beforeInstall)}` : ''}, install.sh ${seconds(r.ms.install)}, checks ${seconds(r.ms.checks)}${r.ms.reboot > 0 ? `, reboot check ${seconds(r.ms.reboot)}` : ''}, total ${seconds(r.ms.total)}`,
      );
      results[i] = r;
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, rows.length));
  await Promise.all(Array.from({ length: concurrency }, worker));
  const totalMs = performance.now() - t0;
  const ok = results.length > 0 && results.every((r) => r.checks.length > 0 && r.checks.every((c) => c.pass));
  log(
    `vm self-test: ${ok ? 'all checks passed' : 'FAILED'} (${results.length} rows, ${seconds(totalMs)} in all)`,
  );
  return { ok, images, results, totalMs };
}
