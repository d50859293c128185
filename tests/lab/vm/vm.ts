import { spawn, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Exec, ExecResult } from '../types';
import type { VmImage } from './build';
import { KERNEL_CMDLINE } from './image-spec';
import { RUN_DIR } from './paths';
import { run, tail } from './run';
import { sshArgv, sshOptions, type SshTarget } from './ssh';

/** A booted router VM. `stop()` must be called (in a finally); it is safe to call twice. */
export interface Vm {
  name: string;
  /** qemu's pid. */
  pid: number;
  port: number;
  consoleLog: string;
  /** Milliseconds from starting qemu until ssh answered. */
  bootMs: number;
  /** Run argv as root inside the VM (the router's root namespace). */
  exec: Exec;
  /** Copy a local folder's contents to a folder in the VM (tar over ssh's stdin). */
  copyDir(localDir: string, remoteDir: string): Promise<void>;
  /** Write a file in the VM with the given octal mode (e.g. "0644"). */
  writeFile(path: string, content: string, mode?: string): Promise<void>;
  /** Reboot the guest inside the same qemu (the -snapshot overlay survives); resolves with the ms until ssh answered again. */
  reboot(): Promise<number>;
  /**
   * Cut the power: a hard reset of the virtual machine (qemu's `system_reset`), with no shutdown, no
   * sync and no unit stopping, as when a person pulls the plug. What reached the virtual disk stays
   * (the -snapshot overlay lives in qemu, which keeps running); what was only in the guest's memory,
   * /run included, is gone. Resolves with the ms until ssh answered again, from a new boot.
   */
  powerCut(): Promise<number>;
  stop(): Promise<void>;
  ssh: SshTarget;
}

export interface BootOptions {
  name: string;
  log?: (line: string) => void;
  /** How long to wait for ssh after starting qemu (default 180 s; measured ~25 s on an idle 2-core machine). */
  bootTimeoutMs?: number;
  memoryMb?: number;
  smp?: number;
  /** Leave qemu running after this process exits (for `npm run lab -- up`); the caller records the pid. */
  detached?: boolean;
}

const DEFAULT_BOOT_TIMEOUT_MS = 180_000;
/**
 * How many times a boot whose guest kernel crashed is reset before the lab gives up. Measured
 * 2026-12-07: 3 crashes in 9 resets, and 2 first boots of 4 on one afternoon (about one in three); four
 * crashed boots in a row is then about one in a hundred.
 */
const GUEST_CRASH_RESETS = 3;

// ---- every qemu and ssh master this process started, so an exit or Ctrl-C never leaves one behind ----
const live = new Set<ChildProcess>();
let handlersInstalled = false;

function killAllNow(): void {
  for (const child of live) {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
      child.kill('SIGKILL');
  }
  live.clear();
}

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const handler = (): void => {
      killAllNow();
      process.removeListener(signal, handler);
      // Listening to a signal cancels its default action; raise it again so the process still stops.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

function track(child: ChildProcess): void {
  installHandlers();
  live.add(child);
  child.once('exit', () => live.delete(child));
}

/** Kill one child by its pid and wait until it is gone (SIGTERM, then SIGKILL after a grace period). */
async function killChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await gone;
  clearTimeout(timer);
}

/** A free TCP port on 127.0.0.1 (qemu binds it right after; a lost race makes qemu fail and we retry). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

/** qemu's argv: TCG (KVM hangs on these machines), -snapshot (every boot is a clean router), no way out. */
export function qemuArgv(
  image: VmImage,
  o: {
    name: string;
    port: number;
    consoleLog: string;
    monitor: string;
    memoryMb: number;
    smp: number;
  },
): string[] {
  return [
    'qemu-system-x86_64',
    '-name',
    `v6lab-${o.name}`,
    '-accel',
    // Multi-threaded TCG: the guest kernel sometimes crashes while booting (waitThroughCrashes resets
    // it); one host thread (thread=single) does not, but boots in 43 s instead of 25–36.
    'tcg',
    '-cpu',
    'max',
    '-smp',
    String(o.smp),
    '-m',
    String(o.memoryMb),
    // Writes go to a temporary overlay that qemu deletes when it exits; the image stays pristine.
    '-snapshot',
    '-nographic',
    '-no-user-config',
    '-nodefaults',
    // The human monitor on a unix socket only this process knows: the power-cut primitive sends
    // `system_reset` there. The socket is in the run folder, mode of root's umask.
    '-monitor',
    `unix:${o.monitor},server=on,wait=off`,
    '-serial',
    `file:${o.consoleLog}`,
    '-kernel',
    image.kernel,
    '-initrd',
    image.initrd,
    '-append',
    KERNEL_CMDLINE,
    '-drive',
    `file=${image.rootfs},format=raw,if=virtio`,
    // restrict=on: the guest cannot reach the host or beyond; only the forwarded ssh port comes in,
    // and it listens on the host's loopback only.
    '-netdev',
    `user,id=mgmt,restrict=on,hostfwd=tcp:127.0.0.1:${o.port}-:22`,
    // romfile= (none): the NIC's iPXE boot ROM only costs seconds under TCG; the kernel is given directly.
    '-device',
    'virtio-net-pci,netdev=mgmt,romfile=',
    '-device',
    'virtio-rng-pci',
  ];
}

