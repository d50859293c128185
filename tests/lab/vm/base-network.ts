import { assertNever } from '../../../shared/util/assert-never';
import type { Profile } from '../../../shared/profile/types';
import { LAB } from './lab-net';
import type { BaseNetworkOptions } from './personalities';

/** The router's own network configuration before v6wizard: files to write and commands that switch it on. */
export interface BaseNetwork {
  files: { path: string; content: string; mode: string }[];
  commands: string[][];
}

const HEADER = "The router's own network before v6wizard (written by the v6wizard lab).";

/**
 * What a person's router already has for wan0 and lan0 in the example's network system, so that
 * install.sh meets a realistic configuration: an /etc/network/interfaces, networkd .network files with
 * the names the profile gives, a netplan yaml, or a unit running plain ip commands. A personality may
 * change it: the WAN behind a NAT (a private address and a gateway), the LAN a bridge (netplan), or a
 * LAN that none of the person's stanzas raises (ifupdown).
 */
export function baseNetwork(profile: Profile, o: BaseNetworkOptions = {}): BaseNetwork {
  const system = profile.router.networkSystem;
  const wanV4 = o.wanNat?.address ?? `${LAB.routerV4}/${LAB.v4Length}`;
  const gateway = o.wanNat?.gateway;
  const wan = LAB.wanInterface;
  const lan = LAB.lanInterface;
  switch (system) {
    case 'ifupdown':
      return {
        files: [
          {
            path: '/etc/network/interfaces',
            mode: '0644',
            content: [
              `# ${HEADER}`,
              'source /etc/network/interfaces.d/*',
              '',
              'auto lo',
              'iface lo inet loopback',
              '',
              `auto ${wan}`,
              `iface ${wan} inet static`,
              `    address ${wanV4}`,
              ...(gateway !== undefined ? [`    gateway ${gateway}`] : []),
              '',
              ...(o.lanUnmanaged === true
                ? [`# ${lan} is created and raised by another tool, not by ifupdown.`]
                : [`auto ${lan}`, `iface ${lan} inet static`, `    address ${LAB.routerLanV4}`]),
              '',
            ].join('\n'),
          },
        ],
        commands: [
          ['systemctl', 'enable', 'networking.service'],
          ['systemctl', 'restart', 'networking.service'],
        ],
      };
    case 'systemd-networkd': {
      const file = (name: string | undefined, fallback: string): string =>
        `/etc/systemd/network/${name ?? fallback}`;
      const network = (iface: string, address: string, gw?: string): string =>
        `# ${HEADER}\n[Match]\nName=${iface}\n\n[Network]\nAddress=${address}\n${gw !== undefined ? `Gateway=${gw}\n` : ''}`;
      return {
        files: [
          {
            path: file(profile.router.wanNetworkFile, '10-wan.network'),
            mode: '0644',
            content: network(wan, wanV4, gateway),
          },
          {
            path: file(profile.router.lanNetworkFile, '20-lan.network'),
            mode: '0644',
            content: network(lan, LAB.routerLanV4),
          },
        ],
        commands: [
          ['systemctl', 'enable', 'systemd-networkd.service'],
          ['systemctl', 'restart', 'systemd-networkd.service'],
        ],
      };
    }
    case 'netplan': {
      const lanLines =
        o.lanBridge !== undefined
          ? [
              // The bridge's member port carries nothing of its own; the bridge has the LAN address.
              `    ${lan}: {}`,
              '  bridges:',
              `    ${o.lanBridge}:`,
              `      interfaces: [${lan}]`,
              `      addresses: [${LAB.routerLanV4}]`,
            ]
          : [`    ${lan}:`, `      addresses: [${LAB.routerLanV4}]`];
      return {
        files: [
          {
            path: '/etc/netplan/10-lab.yaml',
            // netplan warns about (and newer versions refuse) world-readable configuration.
            mode: '0600',
            content: [
              `# ${HEADER}`,
              'network:',
              '  version: 2',
              '  renderer: networkd',
              '  ethernets:',
              `    ${wan}:`,
              `      addresses: [${wanV4}]`,
              ...(gateway !== undefined
                ? ['      routes:', `        - to: default`, `          via: ${gateway}`]
                : []),
              ...lanLines,
              '',
            ].join('\n'),
          },
        ],
        commands: [
          ['systemctl', 'enable', 'systemd-networkd.service'],
          ['netplan', 'apply'],
        ],
      };
    }
    case 'iproute2':
      return {
        files: [
          {
            path: '/etc/systemd/system/v6lab-base-net.service',
            mode: '0644',
            content: [
              `# ${HEADER}`,
              '[Unit]',
              'Description=The router network on wan0 and lan0 (plain iproute2)',
              'After=v6lab-net.service network-pre.target',
              'Wants=network-pre.target network.target',
              'Before=network.target',
              '',
              '[Service]',
              'Type=oneshot',
              'RemainAfterExit=yes',
              `ExecStart=/usr/sbin/ip addr replace ${wanV4} dev ${wan}`,
              `ExecStart=/usr/sbin/ip link set ${wan} up`,
              ...(gateway !== undefined
                ? [`ExecStart=/usr/sbin/ip route replace default via ${gateway}`]
                : []),
              `ExecStart=/usr/sbin/ip addr replace ${LAB.routerLanV4} dev ${lan}`,
              `ExecStart=/usr/sbin/ip link set ${lan} up`,
              '',
              '[Install]',
              'WantedBy=multi-user.target',
              '',
            ].join('\n'),
          },
        ],
        commands: [
          ['systemctl', 'daemon-reload'],
          ['systemctl', 'enable', '--now', 'v6lab-base-net.service'],
        ],
      };
    default:
      return assertNever(system);
  }
}
