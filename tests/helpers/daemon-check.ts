import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { RenderedFile } from '../../shared/render/types';

export interface CheckResult {
  ok: boolean;
  argv: string[];
  output: string;
}

/** iptables and nft checks touch the kernel's tables, so they run inside a throwaway network namespace. */
const NEEDS_NETNS = /^(ip6?tables(-nft|-legacy)?-restore|nft)$/;

let nsCounter = 0;

/**
 * Run a rendered file's own `validate` argv (the real daemon's parser) against a temporary copy that
 * keeps the file's basename. A file with `checkRoot` gets `{root}`: a temporary root with the file at
 * its path and the other folders empty (the host's own files, e.g. its /etc/netplan, stay out). Throws when the checker binary is missing: a check that cannot run must
 * fail loudly, never pass by default.
 */
export function runDaemonCheck(
  file: RenderedFile,
  /** The router's own files a `checkRoot` check sees beside this one (e.g. the person's netplan file). */
  rootFiles: readonly { path: string; content: string }[] = [],
): CheckResult {
  if (!file.validate) throw new Error(`${file.path} has no validate command`);
  const dir = mkdtempSync(join(tmpdir(), 'v6wizard-check-'));
  const copy = join(dir, basename(file.path));
  writeFileSync(copy, file.content, { mode: file.mode });
  const root = join(dir, 'root');
  for (const d of file.checkRoot ?? []) mkdirSync(join(root, d), { recursive: true });
  if (file.checkRoot) {
    for (const f of rootFiles) {
      mkdirSync(join(root, dirname(f.path)), { recursive: true });
      writeFileSync(join(root, f.path), f.content, { mode: 0o600 });
    }
    mkdirSync(join(root, dirname(file.path)), { recursive: true });
    writeFileSync(join(root, file.path), file.content, { mode: file.mode });
  }
  try {
    let argv = file.validate.map((a) => a.replaceAll('{file}', copy).replaceAll('{root}', root));
    const tool = argv[0] ?? '';
    const which = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', tool], { encoding: 'utf8' });
    if (which.status !== 0)
      throw new Error(`checker "${tool}" is not installed; npm test installs it (see scripts/test-deps.mjs)`);
    let ns: string | undefined;
    if (NEEDS_NETNS.test(tool)) {
      ns = `v6wcheck${process.pid}x${nsCounter++}`;
      const add = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
      if (add.status !== 0) throw new Error(`cannot create a network namespace for ${tool}: ${add.stderr}`);
      argv = ['ip', 'netns', 'exec', ns, ...argv];
    }
    try {
      const run = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
      return { ok: run.status === 0, argv, output: `${run.stdout}${run.stderr}` };
    } finally {
      if (ns) spawnSync('ip', ['netns', 'del', ns]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
