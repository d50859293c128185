import { shWords } from '../../../shared/export/shell-quote';
import { HOST_KEY_ALIAS } from './build';

/** How to reach the lab VM's sshd: the forwarded port on 127.0.0.1 and the files from the image build. */
export interface SshTarget {
  port: number;
  clientKey: string;
  knownHosts: string;
  /** A running ControlMaster's socket; commands then reuse its connection (a new login costs ~1 s under TCG). */
  controlPath?: string;
}

/**
 * ssh's options for the lab: no user or system config, key only, and the host key pinned to the one
 * the image build generated (StrictHostKeyChecking=yes against our own known_hosts, under a fixed
 * alias because the port changes on every boot).
 */
export function sshOptions(target: SshTarget): string[] {
  const o = (value: string): string[] => ['-o', value];
  return [
    '-F',
    '/dev/null',
    ...o('BatchMode=yes'),
    ...o('IdentitiesOnly=yes'),
    '-i',
    target.clientKey,
    ...o(`UserKnownHostsFile=${target.knownHosts}`),
    ...o('GlobalKnownHostsFile=/dev/null'),
    ...o('StrictHostKeyChecking=yes'),
    ...o(`HostKeyAlias=${HOST_KEY_ALIAS}`),
    ...o('CheckHostIP=no'),
    ...o('LogLevel=ERROR'),
    ...o('ConnectTimeout=5'),
    ...o('ServerAliveInterval=5'),
    ...o('ServerAliveCountMax=6'),
    '-p',
    String(target.port),
  ];
}

/**
 * The one string ssh sends for argv. ssh joins its arguments with spaces and the remote login shell
 * parses the result, so each argument is single-quoted (shWords) and arrives as exactly one word,
 * whatever it contains.
 */
export function remoteCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('remoteCommand: empty argv');
  return shWords(argv);
}

/** The full local argv that runs `argv` as root inside the VM. */
export function sshArgv(target: SshTarget, argv: readonly string[]): string[] {
  const control =
    target.controlPath === undefined
      ? []
      : ['-o', `ControlPath=${target.controlPath}`, '-o', 'ControlMaster=no'];
  return ['ssh', ...sshOptions(target), ...control, 'root@127.0.0.1', '--', remoteCommand(argv)];
}

/** The argv of an interactive root shell in the VM (for `npm run lab -- ssh`). */
export function sshShellArgv(target: SshTarget): string[] {
  return ['ssh', ...sshOptions(target), '-o', 'BatchMode=no', '-t', 'root@127.0.0.1'];
}
