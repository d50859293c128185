import type { Profile } from '../../shared/profile/types';
import type { RemoteExecResult, RemoteSession } from '../../electron/ssh/types';
import * as sh from '../../electron/apply/scripts';

/**
 * A scripted stand-in for a router, for tests of what the engine does and says (a mock: the real
 * router runs in the VM tests). Each script answers as the real one does on success unless a test
 * overrides it; a thrown answer is a dropped connection.
 */
export const ok = (stdout = ''): RemoteExecResult => ({ code: 0, stdout, stderr: '' });

/**
 * The probe's answer for a router with none of the files and every program, nothing on port 53, and
 * (ifupdown) an /etc/network/interfaces whose own lines raise the WAN and the LAN at boot.
 */
export function probeAnswer(profile: Profile, args: readonly string[]): RemoteExecResult {
  const cut = args.indexOf('--');
  const paths = args.slice(0, cut);
  const rest = args.slice(cut + 1);
  const programs = rest.slice(0, rest.indexOf('--'));
  const { wanInterface, lanInterface } = profile.router;
  const interfaces = Buffer.from(`auto ${wanInterface} ${lanInterface}\n`).toString('base64');
  return ok(
    `${paths.map(() => 'A\n').join('\n')}\n${programs.map((p) => `P ${p}`).join('\n')}\nS\n` +
      `N /etc/network/interfaces\n${interfaces}\n`,
  );
}

export const VERIFY_OK = ['tunnel', 'broker', 'route', 'forwarding', 'dad']
  .map((n) => `${n}\tok\tfine`)
  .join('\n');

/** backup.sh's first line on success: the folder it made, named by the router's clock. */
export const backupAnswer = (args: readonly string[]): string =>
  `dir ${args[0] ?? ''}/20261207-101500-${args[1] ?? ''}\nbacked up 3 path(s)\n`;

export interface Router {
  /** Answers one script (by identity) or throws like a dropped connection. */
  answer: (script: string, args: readonly string[]) => RemoteExecResult;
  /** Whether a new connection can be made now. */
  reachable: () => boolean;
}

/** A connection that, once it has dropped or been closed, stays dropped (as a real one does). */
export function fakeSession(router: Router): RemoteSession {
  let dead = false;
  return {
    target: { host: 'router.test', port: 22, user: 'root' },
    hostKeyFingerprint: 'SHA256:fake',
    exec: async (argv) => {
      const [, , script = '', , ...args] = argv;
      // The answer comes back later, as over a network: a close in the meantime kills the command.
      await new Promise((r) => setImmediate(r));
      if (dead) throw new Error('the ssh connection is closed');
      try {
        return router.answer(script, args);
      } catch (e) {
        dead = true;
        throw e instanceof Error ? e : new Error(String(e));
      }
    },
    writeFile: () => Promise.resolve(),
    readFile: () => Promise.resolve(undefined),
    close: () => {
      dead = true;
      return Promise.resolve();
    },
  };
}

/** A router for this profile whose scripts succeed, except those a test overrides. */
export function routerWith(
  profile: Profile,
  overrides: Map<string, (args: readonly string[]) => RemoteExecResult>,
  reachable: () => boolean,
): Router {
  return {
    reachable,
    answer: (script, args) => {
      const own = overrides.get(script);
      if (own) return own(args);
      if (script === sh.PROBE) return probeAnswer(profile, args);
      if (script === sh.BACKUP) return ok(backupAnswer(args));
      if (script === sh.VERIFY) return ok(VERIFY_OK);
      return ok();
    },
  };
}
