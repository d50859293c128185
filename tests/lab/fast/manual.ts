import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Role } from './names';
import { stateDir } from './names';
import type { LabSsh } from './sshd';
import { labIds, readState } from './state';

/** What `lab up` leaves for `lab ssh` and `lab status`: how to reach the lab it started. */
export interface ManualLabInfo {
  id: string;
  ns: Record<Role, string>;
  ssh: LabSsh;
  startMs: number;
}

const file = (id: string): string => join(stateDir(id), 'lab.json');

/**
 * Kept in the lab's own state folder (mode 0700 under the git-ignored .lab/): it holds the lab users'
 * passwords, which exist only for this throwaway lab and die with it at `down`.
 */
export function saveManualLab(info: ManualLabInfo): void {
  writeFileSync(file(info.id), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

/** The most recently started lab from `lab up`, if any is still recorded. */
export function latestManualLab(): ManualLabInfo | undefined {
  const manual = labIds()
    .map((id) => ({ id, state: readState(id) }))
    .filter((l) => l.state?.kind === 'manual')
    .sort((a, b) => (a.state!.createdAt < b.state!.createdAt ? 1 : -1));
  for (const l of manual) {
    try {
      return JSON.parse(readFileSync(file(l.id), 'utf8')) as ManualLabInfo;
    } catch {
      // A lab that failed half-way through `up` has no lab.json; try the next.
    }
  }
  return undefined;
}
