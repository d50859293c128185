import type { Problem } from '../../../shared/validate';

/** The DOM id of the control that edits a profile path (`tunnel.mtu` → `f-tunnel-mtu`). */
export function fieldId(path: string): string {
  return `f-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

/** A path without list indexes, as the catalogue names fields: `firewall.openings[2].port` → `firewall.openings.port`. */
export function fieldKey(path: string): string {
  return path.replace(/\[\d+\]/g, '');
}

/** The 1-based number of the last list entry in a path, for "Opening 3" in messages; undefined if none. */
export function rowNumber(path: string): number | undefined {
  const all = [...path.matchAll(/\[(\d+)\]/g)];
  const last = all.at(-1)?.[1];
  return last === undefined ? undefined : Number(last) + 1;
}

/**
 * The problems a field shows: those at its own path and, for a field that edits a whole list as text
 * (`ra.rdnss`), those at its entries (`ra.rdnss[1]`).
 */
export function problemsAt(problems: readonly Problem[], path: string): Problem[] {
  return problems.filter(
    (p) => p.path === path || p.path.startsWith(`${path}[`) || p.path.startsWith(`${path}.`),
  );
}

/**
 * Paths from the most to the least specific (`ra.rdnss[1]` → `ra.rdnss[1]`, `ra.rdnss`, `ra`): the error
 * summary focuses the first one that has a control on the page.
 */
export function candidatePaths(path: string): string[] {
  const out: string[] = [];
  let rest = path;
  while (rest !== '') {
    out.push(rest);
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
    rest = cut > 0 ? rest.slice(0, cut) : '';
  }
  return out;
}
