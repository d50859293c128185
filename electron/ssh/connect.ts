import { NodeSSH } from 'node-ssh';
import { SshError } from './errors';
import { keyTypeOf, sha256Fingerprint } from './fingerprint';
import { addKnownHost, decideHostKey, knownKeys } from './known-hosts';
import {
  credentialConfig,
  KEEPALIVE_COUNT_MAX,
  KEEPALIVE_INTERVAL_MS,
  READY_TIMEOUT_MS,
} from './connect-config';
import { SshSession } from './session';
import { hostLabel } from './target';
import type { Credentials, HostKeyDecision, RemoteSession, RemoteTarget } from './types';

export interface ConnectOptions {
  target: RemoteTarget;
  credentials: Credentials;
  /** The app's known-hosts file (paths.ts defaultKnownHostsFile); tests pass their own. */
  knownHostsFile: string;
  /**
   * The `SHA256:…` fingerprint the person accepted for a host not yet known. Only a key with exactly
   * this fingerprint is stored and trusted; it never overrides a *changed* key.
   */
  acceptFingerprint?: string;
  /** For sudo as a non-root user; defaults to the login password when the credentials are a password. */
  sudoPassword?: string;
  readyTimeoutMs?: number;
}

/** RSA keys are offered under three signature algorithm names. */
const algorithmsFor = (keyType: string): string[] =>
  keyType === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [keyType];

interface Ssh2Error {
  level?: string;
  code?: string;
  message?: string;
}

function classify(e: unknown, host: string): SshError {
  const err = (typeof e === 'object' && e !== null ? e : {}) as Ssh2Error;
  const cause = err.message ?? String(e);
  if (err.level === 'client-authentication') return new SshError('SSH_AUTH_FAILED', { host, cause });
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT')
    return new SshError('TIMEOUT', { host, cause });
  return new SshError('CONNECT_FAILED', { host, cause });
}

/**
 * Open an authenticated session, checking the host key against the app's known-hosts file first:
 * - known key → connect;
 * - unknown key → HOST_KEY_UNKNOWN with its fingerprint, unless `acceptFingerprint` equals it: then the
 *   key is stored and the connection goes on (trust on first use, by the person's decision);
 * - changed key → HOST_KEY_MISMATCH with both fingerprints, always; only forgetHost() undoes it.
 * The verdict is reached inside the handshake, before any credential is sent to the server.
 */
export async function connect(options: ConnectOptions): Promise<RemoteSession> {
  const { target, knownHostsFile } = options;
  const label = hostLabel(target.host, target.port);
  let decision: HostKeyDecision | undefined;
  let presented: { keyType: string; blob: Buffer } | undefined;
  const storedTypes = [...new Set(knownKeys(knownHostsFile, target.host, target.port).map((k) => k.keyType))];
  const ssh = new NodeSSH();
  try {
    await ssh.connect({
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: options.readyTimeoutMs ?? READY_TIMEOUT_MS,
      keepaliveInterval: KEEPALIVE_INTERVAL_MS,
      keepaliveCountMax: KEEPALIVE_COUNT_MAX,
      // Ask for the key type we already trust first, so a router that still has it presents it.
      ...(storedTypes.length > 0
        ? { algorithms: { serverHostKey: { prepend: storedTypes.flatMap(algorithmsFor) } } }
        : {}),
      hostVerifier: (blob: Buffer): boolean => {
        let keyType: string;
        try {
          keyType = keyTypeOf(blob);
        } catch {
          return false;
        }
        presented = { keyType, blob };
        decision = decideHostKey(knownHostsFile, target.host, target.port, keyType, blob);
        return (
          decision.kind === 'known' ||
          (decision.kind === 'new' && decision.fingerprint === options.acceptFingerprint)
        );
      },
      ...credentialConfig(options.credentials),
    });
  } catch (e) {
    ssh.dispose();
    if (decision?.kind === 'changed') {
      throw new SshError('HOST_KEY_MISMATCH', {
        host: label,
        fingerprint: decision.fingerprint,
        storedFingerprint: decision.storedFingerprint,
        knownHostsFile,
      });
    }
    if (decision?.kind === 'new' && decision.fingerprint !== options.acceptFingerprint) {
      throw new SshError('HOST_KEY_UNKNOWN', { host: label, fingerprint: decision.fingerprint });
    }
    throw classify(e, label);
  }
  // node-ssh drops its error listener once logged in, so a connection reset later (a router that
  // reboots, a NAT that forgets the flow, our own close racing the server's) would be an uncaught
  // exception that takes the whole app down. The next exec on a dead connection fails by itself.
  (ssh.connection as { on(event: 'error', listener: () => void): unknown } | null)?.on(
    'error',
    () => undefined,
  );
  if (presented === undefined) {
    ssh.dispose();
    throw new SshError('CONNECT_FAILED', { host: label, cause: 'the server presented no host key' });
  }
  // Stored only after authentication succeeded, so a typo in the password does not leave a half-trusted host.
  if (decision?.kind === 'new')
    addKnownHost(knownHostsFile, target.host, target.port, presented.keyType, presented.blob);
  // Without a sudo password of its own, a password login's password is tried for sudo: said, never
  // silent (SshSession.sudoNotice), once sudo actually asked for it.
  const reused = options.sudoPassword === undefined && options.credentials.kind === 'password';
  const sudoPassword =
    options.sudoPassword ??
    (options.credentials.kind === 'password' ? options.credentials.password : undefined);
  return new SshSession(ssh, target, sha256Fingerprint(presented.blob), sudoPassword, reused);
}
