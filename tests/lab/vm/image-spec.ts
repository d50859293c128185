/**
 * The Debian releases the lab builds routers of: trixie (Debian 13, the stable release, and what
 * Raspberry Pi OS follows) and bookworm (Debian 12, oldstable). Both come from one spec; the first is
 * the default everywhere a release is not named.
 */
export const LAB_RELEASES = ['trixie', 'bookworm'] as const;
export type LabRelease = (typeof LAB_RELEASES)[number];
export const DEFAULT_RELEASE: LabRelease = 'trixie';

/** Debian's version number of each release, as a router's /etc/os-release says it. */
export const RELEASE_VERSION: Record<LabRelease, string> = { trixie: '13', bookworm: '12' };

/** `trixie` or `bookworm` from a command line or an environment variable; anything else is refused by name. */
export function parseRelease(text: string): LabRelease {
  const found = LAB_RELEASES.find((r) => r === text);
  if (found === undefined)
    throw new Error(`unknown Debian release "${text}": use one of ${LAB_RELEASES.join(', ')}`);
  return found;
}

/** The image spec for one release: the common spec below with that release as debootstrap's suite. */
export function imageSpec(release: LabRelease): ImageSpec {
  return { ...COMMON_SPEC, suite: release };
}

export type ImageSpec = typeof COMMON_SPEC & { suite: LabRelease };

/**
 * What goes into the router VM image. Every value here is a build input: the image cache is keyed by
 * a hash of this object (plus the guest files and the build script), so changing it rebuilds.
 */
const COMMON_SPEC = {
  mirror: 'http://deb.debian.org/debian',
  variant: 'minbase',
  /**
   * A router as people run it: systemd, the four network systems v6wizard renders for, every DHCPv6
   * server, radvd, iptables; the LAN PC's tools (dhclient, rdisc6, ping, nc); nginx-light as the
   * service that must wait for DAD; Debian's kernel, which has sit (6in4) as a module.
   */
  packages: [
    'systemd',
    'systemd-sysv',
    // networkctl, netplan apply and systemctl talk to their daemons over D-Bus, as on any installed Debian.
    'dbus',
    'udev',
    'kmod',
    'procps',
    'openssh-server',
    // Routers managed by a non-root user: the apply tests log in as one and use sudo.
    'sudo',
    'iproute2',
    'ifupdown',
    'netplan.io',
    'radvd',
    'kea-dhcp6-server',
    'isc-dhcp-server',
    'dnsmasq',
    'wide-dhcpv6-server',
    'iptables',
    // Debian 13's firewall: v6wizard's nftables backend loads its own table with nft.
    'nftables',
    // Installed but off; the personalities switch them on (ufw enabled, resolved's stub on :53).
    'ufw',
    'systemd-resolved',
    'ndisc6',
    'isc-dhcp-client',
    'iputils-ping',
    'netcat-openbsd',
    'nginx-light',
    'initramfs-tools',
    'linux-image-amd64',
  ],
  /**
   * Units switched off in the image. The daemons are installed but stopped, as on a router before
   * v6wizard: install.sh enables what the profile uses. The network systems are off too: the self-test
   * enables the one the example uses. Timers are off so nothing runs apt or fstrim during a test.
   */
  disabledUnits: [
    'radvd.service',
    'kea-dhcp6-server.service',
    'isc-dhcp-server.service',
    'dnsmasq.service',
    'wide-dhcpv6-server.service',
    'nginx.service',
    'systemd-resolved.service',
    'nftables.service',
    'networking.service',
    'systemd-networkd.service',
    'e2scrub_reap.service',
    'getty@tty1.service',
    'apt-daily.timer',
    'apt-daily-upgrade.timer',
    'dpkg-db-backup.timer',
    'e2scrub_all.timer',
    'fstrim.timer',
  ],
  /** The lab's own units (from guest/), enabled in the image. */
  enabledUnits: ['v6lab-mgmt.service', 'v6lab-net.service', 'v6lab-internet.service'],
  /**
   * The initramfs only needs to find the root disk; Debian's default (MODULES=most) makes a 36 MB
   * initrd that costs seconds to unpack under TCG on every boot, this list one of about 6 MB.
   */
  initramfsModules: ['virtio_pci', 'virtio_blk', 'ext4'],
  /** Size of the ext4 root (a sparse file; the installed system takes about 1 GB). */
  rootSizeMb: 2048,
} as const;

/** The kernel command line: root on the virtio disk, console on the serial port that qemu logs. */
export const KERNEL_CMDLINE = [
  'root=/dev/vda',
  'rw',
  'console=ttyS0',
  // eth0 for the management NIC whatever PCI slot qemu gives it; wan0/lan0 are named by the lab.
  'net.ifnames=0',
  'systemd.show_status=auto',
  // The BIOS disk probe is of no use with -kernel and costs time under TCG.
  'edd=off',
  // systemd 257's ssh generator looks for a VSOCK on every daemon-reload and logs a failure each time.
  'systemd.ssh_auto=no',
  'loglevel=4',
].join(' ');
