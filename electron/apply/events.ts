import type { ApplyEvent } from '../../shared/plan/apply';

export type { ApplyEvent, StepStatus } from '../../shared/plan/apply';

/**
 * Replace every secret in text with "[redacted]", so a saved log can be shared. Secrets shorter than
 * four characters are still replaced: a short password is still a password.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join('[redacted]');
  return out;
}

/** The apply log: every event as a line, secrets redacted at write time so they never sit in memory twice. */
export class ApplyLog {
  private readonly lines: string[] = [];
  constructor(private readonly secrets: readonly string[]) {}

  add(e: ApplyEvent): void {
    const head = `[${new Date().toISOString()}] ${e.step} ${e.status} ${Math.round(e.progress * 100)}%`;
    this.lines.push(redact(e.output === '' ? head : `${head}\n${e.output.trimEnd()}`, this.secrets));
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}
