import { sha256 } from '../export/sha256';
import type { RenderedFile } from '../render/types';
import { noteText } from './notes';
import type { Plan, RemoteState } from './types';

/**
 * What a plan was computed from, as one hash: every file it would write (bytes, mode, owner, how it is
 * checked and switched on) and everything it read from the router (each file's bytes, mode and owner,
 * the programs, the other firewalls, the network files, the port-53 listeners). The apply computes it
 * again and runs only when it equals the reviewed plan's: what runs is what the person reviewed.
 */
export function reviewHash(rendered: readonly RenderedFile[], remote: RemoteState): string {
  const byPath = <T extends { path: string }>(xs: readonly T[]): T[] =>
    [...xs].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const canonical = JSON.stringify({
    write: byPath(rendered).map((f) => [
      f.path,
      f.mode,
      f.owner,
      f.stage,
      f.service ?? '',
      f.validate ?? [],
      f.content,
    ]),
    read: {
      files: byPath(remote.files).map((f) => [f.path, f.mode ?? null, f.owner ?? null, f.content ?? null]),
      programs: [...remote.programs].sort(),
      firewall: remote.firewall ?? null,
      networkFiles: remote.networkFiles ?? null,
      dnsListeners: remote.dnsListeners ?? null,
    },
  });
  return sha256(canonical);
}

/**
 * Why a plan computed now is not the reviewed one, in lines a person can check: files whose change is
 * not the reviewed change, packages, the plan's notes; the router state when only that moved.
 */
export function reviewDifferences(reviewed: Plan, now: Plan): string[] {
  const out: string[] = [];
  const then = new Map(reviewed.files.map((f) => [f.path, f]));
  for (const f of now.files) {
    const r = then.get(f.path);
    if (r === undefined) out.push(`${f.path}: not in the reviewed plan (${f.status} now)`);
    else if (r.status !== f.status) out.push(`${f.path}: was ${r.status} in the review, is ${f.status} now`);
    else if (r.diff !== f.diff || r.metaChanges.join() !== f.metaChanges.join())
      out.push(`${f.path}: the router's copy changed since the review`);
  }
  for (const r of reviewed.files)
    if (!now.files.some((f) => f.path === r.path))
      out.push(`${r.path}: in the reviewed plan, not in this one`);
  const added = now.packages.filter((p) => !reviewed.packages.includes(p));
  const gone = reviewed.packages.filter((p) => !now.packages.includes(p));
  if (added.length > 0) out.push(`packages to install now also: ${added.join(' ')}`);
  if (gone.length > 0) out.push(`packages no longer to install: ${gone.join(' ')}`);
  const notes = (p: Plan): string[] => p.notes.map((n) => noteText(n));
  for (const n of notes(now)) if (!notes(reviewed).includes(n)) out.push(`new: ${n}`);
  for (const n of notes(reviewed)) if (!notes(now).includes(n)) out.push(`gone: ${n}`);
  if (out.length === 0 && reviewed.reviewed !== now.reviewed)
    out.push("the router's programs, firewall, network files or port-53 listeners changed since the review");
  return out;
}
