import type { Profile } from '../../../shared/profile/types';
import type { CheckResult } from '../types';
import { LAB } from './lab-address';
import { tail } from './run';
import type { Vm } from './vm';

/**
 * Router personalities: each a small, named change on top of a clean lab image that makes the router
 * look like one people actually run. A personality is applied on a booted test VM after the lab's own
 * plumbing and before the person's network; everything it sets up is also set up again at every boot
 * (a unit or a config file), because the matrix reboots every row and other tools' state must come
 * back as it would on the person's box.
 */
export const PERSONALITIES = [
  'pi-nopasswd',
  'netplan-bridge',
  'docker',
  'ufw',
  'resolved',
  'nat',
  'lan-unmanaged',
] as const;
export type PersonalityName = (typeof PERSONALITIES)[number];

/** How the base network differs from the lab's plain one (see base-network.ts). */
export interface BaseNetworkOptions {
  /** The LAN is a bridge of this name with lan0 as its member port (netplan-bridge). */
  lanBridge?: string;
  /** No stanza of the person's raises the LAN; another tool creates and raises it (lan-unmanaged). */
  lanUnmanaged?: boolean;
  /** The WAN's IPv4 sits behind a NAT: this address on wan0, that gateway (nat). */
  wanNat?: { address: string; gateway: string };
}

/** How the apply logs in: as root with the lab's key, or as the personality's own user. */
export interface Login {
  user: string;
  password: string;
}

export interface Personality {
  name: PersonalityName;
  /** One line for the matrix table and the test names. */
  what: string;
  /** The network systems it makes sense on (undefined: any). */
  networkSystems?: readonly Profile['router']['networkSystem'][];
  /** The profile as the person would fill it on such a router. */
  adjust?(profile: Profile): void;
  base?: BaseNetworkOptions;
  /** Extra KEY=value lines for v6lab-net's env file (the isp side). */
  labEnv?: Record<string, string>;
  /** Set it up on the VM (persistently); runs after the person's base network is up. */
  setup?(vm: Vm): Promise<void>;
  login?: Login;
  /** What must hold on the router before the apply, after it, after a reboot and after rollback. */
  invariants?(vm: Vm): Promise<CheckResult[]>;
  /** Text compared byte for byte before the apply and after the rollback (other tools' state). */
  foreignState?(vm: Vm): Promise<string>;
}

async function must(vm: Vm, argv: string[], stdin?: string): Promise<string> {
  const r = await vm.exec(argv, { timeoutMs: 120_000, ...(stdin !== undefined ? { stdin } : {}) });
  if (r.code !== 0)
    throw new Error(`${argv.join(' ')} failed in the VM (exit ${r.code}):\n${tail(r.stdout + r.stderr, 15)}`);
  return r.stdout;
}

/** A unit that runs a script at every boot, written and enabled (and started now). */
async function bootUnit(
  vm: Vm,
  name: string,
  description: string,
  script: string,
  order: { after: string; before?: string; wantedBy?: string },
): Promise<void> {
  await vm.writeFile(`/usr/local/sbin/${name}`, script, '0755');
  await vm.writeFile(
    `/etc/systemd/system/${name}.service`,
    [
      '# A personality of the v6wizard lab: another tool on the router.',
      '[Unit]',
      `Description=${description}`,
      `After=${order.after}`,
      ...(order.before !== undefined ? [`Before=${order.before}`] : []),
      '',
      '[Service]',
      'Type=oneshot',
      'RemainAfterExit=yes',
      `ExecStart=/usr/local/sbin/${name}`,
      '',
      '[Install]',
      `WantedBy=${order.wantedBy ?? 'multi-user.target'}`,
      '',
    ].join('\n'),
  );
  await must(vm, ['systemctl', 'daemon-reload']);
  await must(vm, ['systemctl', 'enable', '--now', `${name}.service`]);
}

