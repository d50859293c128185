/**
 * `npm run lab -- up | down | ssh [user] | status | selftest [--fast-only]`: the router lab for people.
 * The fast lab (network namespaces) lives in tests/lab/fast/; the VM lab in tests/lab/vm/, loaded at
 * run time (vm-bridge.ts) so this command works, and says so, when the VM part is missing.
 */
import { spawnSync } from 'node:child_process';
import { createFastLab } from './fast/lab';
import { latestManualLab, saveManualLab, type ManualLabInfo } from './fast/manual';
import { runFastSelftest } from './fast/selftest';
import { sshArgv } from './fast/sshd';
import { isSameProcess, labIds, readState } from './fast/state';
import { downAll, existingNamespaces, leftoverReason } from './fast/teardown';
import { callVm, vmOk } from './vm-bridge';

const USAGE = `usage: npm run lab -- COMMAND
  up                 start a fast lab (router, pc and isp namespaces; sshd in the router) and print how to reach it
  down               remove every lab started with up, leftovers of crashed tests, and the lab VM
  ssh [USER]         log in to the lab router (labkey by default; labpass and labsudo ask for their password)
  status             what is running: fast labs (namespaces, pids) and the VM
  selftest           the fast self-test for every example, then the VM self-test; non-zero exit on any FAIL
  selftest --fast-only   the fast self-test alone (says plainly that the VM part was not run)`;

function out(line: string): void {
  console.log(line);
}

function printReach(info: ManualLabInfo): void {
  const { ssh, ns } = info;
  const { key, password, sudo } = ssh.users;
  out(`fast lab ${info.id} is up (started in ${(info.startMs / 1000).toFixed(2)} s)`);
  out(`  namespaces: ${Object.values(ns).join(', ')}   (e.g. sudo ip netns exec ${ns.pc} bash)`);
  out(`  router host key: ${ssh.hostKeyFingerprint}`);
  out(`  key user:      ${sshArgv(ssh, key.name).join(' ')}`);
  out(
    `  password user: ${password.name} / ${password.password ?? ''}   ${sshArgv(ssh, password.name).join(' ')}`,
  );
  out(`  sudo user:     ${sudo.name} / ${sudo.password ?? ''}   (sudo asks for the same password)`);
  out(`  or simply:     npm run lab -- ssh [${key.name}|${password.name}|${sudo.name}]`);
  out('  remove it:     npm run lab -- down');
}

async function up(): Promise<number> {
  const lab = await createFastLab({ kind: 'manual' });
  if (lab.ssh === undefined) throw new Error('the lab started without sshd');
  const info: ManualLabInfo = { id: lab.id, ns: lab.ns, ssh: lab.ssh, startMs: lab.startMs };
  saveManualLab(info);
  printReach(info);
  return 0;
}

async function down(): Promise<number> {
  const ok = await downAll(out);
  const vm = await callVm('vmDown');
  out('value' in vm ? String(vm.value) : `vm lab: not available (${vm.missing})`);
  return ok ? 0 : 1;
}

function ssh(user: string | undefined): number {
  const info = latestManualLab();
  if (info === undefined) {
    console.error('no fast lab is up; start one with: npm run lab -- up');
    return 1;
  }
  const name = user ?? info.ssh.users.key.name;
  const users = [info.ssh.users.key, info.ssh.users.password, info.ssh.users.sudo];
  const known = users.find((u) => u.name === name);
  if (known === undefined) {
    console.error(`no lab user ${name}; the users are ${users.map((u) => u.name).join(', ')}`);
    return 2;
  }
  if (known.password !== undefined) console.error(`password for ${name}: ${known.password}`);
  const argv = sshArgv(info.ssh, name);
  // stdio inherited: this is the person's interactive session.
  return spawnSync(argv[0]!, argv.slice(1), { stdio: 'inherit' }).status ?? 1;
}

async function status(): Promise<number> {
  const ids = labIds();
  const present = existingNamespaces();
  if (ids.length === 0) out('fast lab: none');
  for (const id of ids) {
    const state = readState(id);
    const why = leftoverReason(id);
    out(
      `fast lab ${id}: ${state?.kind ?? 'unknown'}${state ? `, started ${state.createdAt}` : ''}${why !== undefined && state?.kind !== 'manual' ? ` — LEFTOVER (${why}); npm run lab -- down removes it` : ''}`,
    );
    for (const ns of state?.namespaces ?? [])
      out(`  namespace ${ns}: ${present.includes(ns) ? 'present' : 'missing'}`);
    for (const p of state?.processes ?? [])
      out(`  ${p.name}: pid ${p.pid} ${isSameProcess(p) ? 'running' : 'not running'}`);
  }
  const vm = await callVm('vmStatus');
  if ('missing' in vm) out(`vm lab: not available (${vm.missing})`);
  else {
    const v = vm.value as { lines?: unknown };
    const lines = Array.isArray(v.lines) ? v.lines.map(String) : [JSON.stringify(vm.value)];
    for (const line of lines) out(line);
  }
  return 0;
}

async function selftest(fastOnly: boolean): Promise<number> {
  const fast = await runFastSelftest(out);
  out(`fast self-test: ${fast.ok ? 'all checks passed' : 'FAILED'}`);
  if (fastOnly) {
    out(
      'NOT RUN  vm self-test: skipped because of --fast-only (the sit tunnel and the reboot check were not tested)',
    );
    return fast.ok ? 0 : 1;
  }
  const vm = await callVm('runVmSelftest', { log: out });
  if ('missing' in vm) {
    // Not silent and not a pass: the tunnel and reboot checks exist only in the VM.
    out(`FAIL  vm self-test: the VM lab is not available (${vm.missing})`);
    return 1;
  }
  const ok = vmOk(vm.value);
  if (ok === undefined) out('FAIL  vm self-test: runVmSelftest returned no result');
  return fast.ok && ok === true ? 0 : 1;
}

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case 'up':
      return up();
    case 'down':
      return down();
    case 'ssh':
      return ssh(rest[0]);
    case 'status':
      return status();
    case 'selftest':
      return selftest(rest.includes('--fast-only'));
    case undefined:
    default:
      console.error(USAGE);
      return command === undefined || command === '--help' || command === '-h' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  },
);
