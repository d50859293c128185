import type { RemoteExecResult, RemoteSession } from '../ssh/types';

/** A probe's answer, or why there is none (the command is missing, needs root, …). */
export type ProbeResult = { ok: true; result: RemoteExecResult } | { ok: false; reason: string };

/** Exit codes the shell uses for "command not found" / "not executable". */
const MISSING = new Set([126, 127]);

/**
 * The search path for probes. sshd gives a non-root login /usr/local/bin:/usr/bin:/bin only, and the
 * tools detect asks (iptables, modinfo) live in the sbin folders: without them a present iptables
 * reads as "not installed". sudo has its own secure_path; this one is set for both.
 */
export const PROBE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Run one detect command. Output is forced to the C locale (messages are parsed), the sbin folders are
 * searched (PROBE_PATH), and any failure —
 * a missing program on a minimal system, a refused sudo — becomes a reason instead of an exception,
 * so one missing tool never stops detect. `okCodes` lists exit codes that still carry an answer
 * (`systemctl is-active` exits 3 for an inactive unit, `dpkg-query` 1 for an unknown package).
 */
export async function probe(
  session: RemoteSession,
  argv: readonly string[],
  options: { sudo?: boolean; okCodes?: readonly number[] } = {},
): Promise<ProbeResult> {
  let result: RemoteExecResult;
  try {
    result = await session.exec(
      ['env', 'LC_ALL=C', `PATH=${PROBE_PATH}`, ...argv],
      options.sudo === true ? { sudo: true, timeoutMs: 30_000 } : { timeoutMs: 30_000 },
    );
  } catch (e) {
    return { ok: false, reason: `${argv[0] ?? ''}: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (MISSING.has(result.code)) return { ok: false, reason: `${argv[0] ?? ''} is not installed` };
  if (result.code !== 0 && !(options.okCodes ?? []).includes(result.code)) {
    const why = result.stderr.trim().split('\n').pop() ?? '';
    return {
      ok: false,
      reason: `${argv.join(' ')} failed (exit ${String(result.code)})${why !== '' ? `: ${why}` : ''}`,
    };
  }
  return { ok: true, result };
}