/**
 * Every rule of every table, both families, and the nft ruleset, with packet counters removed. nft
 * lists tables and the chains in a table in the order they were created, which a reboot changes
 * (v6wizard's firewall loads before the network, Docker's and ufw's after it, and iptables-nft creates
 * a built-in chain when the first rule needs it) without changing a rule; iptables-save's view, which
 * is what Docker and ufw read and write, is compared as it is, and nft's tables and chains sorted.
 */
export async function firewallState(vm: Vm): Promise<string> {
  const text = await must(vm, [
    'bash',
    '-c',
    [
      'for t in iptables-save ip6tables-save; do echo "== $t"; $t | grep -v "^#" | sed -E "s/\\[[0-9]+:[0-9]+\\]//"; done',
      'echo "== nft"; nft list ruleset | sed -E "s/counter packets [0-9]+ bytes [0-9]+/counter/"',
    ].join('; '),
  ]);
  const at = text.indexOf('== nft\n');
  return `${text.slice(0, at)}== nft\n${sortedTables(text.slice(at + '== nft\n'.length))}`;
}

/** `nft list ruleset` with its tables in name order, and the chains (and sets) of each in name order. */
export function sortedTables(ruleset: string): string {
  return ruleset
    .split(/^(?=table )/m)
    .filter((t) => t.trim() !== '')
    .map(sortedBlocks)
    .sort((a, b) => a.localeCompare(b))
    .join('');
}

/** One `table … { … }` with the blocks inside (`\tchain NAME {` … `\t}`) sorted, as nft spaces them. */
function sortedBlocks(table: string): string {
  const lines = table.trimEnd().split('\n');
  const head = lines[0] ?? '';
  const blocks: string[][] = [];
  for (const line of lines.slice(1, -1)) {
    if (/^\t\S/.test(line) && !line.startsWith('\t}')) blocks.push([line]);
    else if (line.trim() !== '') blocks.at(-1)?.push(line);
  }
  const sorted = blocks.map((b) => b.join('\n')).sort((a, b) => a.localeCompare(b));
  return `${head}\n${sorted.join('\n\n')}\n}\n`;
}

/**
 * Docker's chains as Docker 28 makes them (iptables-nft, IPv4 and IPv6 filter, IPv4 nat), a docker0
 * bridge and one "container" (a namespace on docker0) that reaches the isp side through Docker's
 * MASQUERADE: the rules are present and in use. Docker sets the FORWARD policies to DROP.
 */
const DOCKER_SCRIPT = `#!/bin/bash
# Docker's network state as dockerd sets it at start (lab stand-in: no Docker engine in the lab image).
set -euo pipefail
ip link show docker0 >/dev/null 2>&1 || ip link add docker0 type bridge
ip addr replace 172.17.0.1/16 dev docker0
ip link set docker0 up
if ! ip netns list | grep -qx 'ctr.*'; then
  ip netns add ctr
  ip link add veth-ctr type veth peer name eth0 netns ctr
  ip link set veth-ctr master docker0 up
  ip -n ctr addr add 172.17.0.2/16 dev eth0
  ip -n ctr link set eth0 up
  ip -n ctr link set lo up
  ip -n ctr route add default via 172.17.0.1
fi
sysctl -q -w net.ipv4.ip_forward=1
for fam in iptables ip6tables; do
  $fam -w -P FORWARD DROP
  for c in DOCKER DOCKER-BRIDGE DOCKER-CT DOCKER-FORWARD DOCKER-ISOLATION-STAGE-1 DOCKER-ISOLATION-STAGE-2 DOCKER-USER; do
    $fam -w -N "$c" 2>/dev/null || $fam -w -F "$c"
  done
  $fam -w -C FORWARD -j DOCKER-FORWARD 2>/dev/null || $fam -w -I FORWARD 1 -j DOCKER-FORWARD
  $fam -w -C FORWARD -j DOCKER-USER 2>/dev/null || $fam -w -I FORWARD 1 -j DOCKER-USER
  $fam -w -A DOCKER-FORWARD -j DOCKER-CT
  $fam -w -A DOCKER-FORWARD -j DOCKER-ISOLATION-STAGE-1
  $fam -w -A DOCKER-FORWARD -j DOCKER-BRIDGE
  $fam -w -A DOCKER-FORWARD -i docker0 -j ACCEPT
  $fam -w -A DOCKER-BRIDGE -o docker0 -j DOCKER
  $fam -w -A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
  $fam -w -A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
  $fam -w -A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
  $fam -w -A DOCKER ! -i docker0 -o docker0 -j DROP
done
iptables -w -t nat -N DOCKER 2>/dev/null || iptables -w -t nat -F DOCKER
iptables -w -t nat -C PREROUTING -m addrtype --dst-type LOCAL -j DOCKER 2>/dev/null || iptables -w -t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
iptables -w -t nat -C POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE 2>/dev/null || iptables -w -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
`;

