import { rmSync, statSync } from 'node:fs';
import { NS_PATTERN, stateDir } from './names';
import { pidsIn, stopProcess } from './processes';
import { attempt, sleep } from './run';
import { isSameProcess, labIds, readState } from './state';

/** Namespaces that exist on this machine right now. */
export function existingNamespaces(): string[] {
  return attempt(['ip', 'netns', 'list'])
    .stdout.split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter(Boolean);
}

/** Kill every process inside a lab namespace, then delete it (its veths go with it). */
async function removeNamespace(ns: string): Promise<void> {
  for (let round = 0; round < 3; round++) {
    const pids = pidsIn(ns);
    if (pids.length === 0) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await sleep(50);
  }
  attempt(['ip', 'netns', 'del', ns]);
}

/**
 * Remove one lab completely: its recorded processes (by pid and start time), every process left in
 * its namespaces (daemonised children such as dhclient), the namespaces, and its state folder.
 * Only names the lab recorded, or that carry its id, are touched. Returns what could not be removed.
 */
export async function destroyLab(id: string, namespaces: readonly string[] = []): Promise<string[]> {
  const state = readState(id);
  for (const p of [...(state?.processes ?? [])].reverse()) await stopProcess(p);
  const mine = new Set([...(state?.namespaces ?? []), ...namespaces]);
  for (const ns of existingNamespaces()) if (NS_PATTERN.exec(ns)?.[1] === id) mine.add(ns);
  for (const ns of mine) await removeNamespace(ns);
  rmSync(stateDir(id), { recursive: true, force: true });
  const left = existingNamespaces().filter((ns) => mine.has(ns));
  const alive = (state?.processes ?? []).filter(isSameProcess).map((p) => `${p.name} (pid ${p.pid})`);
  return [...left.map((ns) => `namespace ${ns}`), ...alive];
}

/** Why a lab is removable by `down`, or undefined when it belongs to a running test. */
export function leftoverReason(id: string): string | undefined {
  const state = readState(id);
  if (state === undefined) {
    // A lab writes its state first thing; a folder without one for a minute is a crash's leftover.
    let age = Infinity;
    try {
      age = Date.now() - statSync(stateDir(id)).mtimeMs;
    } catch {
      // No folder at all: only namespaces are left.
    }
    return age > 60_000 ? 'no state file' : undefined;
  }
  if (state.kind === 'manual') return 'started by lab up';
  return isSameProcess(state.owner) ? undefined : `its test process ${state.owner.pid} is gone`;
}

/**
 * `lab down`: remove every lab started with `up`, and the leftovers of labs whose owning process is
 * gone (a test that crashed or was killed). Labs of tests that are still running are left alone.
 */
export async function downAll(log: (line: string) => void): Promise<boolean> {
  const ids = new Set(labIds());
  for (const ns of existingNamespaces()) {
    const id = NS_PATTERN.exec(ns)?.[1];
    if (id !== undefined) ids.add(id);
  }
  let ok = true;
  if (ids.size === 0) log('no fast lab is running');
  for (const id of ids) {
    const why = leftoverReason(id);
    if (why === undefined) {
      log(`fast lab ${id}: left alone (its test is still running)`);
      continue;
    }
    const left = await destroyLab(id);
    if (left.length > 0) ok = false;
    log(`fast lab ${id}: removed (${why})${left.length > 0 ? `; could NOT remove: ${left.join(', ')}` : ''}`);
  }
  return ok;
}
