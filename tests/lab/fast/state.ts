import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_ROOT, stateDir } from './names';

/** A process the lab started, identified by pid and start time so a reused pid is never killed. */
export interface LabProcess {
  name: string;
  pid: number;
  /** Field 22 of /proc/PID/stat (clock ticks after boot); differs when the pid was reused. */
  start: string;
}

/** What the lab records in `.lab/fast/<id>/state.json`, rewritten after every change. */
export interface LabState {
  id: string;
  /** `test`: owned by a test process; `manual`: started by `npm run lab -- up`, removed by `down`. */
  kind: 'test' | 'manual';
  owner: { pid: number; start: string };
  createdAt: string;
  namespaces: string[];
  processes: LabProcess[];
}

/** The start time of a running process, or undefined when there is no such process. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (Z) or dead (X) process has exited; only its parent has not collected it yet.
    if (rest[0] === 'Z' || rest[0] === 'X') return undefined;
    return rest[19];
  } catch {
    return undefined;
  }
}

/** True while the very process that was recorded is still running. */
export function isSameProcess(p: { pid: number; start: string }): boolean {
  return processStart(p.pid) === p.start;
}

export function writeState(state: LabState): void {
  const file = join(stateDir(state.id), 'state.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function readState(id: string): LabState | undefined {
  try {
    return JSON.parse(readFileSync(join(stateDir(id), 'state.json'), 'utf8')) as LabState;
  } catch {
    return undefined;
  }
}

/** The ids of every lab folder under .lab/fast (with or without a readable state file). */
export function labIds(): string[] {
  if (!existsSync(FAST_ROOT)) return [];
  return readdirSync(FAST_ROOT, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^[0-9a-f]{8}$/.test(d.name))
    .map((d) => d.name);
}