const UFW_SCRIPT = [
  'set -e',
  // The person's rule: SSH stays reachable (ufw's own default otherwise denies every incoming port).
  'ufw allow 22/tcp',
  'ufw --force enable',
].join('\n');

/** A unit standing in for the tool that creates and raises the LAN (lan-unmanaged). */
const LAN_RAISE_SCRIPT = `#!/bin/sh
# Another tool owns the LAN interface: it raises it and gives it the home network's IPv4.
set -e
ip link set ${LAB.lanInterface} up
ip addr replace ${LAB.routerLanV4} dev ${LAB.lanInterface}
`;

/** What the nat personality's "home NAT router" uses: the router's private WAN and its gateway. */
export const NAT = {
  routerV4: '192.168.1.2',
  gateway: '192.168.1.1',
  length: 24,
  /** What the broker sees as the tunnel's far end. */
  publicV4: LAB.routerV4,
} as const;

const BY_NAME: Record<PersonalityName, Personality> = {
  'pi-nopasswd': {
    name: 'pi-nopasswd',
    what: 'a login user with a password and sudo NOPASSWD: ALL (Raspberry Pi OS), SSH password login',
    login: { user: 'pi', password: 'raspberry-lab-pw' },
    async setup(vm) {
      await must(vm, ['sh', '-c', 'id pi >/dev/null 2>&1 || useradd --create-home --shell /bin/bash pi']);
      await must(vm, ['chpasswd'], 'pi:raspberry-lab-pw\n');
      await vm.writeFile('/etc/sudoers.d/010_pi-nopasswd', 'pi ALL=(ALL) NOPASSWD: ALL\n', '0440');
      await must(vm, ['visudo', '-c']);
      await vm.writeFile(
        '/etc/ssh/sshd_config.d/50-pi-password.conf',
        '# Raspberry Pi OS lets its user log in with a password.\nMatch User pi\n    PasswordAuthentication yes\n',
      );
      await must(vm, ['sshd', '-t']);
      await must(vm, ['systemctl', 'reload-or-restart', 'ssh.service']);
    },
    async invariants(vm) {
      // sudo never asks this login for a password, so the password must never have been sent as data:
      // in no file the apply or install.sh wrote or backed up, and in no logged command line.
      const r = await vm.exec([
        'sh',
        '-c',
        'grep -rlF -- "$1" /etc /usr/local /var/backups /var/lib/v6wizard /root 2>/dev/null; journalctl --no-pager -o cat 2>/dev/null | grep -cF -- "$1"',
        'grep',
        'raspberry-lab-pw',
      ]);
      const [count = '?', ...files] = r.stdout.trim().split('\n').reverse();
      return [
        {
          name: 'pi-nopasswd: the login password is in no file on the router and in no logged command',
          pass: files.length === 0 && count === '0',
          saw:
            files.length === 0 && count === '0'
              ? 'not found'
              : `files: ${files.join(' ')}; journal lines: ${count}`,
        },
      ];
    },
  },
  'netplan-bridge': {
    name: 'netplan-bridge',
    what: "netplan owns the network; the LAN is a bridge br0 with member lan0, in the person's own file",
    networkSystems: ['netplan'],
    base: { lanBridge: 'br0' },
    adjust(profile) {
      profile.router.lanInterface = 'br0';
    },
  },
  docker: {
    name: 'docker',
    what: "Docker's iptables/ip6tables chains and NAT, a docker0 bridge and a container using them",
    async setup(vm) {
      await bootUnit(vm, 'v6lab-docker', 'Docker-like network state (lab personality)', DOCKER_SCRIPT, {
        after: 'network.target',
      });
    },
    async invariants(vm) {
      const r = await vm.exec(['ip', 'netns', 'exec', 'ctr', 'ping', '-c', '1', '-W', '3', LAB.ispV4]);
      return [
        {
          name: "docker: the container reaches the isp side through Docker's NAT",
          pass: r.code === 0,
          saw: r.code === 0 ? 'ping answered' : tail(r.stdout + r.stderr, 3),
        },
      ];
    },
    foreignState: firewallState,
  },
  ufw: {
    name: 'ufw',
    what: 'ufw enabled with its chains (default deny incoming and routed, SSH allowed)',
    async setup(vm) {
      await must(vm, ['bash', '-c', UFW_SCRIPT]);
    },
    async invariants(vm) {
      const r = await vm.exec(['ufw', 'status']);
      return [
        {
          name: 'ufw: still active',
          pass: r.code === 0 && /Status: active/.test(r.stdout),
          saw: tail(r.stdout + r.stderr, 2),
        },
      ];
    },
    foreignState: firewallState,
  },
  resolved: {
    name: 'resolved',
    what: "systemd-resolved with its stub listener on 127.0.0.53:53 (Ubuntu's and many Debian's default)",
    async setup(vm) {
      await must(vm, ['ln', '-sf', '../run/systemd/resolve/stub-resolv.conf', '/etc/resolv.conf']);
      await must(vm, ['systemctl', 'enable', '--now', 'systemd-resolved.service']);
    },
    async invariants(vm) {
      const r = await vm.exec(['ss', '-Hlnu', 'src', '127.0.0.53:53']);
      return [
        {
          name: 'resolved: its stub still listens on 127.0.0.53:53',
          pass: r.code === 0 && r.stdout.trim() !== '',
          saw: r.stdout.trim() || '(nothing listens)',
        },
      ];
    },
  },
  nat: {
    name: 'nat',
    what: 'the WAN IPv4 is private behind a home NAT router; the broker sees the public address',
    base: { wanNat: { address: `${NAT.routerV4}/${NAT.length}`, gateway: NAT.gateway } },
    labEnv: {
      LAB_ROUTER_V4: NAT.routerV4,
      LAB_NAT_GATEWAY_V4: NAT.gateway,
      LAB_NAT_PUBLIC_V4: NAT.publicV4,
    },
    adjust(profile) {
      profile.tunnel.localIpv4 = NAT.routerV4;
    },
  },
  'lan-unmanaged': {
    name: 'lan-unmanaged',
    what: 'ifupdown router whose LAN no stanza raises: another tool creates and raises it',
    networkSystems: ['ifupdown'],
    base: { lanUnmanaged: true },
    async setup(vm) {
      await bootUnit(
        vm,
        'v6lab-lan-raise',
        'Raises the LAN (another tool; lab personality)',
        LAN_RAISE_SCRIPT,
        {
          after: 'v6lab-net.service',
          before: 'network.target',
        },
      );
    },
  },
};

export function personality(name: PersonalityName): Personality {
  return BY_NAME[name];
}

/** A personality's name from a command line, refused by name when unknown. */
export function parsePersonality(text: string): PersonalityName {
  const found = PERSONALITIES.find((p) => p === text);
  if (found === undefined)
    throw new Error(`unknown router personality "${text}": use one of ${PERSONALITIES.join(', ')}`);
  return found;
}
