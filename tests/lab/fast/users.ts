import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { must } from './run';

/** One login on the lab router. Passwords are random per lab; the key user has no password at all. */
export interface LabUser {
  name: string;
  uid: number;
  /** Set for the password and the sudo user. */
  password?: string;
  /** Path of the private key (OpenSSH format) for the key user. */
  privateKeyPath?: string;
  sudo: boolean;
}

export interface LabUsers {
  key: LabUser;
  password: LabUser;
  sudo: LabUser;
  /** Raspberry Pi OS's default: a password to log in, and sudo that never asks for one (NOPASSWD). */
  nopasswd: LabUser;
}

/** The files that replace the host's in sshd's private mount namespace. */
export interface UserFiles {
  passwd: string;
  group: string;
  shadow: string;
  sudoers: string;
  home: string;
}

function sha512Crypt(password: string): string {
  // openssl reads the password from stdin, so it never appears in a process list.
  return must(['openssl', 'passwd', '-6', '-stdin'], { stdin: `${password}\n` }).trim();
}

const newPassword = (): string => randomBytes(12).toString('base64url');

/**
 * Write passwd, group, shadow, sudoers and home folders for the lab's four users into `dir`. They
 * are only ever seen through bind mounts in sshd's own mount namespace: no user is created on the host.
 */
export function writeUsers(dir: string): { users: LabUsers; files: UserFiles } {
  const users: LabUsers = {
    key: { name: 'labkey', uid: 61001, privateKeyPath: join(dir, 'id_ed25519_labkey'), sudo: false },
    password: { name: 'labpass', uid: 61002, password: newPassword(), sudo: false },
    sudo: { name: 'labsudo', uid: 61003, password: newPassword(), sudo: true },
    nopasswd: { name: 'labpi', uid: 61004, password: newPassword(), sudo: true },
  };
  const all = [users.key, users.password, users.sudo, users.nopasswd];
  const files: UserFiles = {
    passwd: join(dir, 'passwd'),
    group: join(dir, 'group'),
    shadow: join(dir, 'shadow'),
    sudoers: join(dir, 'sudoers'),
    home: join(dir, 'home'),
  };
  writeFileSync(
    files.passwd,
    [
      'root:x:0:0:root:/root:/bin/bash',
      // sshd's privilege-separation user must exist, or sshd refuses to start.
      'sshd:x:100:65534::/run/sshd:/usr/sbin/nologin',
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      ...all.map((u) => `${u.name}:x:${u.uid}:${u.uid}::/home/${u.name}:/bin/bash`),
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  writeFileSync(
    files.group,
    ['root:x:0:', 'nogroup:x:65534:', ...all.map((u) => `${u.name}:x:${u.uid}:`), ''].join('\n'),
    { mode: 0o644 },
  );
  // '*' (no password, not locked) for the key user: a '!' would make sshd refuse its key as well.
  writeFileSync(
    files.shadow,
    [
      'root:*:19000:0:99999:7:::',
      'sshd:*:19000:0:99999:7:::',
      'nobody:*:19000:0:99999:7:::',
      ...all.map(
        (u) => `${u.name}:${u.password !== undefined ? sha512Crypt(u.password) : '*'}:19000:0:99999:7:::`,
      ),
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  // Password-protected sudo for the sudo user, as on a real router, and passwordless sudo for the
  // Raspberry Pi OS-like user; sudo insists on 0440 root.
  writeFileSync(
    files.sudoers,
    [
      'Defaults env_reset',
      'Defaults !lecture',
      'Defaults secure_path="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"',
      'root ALL=(ALL:ALL) ALL',
      `${users.sudo.name} ALL=(ALL:ALL) ALL`,
      // One command without a password (sudoers' last match wins), as admins grant for a backup or
      // monitoring tool: a sudo password sent in front of stdin would become cat's first line of data.
      `${users.sudo.name} ALL=(ALL:ALL) NOPASSWD: /usr/bin/cat`,
      `${users.nopasswd.name} ALL=(ALL) NOPASSWD: ALL`,
      '',
    ].join('\n'),
    { mode: 0o440 },
  );
  mkdirSync(files.home, { mode: 0o755 });
  for (const u of all) {
    const home = join(files.home, u.name);
    mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
    chownSync(home, u.uid, u.uid);
    chownSync(join(home, '.ssh'), u.uid, u.uid);
  }
  const keyPath = users.key.privateKeyPath!;
  must(['ssh-keygen', '-q', '-t', 'ed25519', '-N', '', '-C', 'v6wizard-lab-labkey', '-f', keyPath]);
  const authorized = join(files.home, users.key.name, '.ssh/authorized_keys');
  writeFileSync(authorized, readFileSync(`${keyPath}.pub`, 'utf8'), { mode: 0o600 });
  chownSync(authorized, users.key.uid, users.key.uid);
  return { users, files };
}
