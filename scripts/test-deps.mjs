#!/usr/bin/env node
// Makes sure the Debian packages the tests need are installed: the tests run the real daemons'
// parsers, shellcheck, systemd-analyze and netplan on every generated file, and a check whose tool is
// missing must fail, never pass silently. As root this installs what is missing (without starting
// any daemon); otherwise it prints the exact apt-get line and exits 1.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

/** program the tests run → the Debian package that provides it. */
export const NEEDED = [
  ['radvd', 'radvd'],
  ['kea-dhcp6', 'kea-dhcp6-server'],
  ['dhcpd', 'isc-dhcp-server'],
  ['dnsmasq', 'dnsmasq-base'],
  ['dhcp6s', 'wide-dhcpv6-server'],
  ['iptables-nft-restore', 'iptables'],
  ['ip6tables-nft-restore', 'iptables'],
  ['iptables-legacy-restore', 'iptables'],
  ['ip6tables-legacy-restore', 'iptables'],
  ['nft', 'nftables'],
  ['shellcheck', 'shellcheck'],
  ['systemd-analyze', 'systemd'],
  ['netplan', 'netplan.io'],
  ['ip', 'iproute2'],
  ['unshare', 'util-linux'],
  ['sysctl', 'procps'],
  // The firewall's namespace test pings through the rules, and sends raw protocol-41 and ICMPv6
  // packets (this kernel has no sit module) with Python's raw sockets.
  ['ping', 'iputils-ping'],
  ['python3', 'python3'],
  // The export archive tests unpack .zip files with the reference tool.
  ['unzip', 'unzip'],
  // The router lab: a real sshd with its own users, a LAN pc with a DHCPv6 client and rdisc6.
  ['sshd', 'openssh-server'],
  ['ssh', 'openssh-client'],
  ['ssh-keygen', 'openssh-client'],
  ['dhclient', 'isc-dhcp-client'],
  ['rdisc6', 'ndisc6'],
  ['sudo', 'sudo'],
  ['openssl', 'openssl'],
  ['ss', 'iproute2'],
  // ifupdown's own parser checks the boot path (install.sh, verify.sh, the interfaces parser's tests).
  ['ifquery', 'ifupdown'],
  // The wizard's end-to-end and CSP tests run in Debian's Chromium (never a downloaded browser).
  ['chromium', 'chromium'],
  // Plan's diff is compared with GNU diff.
  ['diff', 'diffutils'],
  // The router VM: a debootstrap'd Debian image booted with qemu (TCG).
  ['debootstrap', 'debootstrap'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['mke2fs', 'e2fsprogs'],
];

const POLICY = '/usr/sbin/policy-rc.d';

const has = (program) =>
  spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0;

function aptInstall(packages) {
  const run = (args) =>
    spawnSync('apt-get', args, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  // A policy-rc.d that answers 101 ("action forbidden") keeps the daemons from starting on install:
  // the tests only run their parsers, and a running radvd or dhcpd on a test machine would be wrong.
  const saved = existsSync(POLICY) ? readFileSync(POLICY) : undefined;
  const backup = `${POLICY}.v6wizard-saved`;
  if (saved !== undefined) renameSync(POLICY, backup);
  try {
    writeFileSync(POLICY, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
    // apt-get update only when the install fails without it: the package lists are usually fresh enough.
    return run(install) || (run(['update']) && run(install));
  } finally {
    rmSync(POLICY, { force: true });
    if (saved !== undefined) renameSync(backup, POLICY);
  }
}

export function ensureTestDeps() {
  const missing = NEEDED.filter(([program]) => !has(program));
  if (missing.length === 0) {
    console.log('test dependencies: all present');
    return true;
  }
  const packages = [...new Set(missing.map(([, pkg]) => pkg))];
  const line = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  console.log(`test dependencies missing: ${missing.map(([p]) => p).join(', ')}`);
  if (process.getuid?.() !== 0) {
    console.error(`Install them as root, then run the tests again:\n  sudo ${line}`);
    return false;
  }
  console.log(`installing (daemons are not started): ${line}`);
  if (!aptInstall(packages)) return false;
  const still = NEEDED.filter(([program]) => !has(program)).map(([p]) => p);
  if (still.length > 0) {
    console.error(`still missing after install: ${still.join(', ')}`);
    return false;
  }
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exit(ensureTestDeps() ? 0 : 1);
