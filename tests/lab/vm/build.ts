import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_RELEASE, imageSpec, type ImageSpec, type LabRelease } from './image-spec';
import { baseKey, ensureBase, removeStale } from './base';
import { GUEST_DIR, IMAGES_DIR } from './paths';
import { run, runOk } from './run';

/** A finished router image: everything needed to boot it and log in. */
export interface VmImage {
  /** The Debian release inside (trixie = Debian 13, bookworm = Debian 12). */
  release: LabRelease;
  dir: string;
  key: string;
  rootfs: string;
  kernel: string;
  initrd: string;
  /** The lab's ssh client key (root's authorized key inside the image). */
  clientKey: string;
  /** A known_hosts file pinning the host key generated at build time, under the alias `v6lab-vm`. */
  knownHosts: string;
  /** True when this call built it; false when the cached image was reused. */
  built: boolean;
  seconds: number;
}

export interface BuildOptions {
  log?: (line: string) => void;
  /** Which Debian release (default trixie, Debian 13). */
  release?: LabRelease;
}

/** The ssh host-key alias the known_hosts file is written for (the port changes on every boot). */
export const HOST_KEY_ALIAS = 'v6lab-vm';

const FILES = ['rootfs.ext4', 'vmlinuz', 'initrd.img', 'id_ed25519', 'known_hosts', 'build.json'] as const;

/** Where each guest file goes in the image, and its mode. */
const GUEST_FILES: readonly { name: string; path: string; mode: number }[] = [
  { name: 'v6lab-net', path: 'usr/local/sbin/v6lab-net', mode: 0o755 },
  { name: 'v6lab-mgmt.service', path: 'etc/systemd/system/v6lab-mgmt.service', mode: 0o644 },
  { name: 'v6lab-net.service', path: 'etc/systemd/system/v6lab-net.service', mode: 0o644 },
  { name: 'v6lab-internet.service', path: 'etc/systemd/system/v6lab-internet.service', mode: 0o644 },
  { name: 'sshd-lab.conf', path: 'etc/ssh/sshd_config.d/v6lab.conf', mode: 0o644 },
];

/**
 * The cache key: a hash of everything that decides the image's content (the base tree's key, the
 * other settings, the guest files, and this build script itself).
 */
export function imageKey(release: LabRelease = DEFAULT_RELEASE): string {
  const hash = createHash('sha256');
  hash.update(baseKey(release));
  hash.update(JSON.stringify(imageSpec(release)));
  for (const f of GUEST_FILES) {
    hash.update(`\0${f.name}\0${f.path}\0${f.mode}\0`);
    hash.update(readFileSync(join(GUEST_DIR, f.name)));
  }
  hash.update(readFileSync(import.meta.filename));
  return hash.digest('hex').slice(0, 16);
}

/** Where one release's finished images live (`images/<release>/<key>`). */
const imagesDir = (release: LabRelease): string => join(IMAGES_DIR, release);

function imageAt(release: LabRelease, dir: string, key: string, built: boolean, seconds: number): VmImage {
  return {
    release,
    dir,
    key,
    rootfs: join(dir, 'rootfs.ext4'),
    kernel: join(dir, 'vmlinuz'),
    initrd: join(dir, 'initrd.img'),
    clientKey: join(dir, 'id_ed25519'),
    knownHosts: join(dir, 'known_hosts'),
    built,
    seconds,
  };
}

/** The cached image for the current inputs, if a complete one exists. */
export function cachedImage(release: LabRelease = DEFAULT_RELEASE): VmImage | undefined {
  const key = imageKey(release);
  const dir = join(imagesDir(release), key);
  if (!FILES.every((f) => existsSync(join(dir, f)))) return undefined;
  return imageAt(release, dir, key, false, 0);
}

