import { describeDetect, describePrefill } from '../../shared/detect/describe';
import { prefillFromDetect } from '../../shared/detect/prefill';
import { render } from '../../shared/render';
import { detect } from '../detect/detect';
import type { Io } from './output';
import { withRouter } from './remote-session';

/**
 * `v6wizard detect --host … [PROFILE]`: print what the router has; with PROFILE also the files it would
 * replace (exists? sha256) and the profile fields detect would change. Reads only; changes nothing.
 * Exit: 0 done, 1 the profile is invalid, 2 usage, 3/4/5 SSH (remote-session.ts).
 */
export async function detectCommand(argv: readonly string[], io: Io): Promise<number> {
  return withRouter('detect', argv, io, async (session, { profile, sudo }) => {
    const files = profile !== undefined ? render(profile).map((f) => f.path) : [];
    const result = await detect(session, { sudo, files });
    io.out(`host key: ${session.hostKeyFingerprint}`);
    for (const line of describeDetect(result)) io.out(line);
    if (profile !== undefined)
      for (const line of describePrefill(prefillFromDetect(profile, result).changes)) io.out(line);
    return 0;
  });
}
