import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The app's own known-hosts file: `$XDG_CONFIG_HOME/v6wizard/known_hosts` (default ~/.config). It is
 * separate from ~/.ssh/known_hosts on purpose: accepting a router here never changes what the person's
 * own ssh trusts, and forgetting it never weakens their ssh either.
 */
export function defaultKnownHostsFile(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env['XDG_CONFIG_HOME'] !== undefined && env['XDG_CONFIG_HOME'] !== ''
      ? env['XDG_CONFIG_HOME']
      : join(homedir(), '.config');
  return join(base, 'v6wizard', 'known_hosts');
}
