import type { ApplyEvent, StepStatus } from './apply';

/** One line per apply step for the progress list: its latest status and the output it ended with. */
export interface StepRow {
  step: ApplyEvent['step'];
  status: StepStatus;
  output: string;
}

/**
 * Fold the event stream (each step reports `running`, then `ok`, `failed` or `skipped`) into one row
 * per step in the order the steps started, so the list reads as a checklist rather than a log. The
 * full stream stays in the saved log.
 */
export function stepRows(events: readonly ApplyEvent[]): StepRow[] {
  const rows: StepRow[] = [];
  for (const e of events) {
    const row = rows.find((r) => r.step === e.step);
    if (row) {
      row.status = e.status;
      if (e.output !== '') row.output = e.output;
    } else rows.push({ step: e.step, status: e.status, output: e.output });
  }
  return rows;
}
