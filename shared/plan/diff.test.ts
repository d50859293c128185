import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, splitLines, unifiedDiff } from './diff';

/** Apply an edit script to the old lines; must give the new lines. */
function applyOps(ops: ReturnType<typeof diffLines>): { from: string[]; to: string[] } {
  return {
    from: ops.filter((o) => o.kind !== 'add').map((o) => o.line),
    to: ops.filter((o) => o.kind !== 'del').map((o) => o.line),
  };
}

/** GNU diff -u on two texts, headers dropped (ours use labels, its use file names and times). */
function gnuDiff(a: string, b: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'v6w-diff-'));
  try {
    writeFileSync(join(dir, 'a'), a);
    writeFileSync(join(dir, 'b'), b);
    const r = spawnSync('diff', ['-u', '--label', 'old', '--label', 'new', join(dir, 'a'), join(dir, 'b')], {
      encoding: 'utf8',
    });
    if (r.status === 2 || r.error) throw new Error(`diff(1) is needed for this test: ${r.stderr}`);
    return r.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lineArb = fc.constantFrom('a', 'b', 'c', 'd', 'interface lan0 {', '};', '');

describe('diffLines', () => {
  it('is a correct and minimal edit script for any pair of line lists', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.array(lineArb, { maxLength: 30 }), (a, b) => {
        const ops = diffLines(a, b);
        expect(applyOps(ops)).toEqual({ from: a, to: b });
        // Minimal: the kept lines are a longest common subsequence (checked by dynamic programming).
        const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
        for (let i = a.length - 1; i >= 0; i--)
          for (let j = b.length - 1; j >= 0; j--)
            lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
        expect(ops.filter((o) => o.kind === 'keep')).toHaveLength(lcs[0]![0]!);
      }),
      { numRuns: 300 },
    );
  });
  it('handles empty sides', () => {
    expect(diffLines([], [])).toEqual([]);
    expect(diffLines(['x'], [])).toEqual([{ kind: 'del', line: 'x' }]);
    expect(diffLines([], ['y'])).toEqual([{ kind: 'add', line: 'y' }]);
  });
});

describe('unifiedDiff', () => {
  it('is empty for equal texts', () => {
    expect(unifiedDiff('a\nb\n', 'a\nb\n', { old: 'o', new: 'n' })).toBe('');
  });
  it('matches GNU diff -u byte for byte on a typical config change', () => {
    const old = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const next = old.replace('line 3\n', 'line three\n').replace('line 15\n', '').concat('added\n');
    expect(unifiedDiff(old, next, { old: 'old', new: 'new' })).toBe(gnuDiff(old, next));
  });
  it('shows a new file as all additions, with diff -u hunk headers', () => {
    expect(unifiedDiff('', 'x\ny\n', { old: 'old', new: 'new' })).toBe(gnuDiff('', 'x\ny\n'));
  });
  it('has the same hunk headers and change counts as GNU diff -u on random texts', () => {
    const text = fc.array(lineArb, { maxLength: 25 }).map((l) => l.map((x) => `${x}\n`).join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ours = unifiedDiff(a, b, { old: 'old', new: 'new' });
        const theirs = gnuDiff(a, b);
        const shape = (d: string): string[] => d.split('\n').filter((l) => l.startsWith('@@'));
        const count = (d: string, c: string): number =>
          d.split('\n').filter((l) => l.startsWith(c) && !l.startsWith(`${c}${c}${c} `)).length;
        expect(shape(ours)).toEqual(shape(theirs));
        expect([count(ours, '+'), count(ours, '-')]).toEqual([count(theirs, '+'), count(theirs, '-')]);
      }),
      { numRuns: 80 },
    );
  });
  it('says when only the final newline differs', () => {
    expect(unifiedDiff('a', 'a\n', { old: 'o', new: 'n' })).toContain('only the newline');
  });
  it('splits lines like diff(1)', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\n')).toEqual(['a']);
    expect(splitLines('a\n\n')).toEqual(['a', '']);
    expect(splitLines('a')).toEqual(['a']);
  });
});
