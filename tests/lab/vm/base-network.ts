import { assertNever } from '../../../shared/util/assert-never';
import type { Profile } from '../../../shared/profile/types';
import { LAB } from './lab-net';

/** The router's own network configuration before v6wizard: files to write and commands that switch it on. */
export interface BaseNetwork {
  files: { path: string; content: string; mode: string }[];
  commands: string[][];
}

const WAN_V4 = `${LAB.routerV4}/${LAB.v4Length}`;
const HEADER = "The router's own network before v6wizard (written by the v6wizard lab).";

/**
 * What a person's router already has for wan0 and lan0 in the example's network system, so that
 * install.sh meets a realistic configuration: an /etc/network/interfaces, networkd .network files with
 * the names the profile gives, a netplan yaml, or a unit running plain ip commands.
 */
export function baseNetwork(profile: Profile): BaseNetwork {
  const system = profile.router.networkSystem;
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
              `auto ${LAB.wanInterface}`,
              `iface ${LAB.wanInterface} inet static`,
              `    address ${WAN_V4}`,
              '',
              `auto ${LAB.lanInterface}`,
              `iface ${LAB.lanInterface} inet static`,
              `    address ${LAB.routerLanV4}`,
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
      const network = (iface: string, address: string): string =>
        `# ${HEADER}\n[Match]\nName=${iface}\n\n[Network]\nAddress=${address}\n`;
      return {
        files: [
          {
            path: file(profile.router.wanNetworkFile, '10-wan.network'),
            mode: '0644',
            content: network(LAB.wanInterface, WAN_V4),
          },
          {
            path: file(profile.router.lanNetworkFile, '20-lan.network'),
            mode: '0644',
            content: network(LAB.lanInterface, LAB.routerLanV4),
          },
        ],
        commands: [
          ['systemctl', 'enable', 'systemd-networkd.service'],
          ['systemctl', 'restart', 'systemd-networkd.service'],
        ],
      };
    }
    case 'netplan':
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
              `    ${LAB.wanInterface}:`,
              `      addresses: [${WAN_V4}]`,
              `    ${LAB.lanInterface}:`,
              `      addresses: [${LAB.routerLanV4}]`,
              '',
            ].join('\n'),
          },
        ],
        commands: [
          ['systemctl', 'enable', 'systemd-networkd.service'],
          ['netplan', 'apply'],
        ],
      };
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
              `ExecStart=/usr/sbin/ip addr replace ${WAN_V4} dev ${LAB.wanInterface}`,
              `ExecStart=/usr/sbin/ip link set ${LAB.wanInterface} up`,
              `ExecStart=/usr/sbin/ip addr replace ${LAB.routerLanV4} dev ${LAB.lanInterface}`,
              `ExecStart=/usr/sbin/ip link set ${LAB.lanInterface} up`,
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
