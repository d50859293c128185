import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RemoteSession } from '../../electron/ssh/types';
import { shWords } from '../../shared/export/shell-quote';
import { run } from '../lab/vm/run';
import { sshArgv, sshOptions, type SshTarget } from '../lab/vm/ssh';
import type { Vm } from '../lab/vm/vm';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A RemoteSession for the lab VM whose transport a test can cut, like a dropped network. */
export interface VmSession extends RemoteSession {
  /** Kill this connection's ssh process now (the remote side sees the connection drop). */
  kill(): void;
}

export interface VmSessionOptions {
  /**
   * Reach the router's sshd the way a person on the LAN does: from inside the VM's `pc` namespace to
   * this router address on port 22 (an ssh ProxyCommand running nc there), so the router's IPv6
   * firewall judges the connection. Without it the session uses the management NIC (IPv4 through
   * qemu user networking), which no IPv6 rule can block.
   */
  viaPc?: string;
}

/** The ProxyCommand that carries ssh through the VM's pc namespace to ADDRESS port 22. */
function pcProxyCommand(base: SshTarget, address: string): string {
  // ssh expands %-tokens in ProxyCommand: a scoped address's "%pc0" must arrive as written.
  return shWords(sshArgv(base, ['ip', 'netns', 'exec', 'pc', 'nc', address, '22'])).replaceAll('%', '%%');
}

/**
 * One SSH connection to the lab VM as a RemoteSession: its own ControlMaster (one TCP connection and
 * one login), every exec a channel on it, stdin for data. Stands in for electron/ssh's node-ssh session
 * in the VM tests; the engine sees only the RemoteSession interface.
 */
export async function vmSession(vm: Vm, options: VmSessionOptions = {}): Promise<VmSession> {
  const dir = mkdtempSync(join(tmpdir(), 'v6w-apply-ssh-'));
  const controlPath = join(dir, 'ctl');
  const base: SshTarget = { port: vm.port, clientKey: vm.ssh.clientKey, knownHosts: vm.ssh.knownHosts };
  const master: ChildProcess = spawn(
    'ssh',
    [
      ...sshOptions(base),
      '-o',
      'ConnectTimeout=8',
      '-M',
      '-N',
      '-o',
      `ControlPath=${controlPath}`,
      '-o',
      'ControlPersist=no',
      ...(options.viaPc !== undefined ? ['-o', `ProxyCommand=${pcProxyCommand(base, options.viaPc)}`] : []),
      'root@127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  // Set by kill(): the master's exit is only seen a tick later, and until then an ssh client would find
  // no master and quietly open a connection of its own, which a test of a lost connection must not get.
  let cut = false;
  const dead = (): boolean => cut || master.exitCode !== null || master.signalCode !== null;
  for (let i = 0; i < 150 && !existsSync(controlPath) && !dead(); i++) await sleep(100);
  const close = async (): Promise<void> => {
    if (!dead()) {
      const gone = new Promise((r) => master.once('exit', r));
      master.kill('SIGTERM');
      await gone;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  if (!existsSync(controlPath)) {
    await close();
    throw new Error(
      `could not connect to the lab VM over ssh${options.viaPc !== undefined ? ` from the pc namespace to [${options.viaPc}]:22` : ''}`,
    );
  }
  const target: SshTarget = { ...base, controlPath };
  const exec: RemoteSession['exec'] = async (argv, options = {}) => {
    if (dead()) throw new Error('the ssh connection is closed');
    const r = await run(sshArgv(target, argv), {
      timeoutMs: options.timeoutMs ?? 120_000,
      ...(options.stdin !== undefined ? { input: options.stdin } : {}),
    });
    // ssh's own failure (255) with the master gone is a lost connection, not the command's exit.
    if (r.code === 255 && dead()) throw new Error(`the ssh connection dropped: ${r.stderr.trim()}`);
    return r;
  };
  return {
    target: { host: '127.0.0.1', port: vm.port, user: 'root' },
    hostKeyFingerprint: 'lab-pinned',
    exec,
    async writeFile(path, content, options) {
      const r = await exec(
        ['sh', '-c', 'cat >"$1" && chmod "$2" "$1"', 'sh', path, options.mode.toString(8)],
        { stdin: content },
      );
      if (r.code !== 0) throw new Error(r.stderr);
    },
    async readFile(path) {
      const r = await run(sshArgv(target, ['base64', '-w0', '--', path]), { timeoutMs: 30_000 });
      return r.code === 0 ? Buffer.from(r.stdout, 'base64') : undefined;
    },
    close,
    kill() {
      if (!dead()) master.kill('SIGKILL');
      cut = true;
    },
  };
}
