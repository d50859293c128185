/**
 * What the two labs (network namespaces; the router VM) share, so the self-test's checks run the same
 * way against either: a check gets an `Exec` for the `pc` side and the `router` side.
 */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run argv (never a shell string) somewhere: in a namespace here, or inside the VM over ssh. */
export type Exec = (argv: string[], options?: { timeoutMs?: number; stdin?: string }) => Promise<ExecResult>;

export interface CheckResult {
  name: string;
  pass: boolean;
  /** What the check saw, in one or two lines, printed after PASS/FAIL. */
  saw: string;
}
