import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as sshConnect } from '../../electron/ssh/connect';
import type { RemoteSession } from '../../electron/ssh/types';
import { personality, type PersonalityName } from '../lab/vm/personalities';
import type { Vm } from '../lab/vm/vm';
import { vmSession } from './vm-session';
import { pinnedFingerprint } from './vm-sudo-user';

/**
 * How the app logs in: as the personality's own user with its password through the app's real SSH
 * layer (node-ssh, sudo), or as root with the lab's key.
 */
export function connector(
  vm: Vm,
  names: readonly PersonalityName[],
): { connect: () => Promise<RemoteSession>; cleanup: () => void } {
  const login = names.map((n) => personality(n).login).find((l) => l !== undefined);
  if (login === undefined) return { connect: () => vmSession(vm), cleanup: () => undefined };
  const home = mkdtempSync(join(tmpdir(), 'v6w-login-'));
  const fingerprint = pinnedFingerprint(vm);
  return {
    connect: () =>
      sshConnect({
        target: { host: '127.0.0.1', port: vm.port, user: login.user },
        credentials: { kind: 'password', password: login.password },
        knownHostsFile: join(home, 'known_hosts'),
        acceptFingerprint: fingerprint,
      }),
    cleanup: () => {
      rmSync(home, { recursive: true, force: true });
    },
  };
}
