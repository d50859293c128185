import { UNIT_CHECK } from './unit-check';
import unitTmpl from '../../templates/tunnel/v6wizard-tunnel.service.tmpl?raw';
import scriptTmpl from '../../templates/tunnel/v6wizard-tunnel.sh.tmpl?raw';
import type { Derived } from '../profile/derive';
import type { DadStrategy, Profile } from '../profile/types';
import { assertNever } from '../util/assert-never';
import { header } from './header';
import { fill } from './template';
import { lanAddress, ROOT_OWNER, tunnelAddress, tunnelIpv4, unreachableRoute } from './tunnel-common';
import type { RenderContext, RenderedFile } from './types';

const SCRIPT = '/usr/local/sbin/v6wizard-tunnel';
const UNIT = 'v6wizard-tunnel';

/**
 * A shell single-quoted word. Profile values are validated (names are [A-Za-z0-9_.-], addresses are
 * canonical) so none contains a quote; quoting anyway keeps the script safe if that ever changes.
 */
function shellWord(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The systemd device unit of a network interface (udev tags every interface for systemd), escaped as
 * `systemd-escape --path` does: `/` becomes `-`, and anything outside [A-Za-z0-9:_.] (for a valid
 * interface name, only `-`) becomes `\xNN`.
 */
export function netDeviceUnit(iface: string): string {
  const escaped = Array.from(iface)
    .map((c, i) =>
      /[A-Za-z0-9:_]/.test(c) || (c === '.' && i > 0)
        ? c
        : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )
    .join('');
  return `sys-subsystem-net-devices-${escaped}.device`;
}

/**
 * DAD with iproute2, the one system that sets address flags directly (ip-address(8)):
 * - optimistic: the `optimistic` flag; it only takes effect together with optimistic_dad=1 on the
 *   LAN, which the sysctl file sets for this strategy.
 * - disable: the `nodad` flag (sysctl's accept_dad=0 covers the LAN's other addresses).
 * - wait/sleep: no flag; the DAD stage waits.
 * The tunnel address needs no flag: sit links are NOARP and the kernel skips DAD on them.
 */
function lanDad(strategy: DadStrategy): { flags: string; comment: string } {
  switch (strategy) {
    case 'optimistic':
      return {
        flags: ' optimistic',
        comment: '# optimistic: usable at once, duplicates are still detected.',
      };
    case 'disable':
      return {
        flags: ' nodad',
        comment: '# nodad: the profile turns duplicate address detection off on the LAN.',
      };
    case 'wait':
    case 'sleep':
      return { flags: '', comment: '' };
    default:
      return assertNever(strategy);
  }
}

/**
 * For systems without a network manager: `/usr/local/sbin/v6wizard-tunnel` (POSIX sh, `up` and
 * `down`, safe to run repeatedly) and the oneshot unit that runs it at boot, ordered before
 * network-online.target. The unit applies both files.
 */
export function renderTunnelIproute2(profile: Profile, derived: Derived, ctx: RenderContext): RenderedFile[] {
  const { tunnel, router } = profile;
  const v4 = tunnelIpv4(tunnel);
  const dad = lanDad(profile.dad.strategy);
  const script = fill(scriptTmpl, {
    header: header(ctx),
    tunnelName: tunnel.interface,
    tunnel: shellWord(tunnel.interface),
    serverIpv4: shellWord(v4.server),
    localIpv4: shellWord(v4.local),
    ttl: shellWord(String(tunnel.ttl)),
    mtu: shellWord(String(tunnel.mtu)),
    tunnelAddress: shellWord(tunnelAddress(derived)),
    serverIpv6: shellWord(derived.tunnelServer),
    lan: shellWord(router.lanInterface),
    lanAddress: shellWord(lanAddress(derived)),
    // A /128 filter matches exactly the router's address, not every address in the LAN /64.
    lanHost: shellWord(`${derived.lanRouter}/128`),
    unreachable: shellWord(unreachableRoute(derived) ?? ''),
    lanDadComment: dad.comment,
    lanFlags: dad.flags,
  });
  const unit = fill(unitTmpl, {
    header: header(ctx),
    tunnel: tunnel.interface,
    lan: router.lanInterface,
    lanDevice: netDeviceUnit(router.lanInterface),
  });
  return [
    {
      path: SCRIPT,
      mode: 0o755,
      owner: ROOT_OWNER,
      service: UNIT,
      content: script,
      validate: ['sh', '-n', '{file}'],
      stage: 'network',
      description: `Script that creates the 6in4 tunnel ${tunnel.interface} to ${v4.server}, its IPv6 default route, and ${lanAddress(derived)} on ${router.lanInterface} ("up"), or removes them ("down").`,
    },
    {
      path: `/etc/systemd/system/${UNIT}.service`,
      mode: 0o644,
      owner: ROOT_OWNER,
      service: UNIT,
      content: unit,
      validate: [...UNIT_CHECK],
      stage: 'network',
      description: `systemd unit that runs ${SCRIPT} up at boot, before network-online.target, and down when stopped.`,
    },
  ];
}
