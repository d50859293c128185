import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Profile } from '../../../shared/profile/types';
import type { CheckResult, Exec } from '../types';
import { baseNetwork } from './base-network';
import { LAB, labEnv } from './lab-net';
import { personality, type BaseNetworkOptions, type PersonalityName } from './personalities';
import { REPO } from './paths';
import { tail } from './run';
import type { Vm } from './vm';
import {
  describeSamples,
  FAIL_CLOSED_SAMPLE_SH,
  openMoments,
  sampleFailClosed,
  type FailClosedSample,
} from './fail-closed';

/** Where the export is copied to inside the VM, and where the pc's dhclient script goes. */
export const REMOTE_EXPORT = '/root/v6wizard-export';
export const REMOTE_DHCLIENT_SCRIPT = '/usr/local/lib/v6lab/dhclient-script';
/** The pc's DHCPv6 client files: its lease, its pid and the options the lab script recorded. */
export const PC_DHCLIENT = {
  leaseFile: '/run/v6lab-pc-dhclient6.leases',
  pidFile: '/run/v6lab-pc-dhclient6.pid',
  optionsFile: '/run/v6lab-pc-dhcp-options',
} as const;
/** The lab's dhclient script, shared with the fast lab: it records the options a stateless answer brings. */
const DHCLIENT_SCRIPT = join(REPO, 'tests/lab/fast/dhclient-script.sh');

/** A command in one of the VM's namespaces: `ip netns exec NS argv…`, still one argv. */
export function inNamespace(vm: Vm, ns: 'pc' | 'isp'): Exec {
  return (argv, options) => vm.exec(['ip', 'netns', 'exec', ns, ...argv], options);
}

async function must(vm: Vm, argv: string[]): Promise<void> {
  const r = await vm.exec(argv, { timeoutMs: 120_000 });
  if (r.code !== 0)
    throw new Error(`${argv.join(' ')} failed in the VM (exit ${r.code}):\n${tail(r.stdout + r.stderr, 15)}`);
}

/**
 * Make the freshly booted VM the example's router before v6wizard: the lab's isp side for this
 * profile's tunnel (v6lab-net re-run with the env file), then the person's own network configuration
 * in the example's network system, switched on with that system's own commands, then the router's
 * personalities (other tools on it, another login), each set up to come back at every boot.
 */
export async function prepareRouter(
  vm: Vm,
  profile: Profile,
  personalities: readonly PersonalityName[] = [],
): Promise<void> {
  const traits = personalities.map(personality);
  const env = Object.assign({}, ...traits.map((t) => t.labEnv ?? {})) as Record<string, string>;
  await vm.writeFile(LAB.envFile, labEnv(profile, env));
  // Restarting v6lab-net rebuilds the namespaces with the tunnel's far end; PartOf= restarts the
  // internet listener with it, inside the new isp namespace.
  await must(vm, ['systemctl', 'restart', 'v6lab-net.service']);
  await must(vm, ['systemctl', 'is-active', '--quiet', 'v6lab-internet.service']);
  const options: BaseNetworkOptions = Object.assign(
    {},
    ...traits.map((t) => t.base ?? {}),
  ) as BaseNetworkOptions;
  const base = baseNetwork(profile, options);
  for (const f of base.files) await vm.writeFile(f.path, f.content, f.mode);
  for (const argv of base.commands) await must(vm, argv);
  for (const t of traits) await t.setup?.(vm);
  await vm.writeFile(REMOTE_DHCLIENT_SCRIPT, readFileSync(DHCLIENT_SCRIPT, 'utf8'), '0755');
  await listenOnManagementPort(vm, profile.router.management.sshPort);
}

/**
 * A profile that manages the router on another SSH port (e.g. 2222) expects sshd to listen there, as it
 * would on the person's router; the lab's own access stays on 22. Restarting sshd keeps open sessions.
 */
async function listenOnManagementPort(vm: Vm, port: number): Promise<void> {
  if (port === 22) return;
  await vm.writeFile(
    '/etc/ssh/sshd_config.d/60-v6lab-management-port.conf',
    `Port 22\nPort ${port}\n`,
    '0644',
  );
  await must(vm, ['sshd', '-t']);
  await must(vm, ['systemctl', 'restart', 'ssh.service']);
}

/**
 * The pc forgets what a router taught it, as a PC unplugged and plugged in again would: its DHCPv6
 * client stops and its lease goes, its global addresses and the routes learned from RAs are flushed.
 * Without this, a second router setup on the same VM would be judged by the first one's leftovers
 * (a SLAAC address keeps its lifetime after radvd stops).
 */
export async function forgetLan(vm: Vm): Promise<void> {
  const script =
    'if [ -s "$2" ]; then kill "$(cat "$2")" 2>/dev/null || true; fi; rm -f "$2" "$3" "$4"; ' +
    'ip -6 addr flush dev "$1" scope global && ip -6 route flush dev "$1" proto ra';
  const { leaseFile, pidFile, optionsFile } = PC_DHCLIENT;
  await must(vm, [
    'ip',
    'netns',
    'exec',
    'pc',
    'bash',
    '-c',
    script,
    'x',
    LAB.pcInterface,
    pidFile,
    leaseFile,
    optionsFile,
  ]);
}

