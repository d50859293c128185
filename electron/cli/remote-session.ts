import { connect } from '../ssh/connect';
import { isSshError } from '../ssh/errors';
import type { Profile } from '../../shared/profile/types';
import type { RemoteSession } from '../ssh/types';
import { loadProfile } from './load-profile';
import type { Io } from './output';
import { parseRemoteArgs, type RemoteArgs } from './remote-args';

/** Exit status of remote commands: 3 the host key is not accepted yet, 4 it changed, 5 any other SSH failure. */
export const EXIT_HOST_KEY_UNKNOWN = 3;
export const EXIT_HOST_KEY_MISMATCH = 4;
export const EXIT_SSH_FAILED = 5;

/** Connect for a CLI command, printing the shared message (and how to accept a new key) on failure. */
export async function openSession(args: RemoteArgs, io: Io): Promise<RemoteSession | number> {
  try {
    return await connect({
      target: args.target,
      credentials: args.credentials,
      knownHostsFile: args.knownHostsFile,
      ...(args.acceptFingerprint !== undefined ? { acceptFingerprint: args.acceptFingerprint } : {}),
      ...(args.sudoPassword !== undefined ? { sudoPassword: args.sudoPassword } : {}),
    });
  } catch (e) {
    return sshFailure(e, io);
  }
}

/** Print an SSH failure and return its exit status; anything that is not an SshError is rethrown. */
export function sshFailure(e: unknown, io: Io): number {
  if (!isSshError(e)) throw e;
  io.err(`v6wizard: ${e.code}: ${e.message}`);
  if (e.code === 'HOST_KEY_UNKNOWN') {
    io.err(`To accept it, run the same command again with --accept-host-key ${e.details.fingerprint ?? ''}`);
    return EXIT_HOST_KEY_UNKNOWN;
  }
  return e.code === 'HOST_KEY_MISMATCH' ? EXIT_HOST_KEY_MISMATCH : EXIT_SSH_FAILED;
}

/**
 * The frame of the read-only commands that take an optional profile (detect, status): arguments
 * (exit 2 on a usage error), the profile when given (exit 1 when invalid), one connection, SSH
 * failures printed with their exit status, and the connection always closed.
 */
export async function withRouter(
  command: string,
  argv: readonly string[],
  io: Io,
  run: (
    session: RemoteSession,
    o: { args: RemoteArgs; profile: Profile | undefined; sudo: boolean },
  ) => Promise<number>,
): Promise<number> {
  const args = parseRemoteArgs(command, argv);
  if ('error' in args) {
    io.err(`v6wizard: ${args.error}`);
    return 2;
  }
  const profile = args.profile !== undefined ? loadProfile(args.profile, io) : undefined;
  if (args.profile !== undefined && profile === undefined) return 1;
  const session = await openSession(args, io);
  if (typeof session === 'number') return session;
  const sudo = args.target.user !== 'root' && args.sudoPassword !== undefined;
  try {
    const code = await run(session, { args, profile, sudo });
    const notice = session.sudoNotice?.();
    if (notice !== undefined) io.err(`v6wizard: ${notice}`);
    return code;
  } catch (e) {
    return sshFailure(e, io);
  } finally {
    await session.close();
  }
}