function consoleTail(path: string): string {
  try {
    return tail(readFileSync(path, 'utf8'), 60);
  } catch {
    return '(no console output)';
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Thrown when the guest's kernel oopsed or panicked while booting (seen on its console). */
export class GuestKernelCrashed extends Error {}

/**
 * Whether the guest's kernel crashed in its current boot: an Oops or panic on the console after the
 * last firmware banner. Seen in about one boot in three of a 2-vCPU TCG guest (an int3 in
 * hrtimer_start_range_ns or sched_clock_cpu while the kernel patches its own text at boot): qemu's
 * emulation, not the router's software. One vCPU avoids it but runs the suite far slower (boot 60 s
 * instead of 36, a fixed workload 36 s instead of 21). A person's router that hangs at boot gets its power cut again, and so does the lab.
 */
function crashedThisBoot(consoleLog: string, from: number): boolean {
  let text = '';
  try {
    text = readFileSync(consoleLog, 'utf8').slice(from);
  } catch {
    return false;
  }
  const boot = text.lastIndexOf('SeaBIOS');
  // A soft lockup at boot is counted too: seen once when the host was busy (a matrix row beside a
  // vitest run), udevadm stuck for minutes and the boot never reached ssh.
  return /\bOops: |Kernel panic - not syncing|BUG: soft lockup/.test(boot < 0 ? text : text.slice(boot));
}

/** Poll ssh until `true` runs, qemu dies or the deadline passes. Returns the guest's boot id. */
async function waitForSsh(
  target: SshTarget,
  qemu: ChildProcess,
  deadline: number,
  consoleLog: string,
  notBootId?: string,
  consoleFrom = 0,
): Promise<string> {
  let last = '';
  while (performance.now() < deadline) {
    if (qemu.exitCode !== null || qemu.signalCode !== null) {
      throw new Error(
        `qemu exited (${qemu.exitCode ?? qemu.signalCode}) before ssh answered; console (${consoleLog}):\n${consoleTail(consoleLog)}`,
      );
    }
    if (crashedThisBoot(consoleLog, consoleFrom))
      throw new GuestKernelCrashed(
        `the guest kernel crashed while booting; console (${consoleLog}):\n${consoleTail(consoleLog)}`,
      );
    const r = await run(sshArgv(target, ['cat', '/proc/sys/kernel/random/boot_id']), {
      timeoutMs: 15_000,
    });
    const bootId = r.stdout.trim();
    if (r.code === 0 && bootId !== '' && bootId !== notBootId) return bootId;
    last = r.code === 0 ? `still the old boot ${bootId}` : r.stderr.trim();
    await sleep(500);
  }
  throw new Error(
    `ssh did not answer in time (last: ${last}); console (${consoleLog}):\n${consoleTail(consoleLog)}`,
  );
}

/** A ControlMaster we start ourselves (so we own its pid), which later ssh commands share. */
async function startMaster(target: SshTarget, controlPath: string): Promise<ChildProcess> {
  const master = spawn(
    'ssh',
    [
      ...sshOptions(target),
      '-M',
      '-N',
      '-o',
      `ControlPath=${controlPath}`,
      '-o',
      'ControlPersist=no',
      'root@127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  track(master);
  for (let i = 0; i < 100; i++) {
    if (master.exitCode !== null) break;
    if (existsSync(controlPath)) return master;
    await sleep(100);
  }
  await killChild(master);
  throw new Error('the ssh control connection to the VM did not come up');
}

/** Boot the image under qemu and wait until root can log in over ssh. */
export async function bootVm(image: VmImage, options: BootOptions): Promise<Vm> {
  const log = options.log ?? (() => undefined);
  mkdirSync(RUN_DIR, { recursive: true });
  const consoleLog = join(RUN_DIR, `${options.name}-console.log`);
  const qemuLog = join(RUN_DIR, `${options.name}-qemu.log`);
  const monitor = join(RUN_DIR, `${options.name}-monitor.sock`);
  const socketDir = mkdtempSync(join(tmpdir(), 'v6lab-ssh-'));
  const controlPath = join(socketDir, 'ctl');
  let qemu: ChildProcess | undefined;
  let master: ChildProcess | undefined;
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (master) await killChild(master);
    if (qemu && !options.detached) {
      await killChild(qemu);
      rmSync(monitor, { force: true });
    }
    rmSync(socketDir, { recursive: true, force: true });
  };

  try {
    const started = performance.now();
    let port = 0;
    for (let attempt = 0; ; attempt++) {
      port = await freePort();
      writeFileSync(consoleLog, '');
      const argv = qemuArgv(image, {
        name: options.name,
        port,
        consoleLog,
        monitor,
        memoryMb: options.memoryMb ?? 1024,
        smp: options.smp ?? 2,
      });
      // qemu's own messages go to a file: a pipe would keep a `lab up` process alive, and a closed one
      // could kill qemu with SIGPIPE.
      const errFd = openSync(qemuLog, 'w');
      const child = spawn(argv[0] ?? 'qemu-system-x86_64', argv.slice(1), {
        stdio: ['ignore', 'ignore', errFd],
        detached: options.detached === true,
      });
      closeSync(errFd);
      if (options.detached) child.unref();
      else track(child);
      qemu = child;
      await sleep(500);
      const stderr = child.exitCode === null ? '' : readFileSync(qemuLog, 'utf8');
      // A port taken between freePort() and qemu's bind makes qemu exit at once: try another.
      if (child.exitCode !== null && /hostfwd|host forwarding/i.test(stderr) && attempt < 3) continue;
      if (child.exitCode !== null) throw new Error(`qemu failed to start: ${stderr.trim()}`);
      break;
    }
    const pid = qemu.pid ?? 0;
    log(`vm ${options.name}: qemu pid ${pid}, ssh on 127.0.0.1:${port}, console ${consoleLog}`);
    const target: SshTarget = { port, clientKey: image.clientKey, knownHosts: image.knownHosts };
    /**
     * Wait for ssh from a new boot; when the guest kernel crashed while booting (qemu's multi-threaded
     * TCG, about one boot in five on this machine), say so loudly and reset it again, up to
     * GUEST_CRASH_RESETS times: the next boot must still end in a whole router.
     */
    const waitThroughCrashes = async (
      what: string,
      notBootId?: string,
      consoleFrom = 0,
      boots = 1,
    ): Promise<string> => {
      for (let resets = 0; ; resets++) {
        try {
          return await waitForSsh(
            target,
            qemu as ChildProcess,
            performance.now() + boots * (options.bootTimeoutMs ?? DEFAULT_BOOT_TIMEOUT_MS),
            consoleLog,
            notBootId,
            consoleFrom,
          );
        } catch (e) {
          if (!(e instanceof GuestKernelCrashed) || resets >= GUEST_CRASH_RESETS) throw e;
          log(
            `vm ${options.name}: the guest kernel crashed while booting ${what} (qemu TCG); resetting it (${resets + 1} of at most ${GUEST_CRASH_RESETS})`,
          );
          // Only what the console prints after this reset counts for the next boot.
          consoleFrom = statSync(consoleLog).size;
          await monitorCommand(monitor, 'system_reset');
        }
      }
    };
    let bootId = await waitThroughCrashes('the first time');
    const bootMs = performance.now() - started;
    log(`vm ${options.name}: ssh answered after ${(bootMs / 1000).toFixed(1)} s`);
    master = await startMaster(target, controlPath);
    const shared: SshTarget = { ...target, controlPath };

    const exec: Exec = async (argv, o = {}) => {
      const result: ExecResult = await run(sshArgv(shared, argv), {
        timeoutMs: o.timeoutMs ?? 120_000,
        ...(o.stdin === undefined ? {} : { input: o.stdin }),
      });
      return result;
    };

    const vm: Vm = {
      name: options.name,
      pid,
      port,
      consoleLog,
      bootMs,
      exec,
      ssh: shared,
      stop,
      async writeFile(path, content, mode = '0644') {
        // A fixed script; the path and mode arrive as positional parameters, never inside the script text.
        const r = await exec(
          [
            'sh',
            '-c',
            'mkdir -p -- "$(dirname -- "$1")" && cat >"$1" && chmod "$2" -- "$1"',
            'sh',
            path,
            mode,
          ],
          {
            stdin: content,
          },
        );
        if (r.code !== 0) throw new Error(`writing ${path} in the VM failed: ${r.stderr}`);
      },
      async copyDir(localDir, remoteDir) {
        const mk = await exec(['mkdir', '-p', '--', remoteDir]);
        if (mk.code !== 0) throw new Error(`mkdir ${remoteDir} in the VM failed: ${mk.stderr}`);
        await pipeTar(localDir, sshArgv(shared, ['tar', '-C', remoteDir, '-xf', '-']));
      },
      async reboot() {
        return restart('reboot', async () => {
          // The reboot is started in the background so this ssh returns before the connection drops.
          await run(sshArgv(target, ['systemd-run', '--on-active=1', 'systemctl', 'reboot']), {
            timeoutMs: 30_000,
          });
        });
      },
      async powerCut() {
        // Two boots' time: after a cut before the confirmation, the boot guard restores and reboots once.
        return restart('power cut', () => monitorCommand(monitor, 'system_reset'), 2);
      },
    };
    /** Take the guest down with `down`, then wait for ssh from a new boot and a new control connection. */
    const restart = async (what: string, down: () => Promise<void>, boots = 1): Promise<number> => {
      const t0 = performance.now();
      if (master) await killChild(master);
      master = undefined;
      const oldBootEnds = statSync(consoleLog).size;
      await down();
      bootId = await waitThroughCrashes(`after the ${what}`, bootId, oldBootEnds, boots);
      master = await startMaster(target, controlPath);
      const ms = performance.now() - t0;
      log(`vm ${options.name}: back after ${what} in ${(ms / 1000).toFixed(1)} s`);
      return ms;
    };
    return vm;
  } catch (error) {
    await stop();
    if (options.detached && qemu?.pid !== undefined) process.kill(qemu.pid, 'SIGKILL');
    throw error;
  }
}

/** Send one command to qemu's human monitor on its unix socket and wait until qemu has read it. */
function monitorCommand(socket: string, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const client = connect(socket);
    let seen = '';
    const timer = setTimeout(() => {
      client.destroy();
      reject(new Error(`qemu's monitor did not answer "${command}" in 10 s (${socket})`));
    }, 10_000);
    client.setEncoding('utf8');
    client.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`qemu's monitor at ${socket}: ${e.message}`));
    });
    client.on('data', (chunk: string) => {
      seen += chunk;
      // The monitor greets with a prompt; the command goes after it, and the next prompt means done.
      const prompts = seen.split('(qemu)').length - 1;
      if (prompts === 1 && !seen.includes(command)) client.write(`${command}\n`);
      if (prompts >= 2) {
        clearTimeout(timer);
        client.end();
        resolve();
      }
    });
  });
}

/** `tar -C dir -cf - .` piped into `remote` (an ssh argv); both must succeed. */
async function pipeTar(localDir: string, remote: string[]): Promise<void> {
  const tar = spawn('tar', ['-C', localDir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ssh = spawn(remote[0] ?? 'ssh', remote.slice(1), { stdio: ['pipe', 'ignore', 'pipe'] });
  let err = '';
  tar.stderr.on('data', (d: Buffer) => (err += d.toString()));
  ssh.stderr.on('data', (d: Buffer) => (err += d.toString()));
  tar.stdout.pipe(ssh.stdin);
  const codes = await Promise.all(
    [tar, ssh].map(
      (c) =>
        new Promise<number | null>((resolve) =>
          c.once('close', (code) => {
            resolve(code);
          }),
        ),
    ),
  );
  if (codes.some((c) => c !== 0))
    throw new Error(`copying ${localDir} into the VM failed (${codes.join(', ')}): ${err}`);
}
