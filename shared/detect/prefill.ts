import type { Profile } from '../profile/types';
import { INTERFACES_ROOT } from '../plan/boot';
import { IFUPDOWN_FILE } from '../render/tunnel-ifupdown';
import { bootRaise, parseIfupdown } from './ifupdown';
import type { DetectResult } from './types';

/** One field detect would change, shown to the person for confirmation before anything is used. */
export interface PrefillChange {
  path: string;
  from: string | undefined;
  to: string;
  why: string;
}

/**
 * Fill the profile's router facts from what detect found. Pure: returns a new profile and the list of
 * changes; the wizard (or the CLI) shows them and the person confirms — nothing is applied silently.
 * Only findings detect is sure of are used; an unknown leaves the field as it was.
 */
export function prefillFromDetect(
  profile: Profile,
  detect: DetectResult,
): { profile: Profile; changes: PrefillChange[] } {
  const router = { ...profile.router };
  const tunnel = { ...profile.tunnel };
  const changes: PrefillChange[] = [];
  const change = (path: string, from: string | undefined, to: string, why: string): boolean => {
    if (from === to) return false;
    changes.push({ path, from, to, why });
    return true;
  };

  if (detect.os.known && detect.os.value.family !== 'other') {
    const { family, prettyName } = detect.os.value;
    if (change('router.distro', router.distro, family, `/etc/os-release says ${prettyName}`))
      router.distro = family;
  }
  if (detect.networkSystem.known) {
    const { system, evidence } = detect.networkSystem.value;
    if (change('router.networkSystem', router.networkSystem, system, evidence)) router.networkSystem = system;
  }
  if (detect.firewallBackend.known) {
    const backend = detect.firewallBackend.value;
    const why = `iptables -V reports the ${backend === 'iptables-nft' ? 'nf_tables' : 'legacy'} backend`;
    if (change('router.firewallBackend', router.firewallBackend, backend, why))
      router.firewallBackend = backend;
  }
  const { wan, lan } = detect.guess;
  if (wan.known) {
    if (change('router.wanInterface', router.wanInterface, wan.value.name, wan.value.why))
      router.wanInterface = wan.value.name;
    const v4 = wan.value.ipv4;
    if (
      v4 !== undefined &&
      change('tunnel.localIpv4', tunnel.localIpv4, v4, `the address of ${wan.value.name}`)
    ) {
      tunnel.localIpv4 = v4;
    }
  }
  // The person's LAN choice stands when it is one of the interfaces that could be the LAN: the guess
  // only breaks a tie by name, and a box with a management NIC has more than one candidate.
  const lanChoiceFits = lan.known && lan.value.candidates.includes(router.lanInterface);
  if (
    lan.known &&
    !lanChoiceFits &&
    change('router.lanInterface', router.lanInterface, lan.value.name, lan.value.why)
  ) {
    router.lanInterface = lan.value.name;
  }
  if (router.networkSystem === 'systemd-networkd') {
    const { wan: wanFile, lan: lanFile } = detect.networkFiles;
    if (
      wanFile !== undefined &&
      change('router.wanNetworkFile', router.wanNetworkFile, wanFile, `it configures ${router.wanInterface}`)
    ) {
      router.wanNetworkFile = wanFile;
    }
    if (
      lanFile !== undefined &&
      change('router.lanNetworkFile', router.lanNetworkFile, lanFile, `it configures ${router.lanInterface}`)
    ) {
      router.lanNetworkFile = lanFile;
    }
  }
  if (router.networkSystem === 'ifupdown' && detect.ifupdown?.known === true) {
    // The person's files without v6wizard's own: a LAN nothing raises at boot gets v6wizard's
    // allow-hotplug line; one the person declares but keeps from the boot is left to the plan to refuse.
    const config = parseIfupdown(detect.ifupdown.value, INTERFACES_ROOT, [IFUPDOWN_FILE]);
    const state = bootRaise(config, router.lanInterface);
    const want = state.kind === 'absent' ? true : state.kind === 'raised' ? false : undefined;
    const why =
      state.kind === 'absent'
        ? `no auto or allow-hotplug line in ${config.read.join(', ')} raises ${router.lanInterface} at boot`
        : `your own configuration raises ${router.lanInterface} at boot`;
    if (
      config.read.length > 0 &&
      want !== undefined &&
      change('router.raiseLanAtBoot', String(router.raiseLanAtBoot ?? false), String(want), why)
    ) {
      router.raiseLanAtBoot = want;
    }
  }
  return { profile: { ...profile, router, tunnel }, changes };
}
