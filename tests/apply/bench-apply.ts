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
  installShMs: number;
  applyMs: number;
  ratio: number;
  withinTarget: boolean;
  connections: number;
  commands: number;
}

/**
 * Two fresh router VMs prepared the same way: on one the export's install.sh runs over the lab's one
 * ssh connection (copy + run), on the other the SSH apply runs end to end (with reconnect, verify and
 * confirm). Packages are in the image, so neither installs any.
 */
export async function runApplyBench(log: (line: string) => void): Promise<ApplyBench> {
  const image = await buildVmImage({ log });
  const { $schema: _s, ...example } = loadExample(join(REPO, 'examples/he-ifupdown-slaac.json'));
  const profile = labProfile(example);
  const work = mkdtempSync(join(tmpdir(), 'v6w-bench-apply-'));
  let installShMs = 0;
  let applyMs = 0;
  try {
    const a = await bootVm(image, { name: 'bench-install-sh', log });
    try {
      await prepareRouter(a, profile);
      const dir = exportForLab(profile, work);
      const t0 = performance.now();
      const r = await installExport(a, dir);
      installShMs = performance.now() - t0;
      if (!r.pass) throw new Error(`install.sh failed: ${r.saw}`);
    } finally {
      await a.stop();
    }
    const b = await bootVm(image, { name: 'bench-apply', log });
    try {
      await prepareRouter(b, profile);
      counters.connections = 0;
      counters.commands = 0;
      const t0 = performance.now();
      const r = await applyProfile({ profile, connect: () => vmSession(b) });
      applyMs = performance.now() - t0;
      if (!r.ok) throw new Error(r.message);
    } finally {
      await b.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const ratio = applyMs / installShMs;
  return {
    installShMs,
    applyMs,
    ratio,
    withinTarget: ratio <= APPLY_BENCH_TARGET,
    connections: counters.connections,
    commands: counters.commands,
  };
}
