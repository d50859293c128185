import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

/** The repository root; the lab keeps its state under .lab/ there (git-ignored). */
export const REPO = join(import.meta.dirname, '../../..');
/** Every fast lab has a folder here named by its id. */
export const FAST_ROOT = join(REPO, '.lab/fast');
export const FAST_DIR = import.meta.dirname;

/**
 * Every namespace of a lab starts with `v6l<id>-`, so labs running side by side (and leftovers of a
 * crashed run) never share a name, and `down` can recognise what is a lab's. Interface names live
 * inside the lab's namespaces and are created there directly, so they never meet the host's names
 * or the 15-character limit on the host side.
 */
export const NS_PREFIX = 'v6l';
export const NS_PATTERN = /^v6l([0-9a-f]{8})-(router|pc|isp)$/;

export function newLabId(): string {
  return randomBytes(4).toString('hex');
}

export type Role = 'router' | 'pc' | 'isp';

export function nsName(id: string, role: Role): string {
  return `${NS_PREFIX}${id}-${role}`;
}

export function stateDir(id: string): string {
  return join(FAST_ROOT, id);
}
