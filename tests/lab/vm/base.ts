import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { IMAGE_SPEC } from './image-spec';
import { BASE_DIR, DEBS_DIR } from './paths';
import { run, runOk, tail } from './run';

/**
 * The first layer of the image: the debootstrap'd Debian tree with every package installed and
 * nothing else. It is the slow part (minutes; ~140 MB of downloads), so it is cached on its own,
 * keyed only by what debootstrap is given: changing a lab unit or the build's later steps reuses it.
 */
export function baseKey(): string {
  const { suite, mirror, variant, packages } = IMAGE_SPEC;
  return createHash('sha256')
    .update(JSON.stringify({ suite, mirror, variant, packages }))
    .digest('hex')
    .slice(0, 16);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Remove what earlier runs left in `dir`: `.tmp-<key>-<pid>` folders of processes that died, and
 * finished `<key>` folders other than `keep`. Only names this code creates are touched, and
 * `--one-file-system` because a build folder must never be followed into a mount.
 */
export async function removeStale(dir: string, keep: string): Promise<void> {
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const tmp = /^\.tmp-[0-9a-f]{16}-(\d+)$/.exec(name);
    const stale = tmp ? !pidAlive(Number(tmp[1])) : /^[0-9a-f]{16}$/.test(name) && name !== keep;
    if (stale) await runOk(['rm', '-rf', '--one-file-system', '--', join(dir, name)]);
  }
}

/** The cached base tree for the current package list, if complete. */
export function cachedBase(): string | undefined {
  const done = join(BASE_DIR, baseKey());
  return existsSync(join(done, 'rootfs/etc/debian_version')) && existsSync(join(done, 'debootstrap.log'))
    ? join(done, 'rootfs')
    : undefined;
}

/**
 * The base tree (`base/<key>/rootfs`), built with debootstrap when missing. Built in
 * `base/.tmp-<key>-<pid>/` and renamed into place only when debootstrap succeeded, so a failed or
 * interrupted run never leaves something that looks finished.
 */
export async function ensureBase(log: (line: string) => void): Promise<{ rootfs: string; seconds: number }> {
  const cached = cachedBase();
  if (cached) return { rootfs: cached, seconds: 0 };
  const key = baseKey();
  const started = performance.now();
  mkdirSync(BASE_DIR, { recursive: true });
  mkdirSync(DEBS_DIR, { recursive: true });
  await removeStale(BASE_DIR, key);
  const work = join(BASE_DIR, `.tmp-${key}-${process.pid}`);
  mkdirSync(work);
  try {
    log(
      `vm image: debootstrap ${IMAGE_SPEC.suite} with ${IMAGE_SPEC.packages.length} packages (base ${key})`,
    );
    // A private mount namespace: debootstrap mounts /proc and /sys inside the target, and if it dies
    // half way those mounts must not outlive it on the host.
    const result = await run(
      [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        'debootstrap',
        `--variant=${IMAGE_SPEC.variant}`,
        `--cache-dir=${DEBS_DIR}`,
        `--include=${IMAGE_SPEC.packages.join(',')}`,
        IMAGE_SPEC.suite,
        join(work, 'rootfs'),
        IMAGE_SPEC.mirror,
      ],
      { timeoutMs: 1_800_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
    const logFile = join(work, 'debootstrap.log');
    writeFileSync(logFile, result.stdout + result.stderr);
    if (result.code !== 0) {
      throw new Error(`debootstrap failed (exit ${result.code}):\n${tail(result.stdout + result.stderr)}`);
    }
    const done = join(BASE_DIR, key);
    if (!existsSync(done)) renameSync(work, done);
    const seconds = (performance.now() - started) / 1000;
    log(`vm image: debootstrap done in ${seconds.toFixed(1)} s`);
    return { rootfs: join(done, 'rootfs'), seconds };
  } finally {
    if (existsSync(work)) await run(['rm', '-rf', '--one-file-system', '--', work]);
  }
}
