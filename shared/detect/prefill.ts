import { NETPLAN_TYPE_KEYS, type NetplanPort, type Profile } from '../profile/types';
import { proposeBackend } from './firewall-others';
import { netplanDevice, type NetplanDevice } from './netplan';
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
  const proposal = proposeBackend({
    os: detect.os.known ? detect.os.value : undefined,
    iptables: detect.firewallBackend.known ? detect.firewallBackend.value : undefined,
    others: detect.otherFirewall.known ? detect.otherFirewall.value : undefined,
  });
  if (proposal && change('router.firewallBackend', router.firewallBackend, proposal.backend, proposal.why))
    router.firewallBackend = proposal.backend;
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
  if (router.networkSystem === 'netplan' && detect.netplan?.known) {
    const found = detect.netplan.value;
    const wanDev = netplanDevice(found, router.wanInterface);
    const why = (d: NetplanDevice): string =>
      `${d.file} defines ${d.name} under ${NETPLAN_TYPE_KEYS[d.type]}`;
    if (wanDev && change('router.wanDeviceType', router.wanDeviceType, wanDev.type, why(wanDev)))
      router.wanDeviceType = wanDev.type;
    const lanDev = netplanDevice(found, router.lanInterface);
    if (lanDev && change('router.lanDeviceType', router.lanDeviceType, lanDev.type, why(lanDev)))
      router.lanDeviceType = lanDev.type;
    if (lanDev?.type === 'bridge') {
      const ports: NetplanPort[] = lanDev.ports.map((name) => ({
        name,
        deviceType: netplanDevice(found, name)?.type ?? 'ethernet',
      }));
      const text = (list: readonly NetplanPort[] | undefined): string | undefined =>
        list?.map((p) => `${p.name} (${p.deviceType})`).join(', ');
      if (
        change(
          'router.lanBridgePorts',
          text(router.lanBridgePorts),
          text(ports) ?? '',
          `the ports of ${lanDev.name} in ${lanDev.file}`,
        )
      )
        router.lanBridgePorts = ports;
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
