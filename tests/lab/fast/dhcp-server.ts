import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../../shared/profile/types';
import { assertNever } from '../../../shared/util/assert-never';
import type { Mount } from './processes';

/** How one DHCPv6 server runs in the lab: argv and the private mounts that keep its state in the lab. */
export interface ServerRun {
  name: string;
  argv: string[];
  mounts: Mount[];
}

/**
 * A lab folder at a server's state path. The path may not exist on the host (/var/lib/kea exists
 * only once Kea's service ran), and creating it there would touch the host, so /var/lib itself is a
 * fresh tmpfs for the server — it needs nothing else from there — and the folder is made inside it.
 */
function stateAt(path: string, dir: string): Mount[] {
  return [{ tmpfs: '/var/lib' }, { mkdir: path }, { bind: dir, over: path }];
}

/**
 * The chosen DHCPv6 server, started the way its service unit would start it but without systemd
 * (the namespace has none), in the foreground, with the exported configuration file. Leases, pid
 * files and DUID files go to the lab's folder `dir` — by flags where the server has them, otherwise
 * by mounting a lab folder over the server's default path in its private mount namespace — so the
 * host's /var/lib and /run are never written. A fresh tmpfs on /run in every case.
 */
export function dhcpServerRun(profile: Profile, files: string, dir: string, lan: string): ServerRun {
  const server = profile.dhcpv6.server;
  switch (server) {
    case 'kea':
      return {
        name: 'kea-dhcp6',
        // The exported config keeps its lease file at Debian's /var/lib/kea path; a lab folder is mounted there.
        argv: [
          'env',
          `KEA_PIDFILE_DIR=${dir}`,
          `KEA_LOCKFILE_DIR=${dir}`,
          'kea-dhcp6',
          '-c',
          join(files, 'etc/kea/kea-dhcp6.conf'),
        ],
        mounts: [{ tmpfs: '/run' }, ...stateAt('/var/lib/kea', dir)],
      };
    case 'isc-dhcpd': {
      const leases = join(dir, 'dhcpd6.leases');
      // dhcpd -6 refuses to start without an existing lease file (the unit's ExecStartPre does the same).
      writeFileSync(leases, '');
      return {
        name: 'dhcpd -6',
        argv: [
          'dhcpd',
          '-6',
          '-f',
          '-cf',
          join(files, 'etc/dhcp/dhcpd6.conf'),
          '-lf',
          leases,
          '-pf',
          join(dir, 'dhcpd6.pid'),
          lan,
        ],
        mounts: [{ tmpfs: '/run' }],
      };
    }
    case 'dnsmasq':
      return {
        name: 'dnsmasq',
        argv: [
          'dnsmasq',
          '--keep-in-foreground',
          '--log-facility=-',
          `--conf-file=${join(files, 'etc/dnsmasq.d/v6wizard-dhcpv6.conf')}`,
          `--pid-file=${join(dir, 'dnsmasq.pid')}`,
          `--dhcp-leasefile=${join(dir, 'dnsmasq.leases')}`,
        ],
        mounts: [{ tmpfs: '/run' }],
      };
    case 'wide-dhcp6s':
      return {
        name: 'dhcp6s',
        // dhcp6s keeps its DUID in /var/lib/dhcpv6; -f stays in the foreground, -P puts the pid file in the lab.
        argv: [
          'dhcp6s',
          '-f',
          '-D',
          '-c',
          join(files, 'etc/wide-dhcpv6/dhcp6s.conf'),
          '-P',
          join(dir, 'dhcp6s.pid'),
          lan,
        ],
        mounts: [{ tmpfs: '/run' }, ...stateAt('/var/lib/dhcpv6', dir)],
      };
    default:
      return assertNever(server);
  }
}
