import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect, type ConnectOptions } from '../../electron/ssh/connect';
import { detect } from '../../electron/detect/detect';
import { isSshError } from '../../electron/ssh/errors';
import { knownKeys } from '../../electron/ssh/known-hosts';
import { describeDetect } from '../../shared/detect/describe';
import { TOPOLOGY } from '../lab/fast/topology';
import { withFastLab, type FastLab } from '../lab/fast/with-lab';
import { sshArgv, type LabSsh } from '../lab/fast/sshd';

/** Run fn and return the SshError code it failed with (or 'no error'). */
async function failure(fn: () => Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await fn();
  } catch (e) {
    if (isSshError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  return { code: 'no error', message: '' };
}

/** Whether no process runs exactly this command line (within ms): the lab's sshd is on this host. */
async function gone(commandLine: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    const r = spawnSync('pgrep', ['-f', '-x', commandLine], { encoding: 'utf8' });
    if (r.status === 1) return true;
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 200));
  }
}

function sshKeygenFingerprint(publicKeyLine: string, dir: string): string {
  const file = join(dir, 'host.pub');
  writeFileSync(file, `${publicKeyLine}\n`);
  const out = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', file], { encoding: 'utf8' });
  expect(out.status).toBe(0);
  return out.stdout.split(' ')[1] ?? '';
}

/** Hostile values: each would create MARKER if any shell ever interpreted it. */
function hostile(marker: string): string[] {
  return [
    `$(touch ${marker})`,
    `\`touch ${marker}\``,
    `; touch ${marker}`,
    `a'b; touch ${marker}; '`,
    `"; touch ${marker}; "`,
    `x\ntouch ${marker}`,
    `| touch ${marker}`,
    `&& touch ${marker}`,
    `-rf`,
    `--help`,
    `\${IFS}touch\${IFS}${marker}`,
    `ünïcødé ☃ \u202e`,
    `*`,
    `~root`,
    `> ${marker}`,
  ];
}

