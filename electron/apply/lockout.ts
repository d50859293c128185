import type { Stage } from '../../shared/render/types';
import type { Profile } from '../../shared/profile/types';

/**
 * The likely cause when the confirmation could not connect after the switch, in words: where the new
 * IPv6 firewall still accepts SSH from (the lock-out the confirm-or-revert timer exists for), or the
 * network change when the firewall was not switched.
 */
export function reconnectCause(profile: Profile, stages: readonly Stage[]): string {
  if (!stages.includes('firewall'))
    return 'the new network settings may have cut the path this app reaches the router by';
  const { sshPort, fromLan, allowFrom } = profile.router.management;
  const from = [...(fromLan ? [`the LAN (${profile.router.lanInterface})`] : []), ...allowFrom];
  const where =
    from.length === 0
      ? 'from nowhere (router.management: fromLan is off and allowFrom is empty)'
      : `only from ${from.join(', ')}`;
  return (
    `the new IPv6 firewall accepts SSH (port ${sshPort}) ${where}, so a connection over IPv6 from anywhere ` +
    'else is dropped; allow the network you manage the router from in the profile (router.management), ' +
    'or connect over IPv4, which the IPv6 firewall does not touch'
  );
}
