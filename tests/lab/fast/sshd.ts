import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAST_DIR, REPO } from './names';
import type { Mount, SpawnSpec } from './processes';
import { attempt, must, sleep } from './run';
import type { LabProcess } from './state';
import { TOPOLOGY } from './topology';
import { writeUsers, type LabUsers } from './users';

/** How to reach the lab router's sshd from this machine. */
export interface LabSsh {
  /** Always 127.0.0.1: the forwarder's end in the host's namespace. */
  host: string;
  port: number;
  /** The port sshd itself listens on inside the router. */
  routerPort: number;
  users: LabUsers;
  /** The router's host key as OpenSSH prints it (`SHA256:…`). */
  hostKeyFingerprint: string;
  /** The public host key line (`ssh-ed25519 AAAA… comment`). */
  hostPublicKey: string;
  /** A known_hosts file that names exactly this host key for [host]:port. */
  knownHostsFile: string;
  /** The SSH_ASKPASS helper that prints $V6WIZARD_LAB_PASSWORD (for OpenSSH password logins). */
  askpass: string;
  /** How sshd asks for passwords (see SshPasswordAuth). */
  passwordAuth: SshPasswordAuth;
  /** sshd's own log (LogLevel VERBOSE: it names the method each login was accepted with). */
  log: string;
}

/**
 * How the lab's sshd takes passwords. `password`: the plain SSH password method, checked by sshd
 * itself (no PAM). `keyboard-interactive`: only keyboard-interactive, answered through PAM, which
 * is how many routers (and Debian with `KbdInteractiveAuthentication yes`) ask; the password method
 * is switched off, so a client that cannot answer the prompts cannot log in with a password at all.
 */
export type SshPasswordAuth = 'password' | 'keyboard-interactive';

/**
 * The PAM service the keyboard-interactive sshd uses instead of the host's /etc/pam.d/sshd (bound
 * over it in sshd's own mount namespace). Only pam_unix: it checks the password against the lab's
 * /etc/shadow, which is what sshd sees there, so the lab's users, which exist nowhere else, log in.
 * The host's stack would add pam_loginuid (it would set the audit login uid of lab sessions),
 * pam_systemd (it would register them with the host's logind) and motd and env modules, none of
 * which belongs to a throwaway namespace.
 */
const LAB_PAM_SSHD = [
  'auth required pam_unix.so',
  'account required pam_unix.so',
  'password required pam_deny.so',
  'session required pam_permit.so',
  '',
].join('\n');

