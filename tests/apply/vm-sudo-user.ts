import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Fingerprint } from '../../electron/ssh/fingerprint';
import { run } from '../lab/vm/run';
import type { Vm } from '../lab/vm/vm';

/** Where Debian keeps downloaded packages; the host's own sudo .deb is usually there already. */
const APT_ARCHIVES = '/var/cache/apt/archives';

/** The sudo .deb for the VM (bookworm, like this host): from apt's cache, else `apt-get download`. */
async function sudoDeb(dir: string): Promise<string> {
  const cached = existsSync(APT_ARCHIVES)
    ? readdirSync(APT_ARCHIVES).find((f) => /^sudo_[^/]+_amd64\.deb$/.test(f))
    : undefined;
  if (cached !== undefined) {
    const r = await run(['cp', '--', join(APT_ARCHIVES, cached), dir], { timeoutMs: 30_000 });
    if (r.code === 0) return cached;
  }
  const r = await run(['sh', '-c', 'cd "$1" && apt-get download sudo', 'sh', dir], { timeoutMs: 120_000 });
  const got = readdirSync(dir).find((f) => f.startsWith('sudo_'));
  if (r.code !== 0 || got === undefined)
    throw new Error(
      `the lab image has no sudo and apt-get download sudo failed (exit ${r.code}): ${r.stderr.trim()}`,
    );
  return got;
}

async function must(vm: Vm, argv: string[], stdin?: string): Promise<void> {
  const r = await vm.exec(argv, { timeoutMs: 120_000, ...(stdin !== undefined ? { stdin } : {}) });
  if (r.code !== 0) throw new Error(`${argv.join(' ')} failed in the VM (exit ${r.code}): ${r.stderr}`);
}

/**
 * Make a non-root administrator in the lab VM, as on a router people log in to as themselves: sudo
 * installed (the image has none), USER with PASSWORD in the sudo group's rule, logging in with the
 * lab's client key. Returns the SHA256 fingerprint of the VM's pinned host key, for connect()'s
 * trust-on-first-use acceptance.
 */
export async function addSudoUser(vm: Vm, user: string, password: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'v6w-sudo-deb-'));
  try {
    const deb = await sudoDeb(dir);
    await vm.copyDir(dir, '/root/v6w-sudo-deb');
    await must(vm, ['dpkg', '-i', `/root/v6w-sudo-deb/${deb}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await must(vm, ['useradd', '--create-home', '--shell', '/bin/bash', '--', user]);
  // chpasswd reads "user:password" on stdin: the password never appears in an argv.
  await must(vm, ['chpasswd'], `${user}:${password}\n`);
  await must(vm, [
    'sh',
    '-c',
    'install -d -m 0700 -o "$1" -g "$1" "/home/$1/.ssh" && install -m 0600 -o "$1" -g "$1" /root/.ssh/authorized_keys "/home/$1/.ssh/authorized_keys" && printf "%s ALL=(ALL:ALL) ALL\\n" "$1" >"/etc/sudoers.d/$1" && chmod 0440 "/etc/sudoers.d/$1" && visudo -c',
    'sh',
    user,
  ]);
  return pinnedFingerprint(vm);
}

/** The SHA256 fingerprint of the VM's host key as the image build pinned it, for connect()'s TOFU acceptance. */
export function pinnedFingerprint(vm: Vm): string {
  // The known_hosts line the image build wrote: "ALIAS KEYTYPE BASE64".
  const blob = readFileSync(vm.ssh.knownHosts, 'utf8').trim().split(/\s+/)[2];
  if (blob === undefined) throw new Error(`no host key in ${vm.ssh.knownHosts}`);
  return sha256Fingerprint(Buffer.from(blob, 'base64'));
}