/** Run a command inside the new root; `withProc` mounts /proc first, in a private mount namespace. */
function inRoot(rootfs: string, argv: string[], withProc = false): Promise<unknown> {
  if (!withProc) return runOk(['chroot', rootfs, ...argv], { timeoutMs: 300_000 });
  // The script is fixed text; the root and the command arrive as positional parameters.
  return runOk(
    [
      'unshare',
      '--mount',
      '--propagation',
      'private',
      'sh',
      '-c',
      'root=$1; shift; mount -t proc proc "$root/proc" && chroot "$root" "$@"',
      'sh',
      rootfs,
      ...argv,
    ],
    { timeoutMs: 300_000 },
  );
}

function writeInRoot(rootfs: string, path: string, content: string | Buffer, mode: number): void {
  const dest = join(rootfs, path);
  mkdirSync(join(dest, '..'), { recursive: true });
  writeFileSync(dest, content);
  chmodSync(dest, mode);
}

async function customise(spec: ImageSpec, rootfs: string, work: string): Promise<void> {
  // Host key: made here, so the lab pins it (StrictHostKeyChecking) instead of trusting on first use.
  for (const name of readdirSync(join(rootfs, 'etc/ssh'))) {
    if (name.startsWith('ssh_host_')) rmSync(join(rootfs, 'etc/ssh', name));
  }
  const hostKey = join(rootfs, 'etc/ssh/ssh_host_ed25519_key');
  await runOk(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', HOST_KEY_ALIAS, '-f', hostKey]);
  const hostPub = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  writeFileSync(join(work, 'known_hosts'), `${HOST_KEY_ALIAS} ${hostPub}\n`);

  // The lab's client key, authorised for root. This VM exists only for tests: its sshd is reachable
  // solely through qemu user networking forwarded from the host's 127.0.0.1 (restrict=on, no way out).
  const clientKey = join(work, 'id_ed25519');
  await runOk(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'v6lab-client', '-f', clientKey]);
  writeInRoot(rootfs, 'root/.ssh/authorized_keys', readFileSync(`${clientKey}.pub`), 0o600);
  chmodSync(join(rootfs, 'root/.ssh'), 0o700);

  for (const f of GUEST_FILES) writeInRoot(rootfs, f.path, readFileSync(join(GUEST_DIR, f.name)), f.mode);
  mkdirSync(join(rootfs, 'etc/v6lab'), { recursive: true });
  // `ip netns exec pc` bind-mounts this over /etc/resolv.conf, so the PC's dhclient writes its DNS
  // servers here and never into the router's own resolv.conf.
  writeInRoot(rootfs, 'etc/netns/pc/resolv.conf', '', 0o644);
  writeInRoot(rootfs, 'etc/hostname', 'v6lab\n', 0o644);
  writeInRoot(
    rootfs,
    'etc/hosts',
    '127.0.0.1 localhost\n127.0.1.1 v6lab\n::1 localhost ip6-localhost\n',
    0o644,
  );
  // A plain file, not systemd-resolved's symlink (the package is installed but off): `ip netns exec`
  // bind-mounts the pc's resolv.conf over it, which fails on a dangling symlink. The resolved
  // personality puts the symlink back.
  rmSync(join(rootfs, 'etc/resolv.conf'), { force: true });
  writeInRoot(rootfs, 'etc/resolv.conf', '', 0o644);
  // Mounted read-write by the kernel command line; no fsck pass (-snapshot starts clean every time).
  writeInRoot(rootfs, 'etc/fstab', '/dev/vda / ext4 rw,errors=remount-ro 0 0\n', 0o644);

  const conf = join(rootfs, 'etc/initramfs-tools/initramfs.conf');
  writeFileSync(conf, readFileSync(conf, 'utf8').replace(/^MODULES=.*$/m, 'MODULES=list'));
  writeInRoot(rootfs, 'etc/initramfs-tools/modules', `${spec.initramfsModules.join('\n')}\n`, 0o644);
  await inRoot(rootfs, ['update-initramfs', '-u', '-k', 'all'], true);

  await inRoot(rootfs, ['systemctl', 'disable', ...spec.disabledUnits]);
  await inRoot(rootfs, ['systemctl', 'enable', ...spec.enabledUnits]);
  rmSync(join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
  mkdirSync(join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
}

function onlyFile(dir: string, prefix: string): string {
  const found = readdirSync(dir).filter((n) => n.startsWith(prefix));
  if (found.length !== 1 || found[0] === undefined) {
    throw new Error(`expected exactly one ${prefix}* in ${dir}, found: ${found.join(', ') || 'none'}`);
  }
  return join(dir, found[0]);
}

/**
 * The router image for the current inputs: the cached one, or a new build. A build happens in
 * `images/.tmp-<key>-<pid>/` and is renamed to `images/<key>/` only when complete, so a failed or
 * interrupted build is never mistaken for a good image.
 */
export async function buildVmImage(options: BuildOptions = {}): Promise<VmImage> {
  const log = options.log ?? (() => undefined);
  const release = options.release ?? DEFAULT_RELEASE;
  const spec = imageSpec(release);
  const cached = cachedImage(release);
  if (cached) {
    log(`vm image: cached ${cached.dir}`);
    return cached;
  }
  if (process.getuid?.() !== 0)
    throw new Error('building the router VM image needs root (debootstrap, chroot)');
  for (const tool of ['debootstrap', 'mke2fs', 'qemu-system-x86_64', 'unshare', 'ssh-keygen']) {
    const found = await run(['sh', '-c', 'command -v "$1"', 'sh', tool]);
    if (found.code !== 0)
      throw new Error(
        `${tool} is missing: apt-get install debootstrap e2fsprogs qemu-system-x86 util-linux openssh-client`,
      );
  }
  const key = imageKey(release);
  const started = performance.now();
  const base = await ensureBase(release, log);
  const images = imagesDir(release);
  mkdirSync(images, { recursive: true });
  await removeStale(images, key);
  const work = join(images, `.tmp-${key}-${process.pid}`);
  const rootfs = join(work, 'rootfs');
  mkdirSync(work);
  try {
    log(`vm image: making ${release} image ${key} from the base tree`);
    // A copy, so the cached base stays exactly what debootstrap made.
    await runOk(['cp', '-a', '--reflink=auto', '--', base.rootfs, rootfs]);
    await customise(spec, rootfs, work);
    copyFileSync(onlyFile(join(rootfs, 'boot'), 'vmlinuz-'), join(work, 'vmlinuz'));
    copyFileSync(onlyFile(join(rootfs, 'boot'), 'initrd.img-'), join(work, 'initrd.img'));
    const versions = await runOk(['chroot', rootfs, 'dpkg-query', '-W', '-f', '${Package} ${Version}\n']);
    // mke2fs -d copies the tree into the filesystem as it creates it: no loop mount, no root-only mount.
    await runOk([
      'mke2fs',
      '-q',
      '-t',
      'ext4',
      '-L',
      'v6lab',
      '-d',
      rootfs,
      '-F',
      join(work, 'rootfs.ext4'),
      `${spec.rootSizeMb}M`,
    ]);
    await runOk(['rm', '-rf', '--one-file-system', '--', rootfs]);
    const seconds = (performance.now() - started) / 1000;
    writeFileSync(
      join(work, 'build.json'),
      `${JSON.stringify({ release, key, builtAt: new Date().toISOString(), seconds, packages: versions.stdout.trim().split('\n') }, null, 2)}\n`,
    );
    const dir = join(images, key);
    // Another run may have finished the same image meanwhile: then that one is used and this one goes.
    if (existsSync(dir)) return imageAt(release, dir, key, true, seconds);
    renameSync(work, dir);
    log(`vm image: built ${dir} in ${seconds.toFixed(1)} s`);
    return imageAt(release, dir, key, true, seconds);
  } finally {
    if (existsSync(work)) await run(['rm', '-rf', '--one-file-system', '--', work]);
  }
}
