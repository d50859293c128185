import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RUN_DIR } from './paths';

/** What `lab up` records about the VM it left running, so `status`, `ssh` and `down` find it. */
export interface UpState {
  pid: number;
  port: number;
  imageDir: string;
  consoleLog: string;
  startedAt: string;
  example?: string;
}

export const STATE_FILE = join(RUN_DIR, 'up.json');
/** qemu's -name for the `lab up` VM; `down` kills a pid only if its command line carries this. */
export const UP_NAME = 'up';

export function readUpState(): UpState | undefined {
  if (!existsSync(STATE_FILE)) return undefined;
  try {
    return JSON.parse(readFileSync(STATE_FILE, 'utf8')) as UpState;
  } catch {
    return undefined;
  }
}

export function writeUpState(state: UpState): void {
  mkdirSync(RUN_DIR, { recursive: true });
  const tmp = `${STATE_FILE}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`);
  renameSync(tmp, STATE_FILE);
}

export function clearUpState(): void {
  rmSync(STATE_FILE, { force: true });
}

/**
 * Whether `pid` is still the qemu that `lab up` started: pids are reused, so the command line must be
 * qemu's with our -name and our image, or the process is someone else's and is never touched.
 */
export function isOurQemu(state: UpState): boolean {
  try {
    const argv = readFileSync(`/proc/${state.pid}/cmdline`, 'utf8').split('\0');
    return (
      (argv[0] ?? '').endsWith('qemu-system-x86_64') &&
      argv.includes(`v6lab-${UP_NAME}`) &&
      argv.some((a) => a.includes(state.imageDir))
    );
  } catch {
    return false;
  }
}
