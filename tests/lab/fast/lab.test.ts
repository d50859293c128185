import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { NodeSSH } from 'node-ssh';
import { describe, expect, it } from 'vitest';
import { shQuote } from '../../../shared/export/shell-quote';
import { fingerprint, sshArgv, type LabSsh } from './sshd';
import { isSameProcess, processStart, readState, type LabProcess } from './state';
import { existingNamespaces } from './teardown';
import { withFastLab, type FastLab } from './with-lab';

/** node-ssh login that accepts exactly the lab's host key (compared by its SHA-256 fingerprint). */
async function connect(
  ssh: LabSsh,
  user: string,
  auth: { password: string } | { privateKeyPath: string },
): Promise<NodeSSH> {
  const client = new NodeSSH();
  await client.connect({
    host: ssh.host,
    port: ssh.port,
    username: user,
    ...auth,
    tryKeyboard: false,
    readyTimeout: 10_000,
    hostVerifier: (key: Buffer) => {
      const offered = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
      return offered === ssh.hostKeyFingerprint;
    },
  });
  return client;
}

function snapshot(lab: FastLab): { namespaces: string[]; processes: LabProcess[]; dir: string } {
  return { namespaces: Object.values(lab.ns), processes: readState(lab.id)?.processes ?? [], dir: lab.dir };
}

function assertGone(seen: { namespaces: string[]; processes: LabProcess[]; dir: string }): void {
  const now = existingNamespaces();
  expect(seen.namespaces.filter((ns) => now.includes(ns))).toEqual([]);
  expect(seen.processes.filter(isSameProcess)).toEqual([]);
  expect(existsSync(seen.dir)).toBe(false);
}

describe('fast lab', () => {
  it('starts in seconds with sshd whose host key is the generated one', async () => {
    await withFastLab(async (lab) => {
      console.log(`fast lab started in ${(lab.startMs / 1000).toFixed(2)} s`);
      expect(lab.startMs).toBeLessThan(10_000);
      const ssh = lab.ssh!;
      // The fingerprint OpenSSH itself computes from the key file the lab generated.
      const keygen = spawnSync(
        'ssh-keygen',
        ['-l', '-E', 'sha256', '-f', `${lab.dir}/ssh/ssh_host_ed25519_key.pub`],
        {
          encoding: 'utf8',
        },
      );
      expect(keygen.status).toBe(0);
      expect(keygen.stdout.split(' ')[1]).toBe(ssh.hostKeyFingerprint);
      expect(fingerprint(ssh.hostPublicKey)).toBe(ssh.hostKeyFingerprint);
      // The router, pc and isp exist as namespaces and the daemons are installed but not running.
      // A defunct entry is not a running daemon: where PID 1 does not reap (this sandbox's does not),
      // an earlier test's orphaned radvd helper stays listed as a zombie.
      const ps = await lab.router(['ps', '-e', '-o', 'stat=,comm=']);
      const running = ps.stdout
        .split('\n')
        .filter((l) => !l.trimStart().startsWith('Z'))
        .join('\n');
      expect(running).toMatch(/sshd/);
      expect(running).not.toMatch(/radvd|kea|dhcpd|dnsmasq|dhcp6s/);
    });
  });

  it('lets the key user, the password user and the sudo user log in, and only the sudo user use sudo', async () => {
    await withFastLab(async (lab) => {
      const ssh = lab.ssh!;
      const { key, password, sudo } = ssh.users;

      const k = await connect(ssh, key.name, { privateKeyPath: key.privateKeyPath! });
      expect((await k.execCommand('id -un')).stdout).toBe(key.name);
      k.dispose();

      const p = await connect(ssh, password.name, { password: password.password! });
      expect((await p.execCommand('id -un')).stdout).toBe(password.name);
      const denied = await p.execCommand(`sudo -S -p '' id -u`, { stdin: `${password.password!}\n` });
      expect(denied.code).not.toBe(0);
      expect(denied.stderr).toMatch(/not in the sudoers/);
      p.dispose();

      const s = await connect(ssh, sudo.name, { password: sudo.password! });
      const root = await s.execCommand(`sudo -S -p '' id -u`, { stdin: `${sudo.password!}\n` });
      expect(root).toMatchObject({ code: 0, stdout: '0' });
      const wrong = await s.execCommand(`sudo -S -p '' id -u`, { stdin: 'not-the-password\n' });
      expect(wrong.code).not.toBe(0);
      s.dispose();

      await expect(connect(ssh, password.name, { password: 'not-the-password' })).rejects.toThrow(
        /authentication/i,
      );
    });
  });

  it('is reachable with the real OpenSSH client: key login, and a password login through SSH_ASKPASS', async () => {
    await withFastLab((lab) => {
      const ssh = lab.ssh!;
      const keyArgv = sshArgv(ssh, ssh.users.key.name, ['id -un']);
      const keyRun = spawnSync(keyArgv[0]!, keyArgv.slice(1), { encoding: 'utf8', timeout: 20_000 });
      expect(keyRun.stderr).toBe('');
      expect(keyRun.stdout.trim()).toBe(ssh.users.key.name);

      // ssh joins its command words into one remote shell line, so the empty prompt needs quoting.
      const argv = sshArgv(ssh, ssh.users.sudo.name, ['sudo', '-S', '-p', shQuote(''), 'id', '-u']);
      const pwRun = spawnSync(argv[0]!, argv.slice(1), {
        encoding: 'utf8',
        timeout: 20_000,
        input: `${ssh.users.sudo.password!}\n`,
        env: {
          ...process.env,
          SSH_ASKPASS: ssh.askpass,
          SSH_ASKPASS_REQUIRE: 'force',
          V6WIZARD_LAB_PASSWORD: ssh.users.sudo.password!,
        },
      });
      expect(pwRun.stdout.trim()).toBe('0');
      return Promise.resolve();
    });
  });

  it('removes every namespace, process and file even when the test body throws', async () => {
    let seen: ReturnType<typeof snapshot> | undefined;
    let stray = 0;
    await expect(
      withFastLab(async (lab) => {
        // Leave something running that the lab did not record by pid: teardown must find it anyway.
        const bg = await lab.pc(['bash', '-c', 'sleep 300 </dev/null >/dev/null 2>&1 & echo $!']);
        stray = Number(bg.stdout.trim());
        expect(processStart(stray)).toBeDefined();
        seen = snapshot(lab);
        expect(seen.processes.length).toBeGreaterThanOrEqual(2);
        throw new Error('the test failed on purpose');
      }),
    ).rejects.toThrow('the test failed on purpose');
    expect(seen).toBeDefined();
    assertGone(seen!);
    expect(processStart(stray)).toBeUndefined();
  });
});
