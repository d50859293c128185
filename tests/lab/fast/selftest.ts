import { mkdirSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseV6 } from '../../../shared/net/addr';
import { derive } from '../../../shared/profile/derive';
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
import type { CheckResult } from '../types';
import { applyExport } from './apply';
import { createFastLab } from './lab';
import { FAST_DIR, REPO } from './names';
import { exportForLab, fitToLab, loadExample } from './prepare';
import { TOPOLOGY } from './topology';

export const STAND_IN_NOTE =
  'fast lab: tunnel replaced by a veth named like the sit interface; the real tunnel is checked in the VM';

/** A TCP port nothing on the pc listens on and no example opens, for the "dropped" check. */
const CLOSED_PORT = 8081;

export interface ExampleResult {
  example: string;
  checks: CheckResult[];
  /** Lab start, apply and checks, in milliseconds. */
  ms: { lab: number; apply: number; checks: number; total: number };
}

export function exampleFiles(): string[] {
  const dir = join(REPO, 'examples');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

/** Run one example through a fresh fast lab: export, apply, check, tear down (always). */
export async function selftestExample(file: string): Promise<ExampleResult> {
  const t0 = performance.now();
  const name = basename(file, '.json');
  const profile = fitToLab(loadExample(file));
  const d = derive(profile);
  const lab = await createFastLab({ sshPort: profile.router.management.sshPort });
  const t1 = performance.now();
  const checks: CheckResult[] = [];
  let t2 = t1;
  try {
    try {
      const exportDir = exportForLab(profile, join(lab.dir, 'profile'));
      await applyExport(lab, profile, exportDir);
      checks.push({
        name: 'export applied (sysctl, addresses, firewall, radvd, DHCPv6 server)',
        pass: true,
        saw: exportDir,
      });
    } catch (e) {
      checks.push({ name: 'export applied', pass: false, saw: e instanceof Error ? e.message : String(e) });
      return {
        example: name,
        checks,
        ms: { lab: t1 - t0, apply: 0, checks: 0, total: performance.now() - t0 },
      };
    }
    t2 = performance.now();
    const lan = TOPOLOGY.pc.lan;
    const slaac = await checkSlaac(lab.pc, d.lanCidr, { iface: lan });
    checks.push(slaac);
    checks.push(await checkDefaultRoute(lab.pc, await linkLocalOf(lab.router, TOPOLOGY.router.lan)));
    const mode = profile.dhcpv6.mode;
    if (mode !== 'none') {
      const leaseDir = join(lab.dir, 'pc');
      mkdirSync(leaseDir, { recursive: true, mode: 0o700 });
      const dhcp = await checkDhcpLease(lab.pc, {
        iface: lan,
        mode,
        leaseFile: join(leaseDir, 'dhclient6.leases'),
        pidFile: join(leaseDir, 'dhclient6.pid'),
        script: { path: join(FAST_DIR, 'dhclient-script.sh'), optionsFile: join(leaseDir, 'dhcp-options') },
        ...(mode === 'stateful'
          ? { pool: { start: profile.dhcpv6.poolStart, end: profile.dhcpv6.poolEnd } }
          : {}),
      });
      checks.push(dhcp);
      checks.push(checkDhcpDns(dhcp.lease, d.dhcpDns));
    }
    if (profile.ra.rdnss.length > 0) {
      checks.push(
        await checkRdnss(
          lab.pc,
          lan,
          profile.ra.rdnss.map((a) => parseV6(a) ?? a),
        ),
      );
    }
    if (slaac.address !== undefined) {
      checks.push(await checkPing(lab.pc, TOPOLOGY.isp.internetV6, slaac.address));
      checks.push(await checkPingAllowed(lab.isp, slaac.address, profile.firewall.allowEchoFromInternet));
      checks.push(await checkTcpDropped(lab.isp, slaac.address, CLOSED_PORT));
    } else {
      checks.push({
        name: 'ping and firewall checks',
        pass: false,
        saw: 'skipped: the pc has no SLAAC address to test with',
      });
    }
    if (profile.router.management.fromLan) {
      checks.push(
        await checkTcpOpen(
          lab.pc,
          d.lanRouter,
          profile.router.management.sshPort,
          'SSH to the router from the LAN (lock-out guard)',
        ),
      );
    }
    return {
      example: name,
      checks,
      ms: { lab: t1 - t0, apply: t2 - t1, checks: performance.now() - t2, total: performance.now() - t0 },
    };
  } finally {
    const left = await lab.destroy();
    if (left.length > 0) {
      // Thrown from finally on purpose: leftovers must never pass silently. `lab down` clears them.
      // eslint-disable-next-line no-unsafe-finally
      throw new Error(`fast lab ${lab.id} could not be removed completely: ${left.join(', ')}`);
    }
  }
}

/** Print one check the way every self-test line looks. */
export function formatCheck(example: string, c: CheckResult): string {
  return `${c.pass ? 'PASS' : 'FAIL'}  ${example}: ${c.name} — ${c.saw}`;
}

/** The fast self-test over every example (or the given files); prints as it goes; true when all passed. */
export async function runFastSelftest(
  log: (line: string) => void,
  files: readonly string[] = exampleFiles(),
): Promise<{ ok: boolean; results: ExampleResult[] }> {
  log(STAND_IN_NOTE);
  const results: ExampleResult[] = [];
  for (const file of files) {
    const r = await selftestExample(file);
    for (const c of r.checks) log(formatCheck(r.example, c));
    log(
      `      ${r.example}: lab ${(r.ms.lab / 1000).toFixed(1)} s, apply ${(r.ms.apply / 1000).toFixed(1)} s, checks ${(r.ms.checks / 1000).toFixed(1)} s, total ${(r.ms.total / 1000).toFixed(1)} s`,
    );
    results.push(r);
  }
  return { ok: results.every((r) => r.checks.every((c) => c.pass)), results };
}