/** OpenSSH's fingerprint: SHA-256 of the key blob, base64 without padding. */
export function fingerprint(publicKeyLine: string): string {
  const blob = publicKeyLine.trim().split(/\s+/)[1];
  if (blob === undefined) throw new Error(`not a public key line: ${publicKeyLine}`);
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

function sshdConfig(dir: string, port: number, auth: SshPasswordAuth): string {
  const passwords =
    auth === 'password'
      ? [
          // Without PAM, sshd checks passwords against the (lab's) /etc/shadow itself; PAM would also try
          // to reach the host's systemd-logind from a namespace it has nothing to do with.
          'UsePAM no',
          'PasswordAuthentication yes',
          'KbdInteractiveAuthentication no',
        ]
      : [
          // OpenSSH on Linux has keyboard-interactive only through PAM (the lab's own stack, LAB_PAM_SSHD).
          'UsePAM yes',
          'PasswordAuthentication no',
          'KbdInteractiveAuthentication yes',
        ];
  return [
    `Port ${port}`,
    // Every address of the router: the lab's management address, and whatever a profile adds later.
    'ListenAddress ::',
    'ListenAddress 0.0.0.0',
    `HostKey ${join(dir, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    ...passwords,
    'PubkeyAuthentication yes',
    'PermitRootLogin no',
    'AuthorizedKeysFile .ssh/authorized_keys',
    'PrintMotd no',
    'PrintLastLog no',
    // The app copies files with SFTP.
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    'LogLevel VERBOSE',
    '',
  ].join('\n');
}

async function waitFor<T>(what: string, probe: () => T | undefined, ms: number, log: string): Promise<T> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const v = probe();
    if (v !== undefined) return v;
    await sleep(50);
  }
  const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-15).join('\n') : '(no log)';
  throw new Error(`${what} not ready after ${ms} ms; ${log}:\n${tail}`);
}

/**
 * Users, host key, sshd in the router (in its own mount namespace, so the lab's passwd, shadow,
 * sudoers and homes replace the host's only there, and its /run and /var/log are fresh tmpfs so
 * nothing it writes — privsep folder, utmp, sudo timestamps — lands on the host), and the forwarder
 * that makes it reachable as 127.0.0.1:PORT.
 */
export async function startSsh(
  lab: { ns: { router: string; pc: string }; spawn: (spec: SpawnSpec) => LabProcess },
  dir: string,
  routerPort: number,
  passwordAuth: SshPasswordAuth = 'password',
): Promise<LabSsh> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { users, files } = writeUsers(dir);
  const hostKey = join(dir, 'ssh_host_ed25519_key');
  must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'v6wizard-lab-router', '-f', hostKey]);
  const hostPublicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim();
  const config = join(dir, 'sshd_config');
  writeFileSync(config, sshdConfig(dir, routerPort, passwordAuth), { mode: 0o600 });
  const pam = join(dir, 'pam-sshd');
  if (passwordAuth === 'keyboard-interactive') writeFileSync(pam, LAB_PAM_SSHD, { mode: 0o644 });
  const mounts: Mount[] = [
    { tmpfs: '/run' },
    { mkdir: '/run/sshd' },
    { tmpfs: '/var/log' },
    { bind: files.passwd, over: '/etc/passwd' },
    { bind: files.group, over: '/etc/group' },
    { bind: files.shadow, over: '/etc/shadow' },
    { bind: files.sudoers, over: '/etc/sudoers' },
    { bind: files.home, over: '/home' },
    ...(passwordAuth === 'keyboard-interactive' ? [{ bind: pam, over: '/etc/pam.d/sshd' }] : []),
  ];
  const sshdLog = join(dir, 'sshd.log');
  lab.spawn({
    name: 'sshd',
    ns: lab.ns.router,
    argv: ['/usr/sbin/sshd', '-D', '-e', '-f', config],
    mounts,
    log: sshdLog,
  });
  await waitFor(
    'sshd',
    () =>
      attempt([
        'ip',
        'netns',
        'exec',
        lab.ns.router,
        'ss',
        '-Hltn',
        'sport',
        '=',
        `:${routerPort}`,
      ]).stdout.trim() || undefined,
    5000,
    sshdLog,
  );
  const portFile = join(dir, 'forwarder.port');
  const forwarderLog = join(dir, 'forwarder.log');
  lab.spawn({
    name: 'ssh forwarder',
    ns: undefined,
    argv: [
      process.execPath,
      '--import',
      'tsx',
      join(FAST_DIR, 'forwarder.ts'),
      portFile,
      lab.ns.pc,
      TOPOLOGY.mgmt.router,
      String(routerPort),
    ],
    log: forwarderLog,
    cwd: REPO,
  });
  const port = await waitFor(
    'ssh forwarder',
    () => (existsSync(portFile) ? Number(readFileSync(portFile, 'utf8').trim()) : undefined),
    10_000,
    forwarderLog,
  );
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostPublicKey}\n`, { mode: 0o644 });
  return {
    host: '127.0.0.1',
    port,
    routerPort,
    users,
    hostKeyFingerprint: fingerprint(hostPublicKey),
    hostPublicKey,
    knownHostsFile,
    askpass: join(FAST_DIR, 'askpass.sh'),
    passwordAuth,
    log: sshdLog,
  };
}

/** OpenSSH client argv for a lab user (host key pinned; the key user's key; no agent, no config). */
export function sshArgv(ssh: LabSsh, user: string, command: string[] = []): string[] {
  const key = [ssh.users.key, ssh.users.password, ssh.users.sudo, ssh.users.nopasswd].find(
    (u) => u.name === user,
  )?.privateKeyPath;
  return [
    'ssh',
    '-F',
    'none',
    '-p',
    String(ssh.port),
    '-o',
    `UserKnownHostsFile=${ssh.knownHostsFile}`,
    '-o',
    'StrictHostKeyChecking=yes',
    '-o',
    'IdentitiesOnly=yes',
    // The key user never needs a prompt; the others are asked for their password (or SSH_ASKPASS).
    ...(key !== undefined ? ['-i', key, '-o', 'BatchMode=yes'] : ['-o', 'PubkeyAuthentication=no']),
    `${user}@${ssh.host}`,
    ...command,
  ];
}
