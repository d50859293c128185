import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportProfile, loadProfile } from './export-profile';
import { buildVmImage, cachedImage, imageKey } from './build';
import { installExport, prepareRouter } from './example-setup';
import { labProfile } from './lab-net';
import { sshArgv, sshShellArgv, type SshTarget } from './ssh';
import { clearUpState, isOurQemu, readUpState, UP_NAME, writeUpState, type UpState } from './state';
import { bootVm } from './vm';

export { runVmSelftest, type VmSelftestOptions, type VmSelftestResult } from './selftest';

/** What `npm run lab -- status` says about the VM part. */
export interface VmStatus {
  /** The image for the current inputs, when it is built and cached. */
  image: { key: string; dir: string } | undefined;
  /** The VM `lab up` left running, when it still runs. */
  running: UpState | undefined;
  lines: string[];
}

/** Whether the image is built and whether a `lab up` VM runs, with lines ready to print. */
export function vmStatus(): VmStatus {
  const image = cachedImage();
  const state = readUpState();
  const running = state !== undefined && isOurQemu(state) ? state : undefined;
  const lines = [
    image
      ? `vm image: ${image.key} cached in ${image.dir}`
      : `vm image: not built yet (inputs ${imageKey()}); the first vm run builds it (about 2 minutes)`,
    running
      ? `vm: running, qemu pid ${running.pid}, ssh on 127.0.0.1:${running.port}${running.example ? `, example ${running.example}` : ''}, console ${running.consoleLog}`
      : state
        ? 'vm: not running (a stale record was left; `down` clears it)'
        : 'vm: not running',
  ];
  return { image: image ? { key: image.key, dir: image.dir } : undefined, running, lines };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Stop the VM `lab up` started (by its recorded pid, after checking it is still our qemu). */
export async function vmDown(): Promise<string> {
  const state = readUpState();
  if (!state) return 'vm: nothing to stop';
  if (!isOurQemu(state)) {
    clearUpState();
    return `vm: pid ${state.pid} is no longer the lab's qemu; record cleared, nothing killed`;
  }
  process.kill(state.pid, 'SIGTERM');
  for (let i = 0; i < 50 && isOurQemu(state); i++) await sleep(100);
  if (isOurQemu(state)) process.kill(state.pid, 'SIGKILL');
  clearUpState();
  return `vm: stopped qemu pid ${state.pid}`;
}

/**
 * Build (or reuse) the image and leave a router VM running for a person to use; with an example
 * file, the VM is prepared as that example's router and its export is installed.
 */
export async function vmUp(
  options: { log?: (line: string) => void; example?: string } = {},
): Promise<UpState> {
  const log =
    options.log ??
    ((line: string) => {
      console.log(line);
    });
  const existing = readUpState();
  if (existing && isOurQemu(existing))
    throw new Error(`a lab VM is already running (pid ${existing.pid}); stop it with: npm run lab -- down`);
  const image = await buildVmImage({ log });
  const vm = await bootVm(image, { name: UP_NAME, log, detached: true });
  const state: UpState = {
    pid: vm.pid,
    port: vm.port,
    imageDir: image.dir,
    consoleLog: vm.consoleLog,
    startedAt: new Date().toISOString(),
  };
  writeUpState(state);
  try {
    if (options.example !== undefined) {
      const profile = labProfile(loadProfile(options.example));
      const work = mkdtempSync(join(tmpdir(), 'v6lab-up-export-'));
      try {
        await prepareRouter(vm, profile);
        const install = await installExport(vm, await exportProfile(profile, work));
        log(`${install.pass ? 'PASS' : 'FAIL'}  vm up: ${install.name} — ${install.saw}`);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      state.example = profile.name;
      writeUpState(state);
    }
  } finally {
    // Only the ssh control connection goes; qemu keeps running until `down`.
    await vm.stop();
  }
  return state;
}

/** The ssh argv for the running `lab up` VM: an interactive root shell, or one command (argv). */
export function vmSshArgv(argv: readonly string[] = []): string[] {
  const state = readUpState();
  if (!state || !isOurQemu(state)) throw new Error('no lab VM is running; start one with: npm run lab -- up');
  const target: SshTarget = {
    port: state.port,
    clientKey: join(state.imageDir, 'id_ed25519'),
    knownHosts: join(state.imageDir, 'known_hosts'),
  };
  if (!existsSync(target.clientKey))
    throw new Error(`the image ${state.imageDir} is gone; run: npm run lab -- down`);
  return argv.length === 0 ? sshShellArgv(target) : sshArgv(target, argv);
}
