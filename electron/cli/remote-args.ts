import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { FINGERPRINT } from '../../shared/net/ssh-target';
import { defaultKnownHostsFile } from '../ssh/paths';
import { parseTarget } from '../ssh/target';
import type { Credentials, RemoteTarget } from '../ssh/types';

/** The options every command that talks to a router takes. */
export interface RemoteArgs {
  target: RemoteTarget;
  credentials: Credentials;
  acceptFingerprint: string | undefined;
  knownHostsFile: string;
  sudoPassword: string | undefined;
  profile: string | undefined;
}

/**
 * Read `--host [user@]host[:port] [--identity FILE] [--password-stdin] [--accept-host-key SHA256:…]
 * [--known-hosts FILE] [PROFILE]`. The password only ever comes from stdin (one line), never from an
 * argument, where `ps` and shell history would keep it. Without --identity or a password the SSH agent
 * is used. The same password also answers sudo.
 */
export function parseRemoteArgs(
  command: string,
  argv: readonly string[],
  readStdin: () => string = () => readFileSync(0, 'utf8'),
): RemoteArgs | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        host: { type: 'string' },
        identity: { type: 'string', short: 'i' },
        'password-stdin': { type: 'boolean' },
        'accept-host-key': { type: 'string' },
        'known-hosts': { type: 'string' },
      },
    });
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  if (values.host === undefined) return { error: `${command} needs --host [user@]host[:port]` };
  if (positionals.length > 1) return { error: `${command} takes at most one profile file` };
  const target = parseTarget(values.host, userInfo().username);
  if ('error' in target) return target;
  const accept = values['accept-host-key'];
  if (accept !== undefined && !FINGERPRINT.test(accept)) {
    return { error: `--accept-host-key takes a fingerprint like SHA256:${'x'.repeat(43)}` };
  }
  const password = values['password-stdin'] === true ? (readStdin().split('\n')[0] ?? '') : undefined;
  let credentials: Credentials;
  if (values.identity !== undefined) {
    credentials =
      password !== undefined
        ? { kind: 'key', identityFile: values.identity, passphrase: password }
        : { kind: 'key', identityFile: values.identity };
  } else if (password !== undefined) credentials = { kind: 'password', password };
  else credentials = { kind: 'agent' };
  return {
    target,
    credentials,
    acceptFingerprint: accept,
    knownHostsFile: values['known-hosts'] ?? defaultKnownHostsFile(),
    // With a key, the stdin password is the key's passphrase and also sudo's (one secret, one prompt).
    sudoPassword: password,
    profile: positionals[0],
  };
}
