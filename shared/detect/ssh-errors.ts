/**
 * The SSH layer's stable error codes and the sentences shown for them, here in shared/ so the wizard
 * and the CLI say the same thing. The codes are part of the contract (tests and the UI match on them);
 * the texts are for people.
 */
import { assertNever } from '../util/assert-never';

export const SSH_ERROR_CODES = [
  'SSH_AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_MISMATCH',
  'SUDO_AUTH_FAILED',
  'CONNECT_FAILED',
  'TIMEOUT',
] as const;
export type SshErrorCode = (typeof SSH_ERROR_CODES)[number];

/** Details some codes carry; every message is built from these only (no raw library text decides anything). */
export interface SshErrorDetails {
  host: string;
  fingerprint?: string;
  storedFingerprint?: string;
  knownHostsFile?: string;
  cause?: string;
}

/** The sentence a person sees for an SSH failure. */
export function sshErrorMessage(code: SshErrorCode, d: SshErrorDetails): string {
  const cause = d.cause !== undefined && d.cause !== '' ? ` (${d.cause})` : '';
  switch (code) {
    case 'SSH_AUTH_FAILED':
      return `${d.host} refused the login: wrong user name, password or key${cause}.`;
    case 'HOST_KEY_UNKNOWN':
      return (
        `${d.host} is not known yet. Its host key fingerprint is ${d.fingerprint ?? '?'}. ` +
        'Compare it with the router (run `ssh-keygen -l -E sha256 -f /etc/ssh/ssh_host_ed25519_key.pub` on its console) ' +
        'and accept it only if it is the same.'
      );
    case 'HOST_KEY_MISMATCH':
      return (
        `WARNING: the host key of ${d.host} has CHANGED. v6wizard trusted ${d.storedFingerprint ?? '?'}, ` +
        `the router now presents ${d.fingerprint ?? '?'}. Someone may be intercepting the connection, or the ` +
        'router was reinstalled. The connection was refused. If you know why the key changed, remove the old ' +
        `entry deliberately (v6wizard forget-host ${d.host}${d.knownHostsFile !== undefined ? `, known hosts: ${d.knownHostsFile}` : ''}) and connect again.`
      );
    case 'SUDO_AUTH_FAILED':
      return `sudo on ${d.host} did not accept the password${cause}; nothing was run as root.`;
    case 'CONNECT_FAILED':
      return `Could not connect to ${d.host}${cause}.`;
    case 'TIMEOUT':
      return `${d.host} did not answer in time${cause}.`;
    default:
      return assertNever(code);
  }
}