describe('SSH connection and detect against the fast lab', () => {
  it('connects every way, keeps host keys honest, runs sudo safely, detects the router, never runs hostile input', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6w-ssh-'));
    chmodSync(dir, 0o777); // the lab users write the marker's folder only if a hostile value ever ran
    const agentPid: { pid?: string } = {};
    try {
      await withFastLab(async (lab: FastLab) => {
        const ssh = lab.ssh as LabSsh;
        const known = join(dir, 'known_hosts');
        const target = (user: string) => ({ host: ssh.host, port: ssh.port, user });
        const keyCreds = { kind: 'key' as const, identityFile: ssh.users.key.privateKeyPath ?? '' };
        const base = (user: string, extra: Partial<ConnectOptions> = {}): ConnectOptions => ({
          target: target(user),
          credentials: keyCreds,
          knownHostsFile: known,
          ...extra,
        });

        // TOFU: first contact is refused with the fingerprint OpenSSH computes for the lab's key.
        const first = await failure(() => connect(base('labkey')));
        expect(first.code).toBe('HOST_KEY_UNKNOWN');
        const expected = sshKeygenFingerprint(ssh.hostPublicKey, dir);
        expect(expected).toBe(ssh.hostKeyFingerprint);
        expect(first.message).toContain(expected);
        expect(existsSync(known)).toBe(false);
        // A wrong accepted fingerprint is not the key: still unknown, nothing stored.
        expect(
          (await failure(() => connect(base('labkey', { acceptFingerprint: 'SHA256:AAAA' })))).code,
        ).toBe('HOST_KEY_UNKNOWN');
        // Accepted: stored in OpenSSH format, and the second connect is silent.
        const s1 = await connect(base('labkey', { acceptFingerprint: expected }));
        expect(s1.hostKeyFingerprint).toBe(expected);
        expect((await s1.exec(['id', '-un'])).stdout.trim()).toBe('labkey');
        await s1.close();
        expect(readFileSync(known, 'utf8')).toBe(
          `[127.0.0.1]:${String(ssh.port)} ${ssh.hostPublicKey.split(' ').slice(0, 2).join(' ')}\n`,
        );
        // OpenSSH itself accepts our file.
        const openssh = spawnSync('ssh-keygen', ['-F', `[127.0.0.1]:${String(ssh.port)}`, '-f', known], {
          encoding: 'utf8',
        });
        expect(openssh.status).toBe(0);
        const s2 = await connect(base('labkey'));
        await s2.close();

        // Password and a wrong password.
        const pw = ssh.users.password.password ?? '';
        const s3 = await connect(base('labpass', { credentials: { kind: 'password', password: pw } }));
        expect((await s3.exec(['id', '-un'])).stdout.trim()).toBe('labpass');
        await s3.close();
        const wrong = await failure(() =>
          connect(base('labpass', { credentials: { kind: 'password', password: `${pw}x` } })),
        );
        expect(wrong.code).toBe('SSH_AUTH_FAILED');

        // A real ssh-agent holding the lab key.
        const agent = spawnSync('ssh-agent', ['-s'], { encoding: 'utf8' });
        const sock = /SSH_AUTH_SOCK=([^;]+);/.exec(agent.stdout)?.[1] ?? '';
        const pid = /SSH_AGENT_PID=(\d+);/.exec(agent.stdout)?.[1];
        if (pid !== undefined) agentPid.pid = pid;
        expect(
          spawnSync('ssh-add', [ssh.users.key.privateKeyPath ?? ''], {
            env: { ...process.env, SSH_AUTH_SOCK: sock },
          }).status,
        ).toBe(0);
        const s4 = await connect(base('labkey', { credentials: { kind: 'agent', socket: sock } }));
        expect((await s4.exec(['id', '-un'])).stdout.trim()).toBe('labkey');
        await s4.close();

        // sudo: right password → root; payload on stdin survives the password line, also for cat, which
        // this user may run without a password (users.ts): sudo would not read the line, cat would.
        const sudoPw = ssh.users.sudo.password ?? '';
        const s5 = await connect(base('labsudo', { credentials: { kind: 'password', password: sudoPw } }));
        expect((await s5.exec(['id', '-u'], { sudo: true })).stdout.trim()).toBe('0');
        // The login password was reused for sudo because none was given: said, not silent.
        expect(s5.sudoNotice?.()).toMatch(/asked for a password: the login password was used/);
        expect((await s5.exec(['cat'], { sudo: true, stdin: 'line one\nline two\n' })).stdout).toBe(
          'line one\nline two\n',
        );
        // A command that outlives its time is stopped on the router too, not only abandoned by the app
        // (once it ran on after the app had given up): sudo's and a plain login's.
        for (const [seconds, sudo] of [
          ['37', true],
          ['38', false],
        ] as const) {
          const late = await failure(() => s5.exec(['sleep', seconds], { sudo, timeoutMs: 1500 }));
          expect(late.code).toBe('TIMEOUT');
          expect(await gone(`sleep ${seconds}`, 10_000), `sleep ${seconds} still runs on the router`).toBe(
            true,
          );
        }
        expect((await s5.exec(['true'])).code).toBe(0);
        const written = join(dir, 'written by sudo');
        await s5.writeFile(written, 'content\n', { mode: 0o640, sudo: true });
        expect(readFileSync(written, 'utf8')).toBe('content\n');
        expect((await s5.readFile(written, { sudo: true }))?.toString()).toBe('content\n');
        expect(await s5.readFile(join(dir, 'absent'), { sudo: true })).toBeUndefined();
        await s5.close();
        // Passwordless sudo (Raspberry Pi OS): the login password given as the sudo password must never
        // reach the command as data, and every helper's stdin arrives exactly.
        const piPw = ssh.users.nopasswd.password ?? '';
        const sPi = await connect(base('labpi', { credentials: { kind: 'password', password: piPw } }));
        expect((await sPi.exec(['id', '-u'], { sudo: true })).stdout.trim()).toBe('0');
        expect(sPi.sudoNotice?.()).toBeUndefined(); // sudo never asked
        expect((await sPi.exec(['cat'], { sudo: true, stdin: 'payload\n' })).stdout).toBe('payload\n');
        const piFile = join(dir, 'written by passwordless sudo');
        await sPi.writeFile(piFile, 'exact\n', { mode: 0o600, sudo: true });
        expect(readFileSync(piFile, 'utf8')).toBe('exact\n');
        await sPi.close();
        // Wrong sudo password → SUDO_AUTH_FAILED and the command never ran.
        const marker = join(dir, 'pwned');
        const s6 = await connect(
          base('labsudo', {
            credentials: { kind: 'password', password: sudoPw },
            sudoPassword: `${sudoPw}x`,
          }),
        );
        expect((await failure(() => s6.exec(['touch', marker], { sudo: true }))).code).toBe(
          'SUDO_AUTH_FAILED',
        );
        await s6.close();
        expect(existsSync(marker)).toBe(false);

        // Hostile values through every session helper and detect: they come back literally, nothing runs.
        const s7 = await connect(base('labsudo', { credentials: { kind: 'password', password: sudoPw } }));
        const values = hostile(marker);
        const echoed = await s7.exec(['printf', '%s\\0', ...values]);
        expect(echoed.stdout.split('\0').slice(0, -1)).toEqual(values);
        const echoedSudo = await s7.exec(['printf', '%s\\0', ...values], { sudo: true });
        expect(echoedSudo.stdout.split('\0').slice(0, -1)).toEqual(values);
        for (const v of values) {
          const path = join(dir, v.replaceAll('/', '_'));
          await s7.writeFile(path, v, { mode: 0o600 });
          expect((await s7.readFile(path))?.toString()).toBe(v);
        }
        const d = await detect(s7, {
          sudo: true,
          files: [...values, ...values.map((v) => join(dir, v.replaceAll('/', '_')))],
        });
        expect(d.files.filter((f) => f.known && f.value.exists)).toHaveLength(values.length);
        await s7.close();
        expect(existsSync(marker)).toBe(false);

        // Detect on the lab router: its interfaces, addresses, routes; no systemd in the namespace.
        expect(d.init).toEqual({ known: true, value: 'other' });
        expect(describeDetect(d)).toContain('init: not systemd');
        expect(d.interfaces.known).toBe(true);
        const ifs = d.interfaces.known ? d.interfaces.value : [];
        const wan = ifs.find((i) => i.name === TOPOLOGY.router.wan);
        expect(wan?.addresses.map((a) => `${a.address}/${String(a.prefixLength)}`)).toContain(
          `${TOPOLOGY.router.wanIpv4}/${String(TOPOLOGY.ipv4Length)}`,
        );
        const lan = ifs.find((i) => i.name === TOPOLOGY.router.lan);
        expect(lan?.addresses.map((a) => a.address)).toContain(TOPOLOGY.mgmt.router);
        expect(
          d.routes4.known &&
            d.routes4.value.some((r) => r.dst === '203.0.113.0/24' && r.dev === TOPOLOGY.router.wan),
        ).toBe(true);
        expect(
          d.routes6.known &&
            d.routes6.value.some((r) => r.dst === 'fd00:6c61:6201::/64' && r.dev === TOPOLOGY.router.lan),
        ).toBe(true);
        expect(d.sysctls.known && d.sysctls.value['net.ipv6.conf.all.forwarding']).toBe('1');
        expect(d.os.known && d.os.value.family).toBe('debian');
        for (const s of Object.values(d.services))
          expect(s).toEqual({ known: false, reason: 'init: not systemd' });
        // Host facts that only root can see came through sudo.
        expect(d.rules6.known).toBe(true);
        // iptables lives in /usr/sbin, which a non-root user's ssh PATH on Debian does not have: detect
        // must still find it (it once said "iptables is not installed" on every sudo login).
        expect(d.firewallBackend).toEqual({
          known: true,
          value: expect.stringMatching(/^iptables-(nft|legacy)$/) as unknown,
        });

        // A changed key (the stored entry replaced by another key) → refused, both fingerprints, no override.
        spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'other')]);
        const other = readFileSync(join(dir, 'other.pub'), 'utf8').split(' ');
        writeFileSync(known, `[127.0.0.1]:${String(ssh.port)} ${other[0] ?? ''} ${other[1] ?? ''}\n`);
        const otherFp = sshKeygenFingerprint(`${other[0] ?? ''} ${other[1] ?? ''}`, dir);
        for (const accept of [undefined, expected]) {
          const changed = await failure(() =>
            connect(base('labkey', accept !== undefined ? { acceptFingerprint: accept } : {})),
          );
          expect(changed.code).toBe('HOST_KEY_MISMATCH');
          expect(changed.message).toContain(expected);
          expect(changed.message).toContain(otherFp);
        }
        expect(knownKeys(known, ssh.host, ssh.port)).toHaveLength(1);
      });
    } finally {
      if (agentPid.pid !== undefined) process.kill(Number(agentPid.pid));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('logs in with a password through keyboard-interactive (PAM) when the router has the password method off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'v6w-ssh-kbd-'));
    try {
      await withFastLab(
        async (lab: FastLab) => {
          const ssh = lab.ssh as LabSsh;
          expect(ssh.passwordAuth).toBe('keyboard-interactive');
          // The control: what the server offers, as OpenSSH's client reports it after the "none"
          // method fails. No "password" in the list, so only keyboard-interactive can carry one.
          const [ssh0 = 'ssh', ...args] = sshArgv(ssh, 'labpass', ['true']);
          const offered = spawnSync(
            ssh0,
            ['-o', 'BatchMode=yes', '-o', 'PreferredAuthentications=none', ...args],
            { encoding: 'utf8', timeout: 20_000 },
          );
          expect(offered.status).toBe(255);
          expect(offered.stderr).toMatch(/Permission denied \(publickey,keyboard-interactive\)/);
          const options = (password: string): ConnectOptions => ({
            target: { host: ssh.host, port: ssh.port, user: 'labpass' },
            credentials: { kind: 'password', password },
            knownHostsFile: join(dir, 'known_hosts'),
            acceptFingerprint: ssh.hostKeyFingerprint,
          });
          const pw = ssh.users.password.password ?? '';
          const s = await connect(options(pw));
          try {
            expect((await s.exec(['id', '-un'])).stdout.trim()).toBe('labpass');
          } finally {
            await s.close();
          }
          // sshd names the method it accepted: keyboard-interactive answered through PAM.
          expect(readFileSync(ssh.log, 'utf8')).toMatch(/Accepted keyboard-interactive\/pam for labpass /);
          const wrong = await failure(() => connect(options(`${pw}x`)));
          expect(wrong.code).toBe('SSH_AUTH_FAILED');
          expect(readFileSync(ssh.log, 'utf8')).toMatch(/Failed keyboard-interactive\/pam for labpass /);
          expect(readFileSync(ssh.log, 'utf8')).not.toMatch(/Accepted password/);
        },
        { sshPasswordAuth: 'keyboard-interactive' },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
