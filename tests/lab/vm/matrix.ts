import { applyAndRollBack } from '../../apply/apply-and-roll-back';
import { matrixRows } from './rows';
import { rowName, runVmSelftest, type VmExampleResult } from './selftest';

export interface MatrixLine {
  row: string;
  pass: boolean;
  seconds: number;
  checks: number;
  /** The failed checks, "name — what was seen" (first line of each). */
  failed: string[];
}

/**
 * `npm run lab:matrix`: every row of rows.ts's matrix on a fresh VM, one after another. Each row: the
 * router prepared with its personalities; the app applies over SSH (as the personality's login), the
 * pc and the internet side are checked, the router reboots and everything is checked again from its
 * own boot configuration, a plan says "no changes", rollback restores the router byte for byte (other
 * tools' chains included); then install.sh, the checks, a reboot and the checks again.
 * `only` keeps the rows whose name contains one of the given texts.
 */
export async function runMatrix(
  log: (line: string) => void,
  only: readonly string[] = [],
): Promise<MatrixLine[]> {
  const rows = matrixRows().filter((r) => only.length === 0 || only.some((o) => rowName(r).includes(o)));
  if (rows.length === 0)
    throw new Error(
      `no matrix row matches ${only.join(', ')}; rows: ${matrixRows().map(rowName).join(', ')}`,
    );
  const result = await runVmSelftest({
    log,
    rows,
    beforeInstall: (vm, profile, row) =>
      applyAndRollBack(vm, profile, { personalities: row.personalities, reboot: true }),
  });
  return result.results.map(line);
}

function line(r: VmExampleResult): MatrixLine {
  const failed = r.checks.filter((c) => !c.pass);
  return {
    row: r.example,
    pass: r.checks.length > 0 && failed.length === 0,
    seconds: r.ms.total / 1000,
    checks: r.checks.length,
    failed: failed.map((c) => `${c.name} — ${c.saw.split('\n')[0] ?? ''}`),
  };
}

/** The matrix as a Markdown table (what the issue's closing note carries). */
export function matrixTable(lines: readonly MatrixLine[]): string {
  const out = ['| row | result | checks | seconds |', '|---|---|---|---|'];
  for (const l of lines)
    out.push(
      `| ${l.row} | ${l.pass ? 'passed' : `FAILED: ${l.failed.join('; ')}`} | ${l.checks} | ${l.seconds.toFixed(0)} |`,
    );
  const total = lines.reduce((s, l) => s + l.seconds, 0);
  out.push(
    `| all ${lines.length} rows | ${lines.filter((l) => l.pass).length} passed | | ${total.toFixed(0)} |`,
  );
  return out.join('\n');
}
