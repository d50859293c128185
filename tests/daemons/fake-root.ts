import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * A throwaway router root for running install.sh with V6WIZARD_ROOT. It has /usr/local/sbin so the
 * run can bind-mount it over the real one (below), and /var/backups like a Debian system.
 */
export function makeFakeRoot(): string {
  const root = mkdtempSync(join(tmpdir(), 'v6wizard-root-'));
  for (const d of ['etc', 'usr/local/sbin', 'var/backups']) mkdirSync(join(root, d), { recursive: true });
  return root;
}

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Run an export's install.sh (or any script) against a fake root, as root, in its own mount namespace
 * and either the given network namespace (see router-netns.ts) or a fresh empty one: the daemons'
 * checks run for real and iptables checks cannot touch the host's tables. The fake root's
 * /usr/local/sbin is bind-mounted over the real one so that `systemd-analyze verify` finds the scripts
 * the units start — exactly as on a router, where the scripts are installed before the units.
 */
export function runAsRouter(
  root: string,
  script: string,
  args: string[] = [],
  netns?: string,
  env: Record<string, string> = {},
): Run {
  const inRoot = [
    'bash',
    '-c',
    'mount --bind "$1/usr/local/sbin" /usr/local/sbin && shift && exec bash "$@"',
    'bash',
    root,
    script,
    ...args,
  ];
  const argv =
    netns !== undefined
      ? ['ip', 'netns', 'exec', netns, 'unshare', '--mount', '--propagation', 'private', ...inRoot]
      : ['unshare', '--mount', '--net', '--propagation', 'private', ...inRoot];
  const run = spawnSync(argv[0]!, argv.slice(1), {
    encoding: 'utf8',
    timeout: 120_000,
    env: { ...process.env, ...env, V6WIZARD_ROOT: root },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Every folder, file and link below root with its type, mode, owner and content; backups left out. */
export function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      const rel = relative(root, full);
      if (rel === 'var/backups/v6wizard') continue;
      const st = lstatSync(full);
      const meta = `${(st.mode & 0o7777).toString(8)} ${st.uid}:${st.gid}`;
      if (st.isSymbolicLink()) out[rel] = `link ${meta} -> ${readlinkSync(full)}`;
      else if (st.isDirectory()) {
        out[rel] = `dir ${meta}`;
        walk(full);
      } else out[rel] = `file ${meta} ${readFileSync(full, 'utf8')}`;
    }
  };
  walk(root);
  return out;
}

/** The undo.sh files install.sh wrote below root, oldest first. */
export function undoScripts(root: string): string[] {
  const dir = join(root, 'var/backups/v6wizard');
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return names.map((n) => join(dir, n, 'undo.sh'));
}
