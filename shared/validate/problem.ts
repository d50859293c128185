/** One thing wrong (error: blocks rendering) or worth knowing (warning: explains) about a profile. */
export interface Problem {
  /** Where, as a dotted path with indexes: `dhcpv6.reservations[2].duid`. */
  path: string;
  severity: 'error' | 'warning';
  /** What is wrong and what would be valid, in plain words. */
  message: string;
}

export const error = (path: string, message: string): Problem => ({ path, severity: 'error', message });
export const warning = (path: string, message: string): Problem => ({ path, severity: 'warning', message });

export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === 'error');

/** `path: message` — the one-line form the CLI prints. */
export const formatProblem = (p: Problem): string =>
  `${p.path}: ${p.severity === 'warning' ? 'warning: ' : ''}${p.message}`;
