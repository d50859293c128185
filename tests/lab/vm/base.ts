import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { imageSpec, type LabRelease } from './image-spec';
import { BASE_DIR, DEBS_DIR } from './paths';
import { run, runOk, tail } from './run';

/**
 * The first layer of the image: the debootstrap'd Debian tree with every package installed and
 * nothing else. It is the slow part (minutes; ~140 MB of downloads), so it is cached on its own,
 * keyed only by what debootstrap is given: changing a lab unit or the build's later steps reuses it.
 */
export function baseKey(release: LabRelease): string {
  const { suite, mirror, variant, packages } = imageSpec(release);
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

/** Where one release's base trees live (`base/<release>/<key>`), so each release keeps its own cache. */
const baseDir = (release: LabRelease): string => join(BASE_DIR, release);

/** The cached base tree for the current package list, if complete. */
export function cachedBase(release: LabRelease): string | undefined {
  const done = join(baseDir(release), baseKey(release));
  return existsSync(join(done, 'rootfs/etc/debian_version')) && existsSync(join(done, 'debootstrap.log'))
    ? join(done, 'rootfs')
    : undefined;
}

/**
 * The base tree (`base/<key>/rootfs`), built with debootstrap when missing. Built in
 * `base/.tmp-<key>-<pid>/` and renamed into place only when debootstrap succeeded, so a failed or
 * interrupted run never leaves something that looks finished.
 */
export async function ensureBase(
  release: LabRelease,
  log: (line: string) => void,
): Promise<{ rootfs: string; seconds: number }> {
  const cached = cachedBase(release);
  if (cached) return { rootfs: cached, seconds: 0 };
  const spec = imageSpec(release);
  const key = baseKey(release);
  const started = performance.now();
  const dir = baseDir(release);
  // debootstrap's download cache is per release too: it keeps one Packages index per cache folder.
  const debs = join(DEBS_DIR, release);
  mkdirSync(dir, { recursive: true });
  mkdirSync(debs, { recursive: true });
  await removeStale(dir, key);
  const work = join(dir, `.tmp-${key}-${process.pid}`);
  mkdirSync(work);
  try {
    log(`vm image: debootstrap ${spec.suite} with ${spec.packages.length} packages (base ${key})`);
    // A private mount namespace: debootstrap mounts /proc and /sys inside the target, and if it dies
    // half way those mounts must not outlive it on the host.
    const result = await run(
      [
        'unshare',
        '--mount',
        '--propagation',
        'private',
        'debootstrap',
        `--variant=${spec.variant}`,
        `--cache-dir=${debs}`,
        `--include=${spec.packages.join(',')}`,
        spec.suite,
        join(work, 'rootfs'),
        spec.mirror,
      ],
      { timeoutMs: 1_800_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } },
    );
    const logFile = join(work, 'debootstrap.log');
    writeFileSync(logFile, result.stdout + result.stderr);
    if (result.code !== 0) {
      throw new Error(`debootstrap failed (exit ${result.code}):\n${tail(result.stdout + result.stderr)}`);
    }
    const done = join(dir, key);
    if (!existsSync(done)) renameSync(work, done);
    const seconds = (performance.now() - started) / 1000;
    log(`vm image: debootstrap done in ${seconds.toFixed(1)} s`);
    return { rootfs: join(done, 'rootfs'), seconds };
  } finally {
    if (existsSync(work)) await run(['rm', '-rf', '--one-file-system', '--', work]);
  }
}