/** Copy the export into the VM and run its install.sh the plain way; PASS when it exits 0. */
export async function installExport(vm: Vm, exportDir: string, env: string[] = []): Promise<CheckResult> {
  await vm.copyDir(exportDir, REMOTE_EXPORT);
  const r = await vm.exec(['env', ...env, `${REMOTE_EXPORT}/install.sh`], { timeoutMs: 300_000 });
  const output = `${r.stdout}${r.stderr}`;
  return {
    name: 'install.sh ran on the router',
    pass: r.code === 0,
    saw: r.code === 0 ? tail(output, 1) : `exit ${r.code}:\n${tail(output, 25)}`,
  };
}

const SAMPLER = '/run/v6wizard-test-sampler.sh';
const SAMPLES = '/run/v6wizard-test-samples';

/**
 * Read by bash through BASH_ENV (test only; install.sh knows nothing of it): in install.sh, and in no
 * other script, sample the fail-closed property before each stage is switched on (its `switch_stage`
 * calls), so every stage's end state is seen; the sample after install.sh sees the last one. (Before
 * every switching command was 20 samples a row instead of 7, about 10 s a row of `npm test`, and
 * showed nothing the stage ends did not.) Each sample is a fresh bash (no recursion into the trap)
 * appending `STAGE<TAB>FORWARDING FILTERED`.
 */
const SAMPLER_SH = `if [[ $0 == */install.sh ]]; then
  # switch_stage runs inside a function: the trap must reach into functions.
  set -o functrace
  __v6w_last=''
  __v6w_debug() {
    # bash calls the trap twice for one function call under functrace: sample once.
    [[ $__v6w_last == "$BASH_COMMAND" ]] && return 0
    __v6w_last=$BASH_COMMAND
    case $BASH_COMMAND in
      'switch_stage '*)
        printf 'before stage %s\\t' "\${STAGE:-?}" >>${SAMPLES}
        bash ${SAMPLER}.sample >>${SAMPLES}
        ;;
    esac
  }
  trap __v6w_debug DEBUG
fi
`;

/**
 * install.sh, with the fail-closed property sampled before each stage is switched on and once
 * after it ended: the install's own check, then "forwarding never on without the filter".
 */
export async function installExportSampled(vm: Vm, exportDir: string): Promise<CheckResult[]> {
  const baseline = await sampleFailClosed(vm, 'before install.sh');
  await vm.writeFile(SAMPLER, SAMPLER_SH);
  await vm.writeFile(`${SAMPLER}.sample`, FAIL_CLOSED_SAMPLE_SH);
  await vm.exec(['rm', '-f', SAMPLES]);
  const install = await installExport(vm, exportDir, [`BASH_ENV=${SAMPLER}`]);
  const lines = (await vm.exec(['cat', SAMPLES])).stdout.split('\n').filter((l) => l !== '');
  const samples: FailClosedSample[] = lines.map((l) => {
    const [at = '', state = ''] = l.split('\t');
    const [forwarding = '?', fw = 'no'] = state.trim().split(' ');
    return { at, forwarding, filtered: fw === 'yes' };
  });
  samples.push(await sampleFailClosed(vm, 'after install.sh'));
  const name =
    'install.sh: fail closed before every stage and after the last (forwarding never on without the filter)';
  if (baseline.forwarding !== '0' && !baseline.filtered)
    return [
      install,
      { name, pass: true, saw: 'not judged: the router already forwarded IPv6 unfiltered before install.sh' },
    ];
  const pass =
    install.pass &&
    samples.length > 2 &&
    openMoments(samples).length === 0 &&
    samples.at(-1)?.forwarding === '1';
  return [
    install,
    {
      name,
      pass,
      saw: `${describeSamples(samples)}; after install.sh forwarding=${samples.at(-1)?.forwarding ?? '?'}`,
    },
  ];
}

/** Arguments with quotes, expansions, separators and a newline: each must arrive in the VM as one unchanged word. */
const AWKWARD_ARGS = ['two words', "it's", '$(id)', '`id`', 'a;b', '*', 'line\nbreak', ''];

/** Exec's quoting, proved end to end: printf in the VM prints each argument back NUL-separated. */
export async function checkExecQuoting(vm: Vm): Promise<CheckResult> {
  const r = await vm.exec(['printf', '%s\\0', ...AWKWARD_ARGS]);
  const got = r.stdout.split('\0').slice(0, -1);
  const pass = r.code === 0 && JSON.stringify(got) === JSON.stringify(AWKWARD_ARGS);
  return {
    name: 'commands reach the VM over ssh as exact argv',
    pass,
    saw: pass
      ? `${AWKWARD_ARGS.length} awkward arguments round-tripped`
      : `got ${JSON.stringify(got)} (exit ${r.code})`,
  };
}
