import { describeDetect, describePrefill } from '../../shared/detect/describe';
import { prefillFromDetect } from '../../shared/detect/prefill';
import { render } from '../../shared/render';
import { detect } from '../detect/detect';
import { loadProfile } from './load-profile';
import type { Io } from './output';
import { parseRemoteArgs } from './remote-args';
import { openSession, sshFailure } from './remote-session';

/**
 * `v6wizard detect --host … [PROFILE]`: print what the router has; with PROFILE also the files it would
 * replace (exists? sha256) and the profile fields detect would change. Reads only; changes nothing.
 * Exit: 0 done, 1 the profile is invalid, 2 usage, 3/4/5 SSH (remote-session.ts).
 */
export async function detectCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseRemoteArgs('detect', argv);
  if ('error' in args) {
    io.err(`v6wizard: ${args.error}`);
    return 2;
  }
  const profile = args.profile !== undefined ? loadProfile(args.profile, io) : undefined;
  if (args.profile !== undefined && profile === undefined) return 1;
  const session = await openSession(args, io);
  if (typeof session === 'number') return session;
  try {
    const sudo = args.target.user !== 'root' && args.sudoPassword !== undefined;
    const files = profile !== undefined ? render(profile).map((f) => f.path) : [];
    const result = await detect(session, { sudo, files });
    io.out(`host key: ${session.hostKeyFingerprint}`);
    for (const line of describeDetect(result)) io.out(line);
    if (profile !== undefined)
      for (const line of describePrefill(prefillFromDetect(profile, result).changes)) io.out(line);
    return 0;
  } catch (e) {
    return sshFailure(e, io);
  } finally {
    await session.close();
  }
}
