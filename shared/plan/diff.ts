/**
 * A line diff (Myers' O(ND) algorithm, "An O(ND) Difference Algorithm and Its Variations", 1986) and
 * its unified-diff text, for the plan's per-file view. Written here rather than taken from npm because
 * shared/ is pure and dependency-light, and a plan diff is a few hundred lines at most.
 */

/** One line of an edit script: kept, removed from the old text, or added in the new one. */
export type DiffOp = { kind: 'keep' | 'del' | 'add'; line: string };

/** The shortest edit script turning `a` into `b`, line by line (Myers, forward greedy with trace). */
export function diffLines(a: readonly string[], b: readonly string[]): DiffOp[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk the trace backwards from (n, m) to (0, 0), collecting the edits in reverse.
  const ops: DiffOp[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] ?? v;
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push({ kind: 'keep', line: a[--x] ?? '' });
      y--;
    }
    if (d > 0) {
      if (down) ops.push({ kind: 'add', line: b[--y] ?? '' });
      else ops.push({ kind: 'del', line: a[--x] ?? '' });
    }
  }
  return ops.reverse();
}

/** Text as lines the way diff(1) sees them: a final newline ends the last line, it does not start another. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const range = (start: number, count: number): string =>
  count === 1 ? `${start}` : `${count === 0 ? start - 1 : start},${count}`;

/**
 * A unified diff of two texts with `context` lines around each change, in the format of `diff -u`
 * (hunk headers `@@ -a,b +c,d @@`). Empty when the texts are equal.
 */
export function unifiedDiff(
  oldText: string,
  newText: string,
  labels: { old: string; new: string },
  context = 3,
): string {
  if (oldText === newText) return '';
  const ops = diffLines(splitLines(oldText), splitLines(newText));
  const changed = ops.map((o, i) => (o.kind === 'keep' ? -1 : i)).filter((i) => i >= 0);
  const out = [`--- ${labels.old}`, `+++ ${labels.new}`];
  // Group changes whose context windows touch into one hunk, as diff -u does.
  let i = 0;
  while (i < changed.length) {
    const first = changed[i] ?? 0;
    let last = first;
    while (i + 1 < changed.length && (changed[i + 1] ?? 0) - last <= 2 * context) last = changed[++i] ?? last;
    i++;
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length, last + context + 1);
    let oldLine = 1;
    let newLine = 1;
    for (const o of ops.slice(0, start)) {
      if (o.kind !== 'add') oldLine++;
      if (o.kind !== 'del') newLine++;
    }
    const body = ops.slice(start, end);
    const oldCount = body.filter((o) => o.kind !== 'add').length;
    const newCount = body.filter((o) => o.kind !== 'del').length;
    out.push(`@@ -${range(oldLine, oldCount)} +${range(newLine, newCount)} @@`);
    for (const o of body) out.push(`${o.kind === 'keep' ? ' ' : o.kind === 'del' ? '-' : '+'}${o.line}`);
  }
  // Lines are compared without their newline, so texts that differ only in the final newline have
  // no changed line; say so rather than showing an empty diff for a file that will be rewritten.
  if (changed.length === 0) out.push('(only the newline at the end of the file differs)');
  return `${out.join('\n')}\n`;
}
