import tmpl from '../../templates/sysctl/60-v6wizard.conf.tmpl?raw';
import type { DadStrategy } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { header } from './header';
import type { Renderer } from './index';
import { fill } from './template';

/** A per-interface IPv6 key in sysctl.d's slash form: a dot in the name is not read as a separator. */
function ifaceKey(iface: string, key: string): string {
  return `net/ipv6/conf/${iface}/${key}`;
}

/**
 * The DAD lines for the LAN. The tunnel gets none: it does not exist when systemd-sysctl runs at
 * boot, and sit links are NOARP, so the kernel runs no DAD on them anyway.
 */
function dadLines(strategy: DadStrategy, lan: string): string {
  switch (strategy) {
    case 'optimistic':
      return [
        '',
        '# DAD "optimistic" (RFC 4429): an address flagged optimistic is usable at once and a duplicate is',
        '# still detected. The kernel honours the flag only with optimistic_dad on; use_optimistic lets it',
        '# be chosen as a source address meanwhile.',
        `${ifaceKey(lan, 'optimistic_dad')} = 1`,
        `${ifaceKey(lan, 'use_optimistic')} = 1`,
      ].join('\n');
    case 'disable':
      return [
        '',
        '# DAD "disable": addresses on the LAN are usable at once, and a duplicate address on the LAN goes',
        '# unnoticed. Chosen explicitly in the profile.',
        `${ifaceKey(lan, 'accept_dad')} = 0`,
      ].join('\n');
    case 'wait':
    case 'sleep':
      // Kernel defaults: every address runs DAD; the DAD stage waits for it.
      return '';
    default:
      return assertNever(strategy);
  }
}

/**
 * `/etc/sysctl.d/60-v6wizard.conf`: router advertisements ignored on the WAN and LAN, and the LAN's
 * DAD settings for the profile's DAD strategy. Forwarding is not here (see forwarding.ts). No daemon
 * checks sysctl files; systemd-sysctl applies it (`sysctl -p FILE` when applied by hand).
 */
export const renderSysctl: Renderer = (profile, _derived, ctx) => {
  const { wanInterface: wan, lanInterface: lan } = profile.router;
  const content = fill(tmpl, { header: header(ctx), wan, lan, dad: dadLines(profile.dad.strategy, lan) });
  return [
    {
      path: '/etc/sysctl.d/60-v6wizard.conf',
      mode: 0o644,
      owner: 'root:root',
      service: 'systemd-sysctl',
      content,
      stage: 'sysctl',
      description: `Kernel settings: router advertisements ignored on ${wan} and ${lan}, and DAD on ${lan} per the profile's DAD choice (${profile.dad.strategy}).`,
    },
  ];
};
