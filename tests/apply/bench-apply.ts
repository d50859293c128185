import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { applyProfile } from '../../electron/apply/engine';
import { counters } from '../../electron/apply/remote';
import { exportForLab, loadExample } from '../lab/fast/prepare';
import { buildVmImage } from '../lab/vm/build';
import { installExport, prepareRouter } from '../lab/vm/example-setup';
import { labProfile } from '../lab/vm/lab-net';
import { REPO } from '../lab/vm/paths';
import { bootVm } from '../lab/vm/vm';
import { vmSession } from './vm-session';

/**
 * The apply may cost at most this much more than the install.sh it wraps (issue 11: one stage
 * description, so only the confirmation round-trip is extra).
 */
export const APPLY_BENCH_TARGET = 1.2;

export interface ApplyBench {
  /** Each round's install.sh and apply time, each on a fresh VM. */
  rounds: { installShMs: number; applyMs: number; ratio: number; steps: string }[];
  /** The medians over the rounds. */
  installShMs: number;
  applyMs: number;
  ratio: number;
  withinTarget: boolean;
  connections: number;
  commands: number;
}

const median = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * ROUNDS pairs of fresh router VMs prepared the same way: on one the export's install.sh runs over
 * the lab's one ssh connection (copy + run), on the other the SSH apply runs end to end (with
 * reconnect, verify and confirm). Packages are in the image, so neither installs any. One pair varies
 * by a tenth under qemu's emulation, so the medians count; each round prints the apply's steps.
 */
export async function runApplyBench(log: (line: string) => void, rounds = 3): Promise<ApplyBench> {
  const image = await buildVmImage({ log });
  const { $schema: _s, ...example } = loadExample(join(REPO, 'examples/he-ifupdown-slaac.json'));
  const profile = labProfile(example);
  const work = mkdtempSync(join(tmpdir(), 'v6w-bench-apply-'));
  const results: ApplyBench['rounds'] = [];
  try {
    const dir = exportForLab(profile, work);
    for (let round = 1; round <= rounds; round++) {
      const a = await bootVm(image, { name: 'bench-install-sh', log });
      let installShMs = 0;
      try {
        await prepareRouter(a, profile);
        const t0 = performance.now();
        const r = await installExport(a, dir);
        installShMs = performance.now() - t0;
        if (!r.pass) throw new Error(`install.sh failed: ${r.saw}`);
      } finally {
        await a.stop();
      }
      const b = await bootVm(image, { name: 'bench-apply', log });
      let applyMs = 0;
      const steps: string[] = [];
      try {
        await prepareRouter(b, profile);
        counters.connections = 0;
        counters.commands = 0;
        const started = new Map<string, number>();
        const t0 = performance.now();
        const r = await applyProfile({
          profile,
          connect: () => vmSession(b),
          onEvent: (e) => {
            if (e.status === 'running') started.set(e.step, performance.now());
            if (e.status === 'ok')
              steps.push(
                `${e.step} ${((performance.now() - (started.get(e.step) ?? t0)) / 1000).toFixed(1)}`,
              );
          },
        });
        applyMs = performance.now() - t0;
        if (!r.ok) throw new Error(r.message);
      } finally {
        await b.stop();
      }
      const row = { installShMs, applyMs, ratio: applyMs / installShMs, steps: steps.join(', ') };
      log(
        `round ${round}: apply ${(applyMs / 1000).toFixed(1)} s / install.sh ${(installShMs / 1000).toFixed(1)} s = ${row.ratio.toFixed(2)}x; apply steps (s): ${row.steps}`,
      );
      results.push(row);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const installShMs = median(results.map((r) => r.installShMs));
  const applyMs = median(results.map((r) => r.applyMs));
  const ratio = median(results.map((r) => r.ratio));
  return {
    rounds: results,
    installShMs,
    applyMs,
    ratio,
    withinTarget: ratio <= APPLY_BENCH_TARGET,
    connections: counters.connections,
    commands: counters.commands,
  };
}
