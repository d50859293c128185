import { findOtherFirewalls } from '../../shared/detect/firewall-others';
import type { IfupdownFile } from '../../shared/detect/ifupdown';
import { parseSsListeners } from '../../shared/detect/listeners';
import type { RemoteFile, RemoteState } from '../../shared/plan/types';
import type { NetworkSystem } from '../../shared/profile/types';
import type { RemoteExecResult, RemoteSession } from '../ssh/types';
import { PROBE } from './scripts';

/** A step's remote command failed: the step, the exit code and what the router printed. */
export class RemoteStepError extends Error {
  constructor(
    readonly step: string,
    readonly result: RemoteExecResult,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The probe's output cap, above the session's MAX_OUTPUT_BYTES (8 MiB): it prints whole router files,
 * /etc/network's files (each under 256 KiB) and the nft and ip6tables rulesets, all as base64 (4/3 of
 * their size). A ruleset with large blocklist sets runs to several MiB of text; 64 MiB keeps a wide
 * margin over that and still bounds what a flooding server can make the app hold.
 */
export const PROBE_MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Counts commands per session, for the benchmark and the tests ("how many SSH commands"). */
export const counters = { connections: 0, commands: 0 };

/** Run one of the fixed scripts as root with its arguments (argv; values never enter the script text). */
export async function runScript(
  session: RemoteSession,
  script: string,
  args: readonly string[],
  options: { stdin?: string | Buffer; timeoutMs?: number; maxOutputBytes?: number } = {},
): Promise<RemoteExecResult> {
  counters.commands++;
  return session.exec(['bash', '-c', script, 'v6wizard', ...args], {
    sudo: true,
    timeoutMs: options.timeoutMs ?? 120_000,
    ...(options.stdin !== undefined ? { stdin: options.stdin } : {}),
    ...(options.maxOutputBytes !== undefined ? { maxOutputBytes: options.maxOutputBytes } : {}),
  });
}

/**
 * Parse PROBE's output: two lines per path (header, base64), then `P program` lines, then `S` when
 * ss ran with an `L` line per port-53 listener, then (ifupdown) `N path` lines each with its base64,
 * then `W nft …` and `W ip6 …` (the firewall as nft and ip6tables-save show it, base64) for what else
 * is in it.
 */
export function parseProbe(
  paths: readonly string[],
  stdout: string,
  networkSystem?: NetworkSystem,
): RemoteState {
  const lines = stdout.split('\n');
  const files: RemoteFile[] = paths.map((path, i) => {
    const head = lines[2 * i] ?? '';
    const body = lines[2 * i + 1] ?? '';
    const m = /^F ([0-7]+) (\S+)$/.exec(head);
    if (m?.[1] !== undefined && m[2] !== undefined)
      return {
        path,
        content: Buffer.from(body, 'base64').toString('utf8'),
        mode: parseInt(m[1], 8),
        owner: m[2],
      };
    // Something that is not a regular file (a folder, a symlink) is never "the same file": report it as absent
    // so the plan replaces it (after a byte-for-byte backup).
    return { path };
  });
  const rest = lines.slice(2 * paths.length);
  const programs = rest.filter((l) => l.startsWith('P ')).map((l) => l.slice(2));
  const state: RemoteState = { files, programs };
  if (rest.includes('S')) {
    state.dnsListeners = parseSsListeners(
      rest
        .filter((l) => l.startsWith('L '))
        .map((l) => l.slice(2))
        .join('\n'),
    );
  }
  if (networkSystem === 'ifupdown') {
    const networkFiles: IfupdownFile[] = [];
    rest.forEach((l, i) => {
      if (l.startsWith('N ')) {
        networkFiles.push({
          path: l.slice(2),
          content: Buffer.from(rest[i + 1] ?? '', 'base64').toString('utf8'),
        });
      }
    });
    state.networkFiles = networkFiles;
  }
  const seen = (kind: string): string | undefined => {
    const line = rest.find((l) => l.startsWith(`W ${kind} `));
    return line === undefined
      ? undefined
      : Buffer.from(line.slice(kind.length + 3), 'base64').toString('utf8');
  };
  const nftRuleset = seen('nft');
  const ip6Save = seen('ip6');
  if (nftRuleset !== undefined || ip6Save !== undefined)
    state.firewall = findOtherFirewalls({
      ...(nftRuleset !== undefined ? { nftRuleset } : {}),
      ...(ip6Save !== undefined ? { ip6Save } : {}),
    });
  return state;
}

/** Read the files v6wizard would replace and which programs exist: one remote command. */
export async function probe(
  session: RemoteSession,
  paths: readonly string[],
  programs: readonly string[],
  networkSystem?: NetworkSystem,
): Promise<RemoteState> {
  const r = await runScript(session, PROBE, [...paths, '--', ...programs, '--', networkSystem ?? ''], {
    maxOutputBytes: PROBE_MAX_OUTPUT_BYTES,
  });
  if (r.code !== 0)
    throw new RemoteStepError(
      'preflight',
      r,
      `reading the router's files failed (exit ${r.code}): ${r.stderr.trim()}`,
    );
  return parseProbe(paths, r.stdout, networkSystem);
}
