import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import type { NodeSSH } from 'node-ssh';
import { remoteCommandLine } from './command-line';
import { SshError } from './errors';
import { hostLabel } from './target';
import type { ExecOptions, RemoteExecResult, RemoteSession, RemoteTarget } from './types';

/** A remote command that does not finish in this time is killed and reported as TIMEOUT. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

/** The part of an ssh2 channel the session uses (ssh2 ships no types here). */
interface Channel {
  signal(name: string): void;
  close(): void;
}

interface RawResult {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
}

/**
 * sudo reads the password from stdin (-S) without a prompt (-p ''), never from the command line where
 * `ps` would show it, and ignores cached credentials (-k) so every command proves the password again.
 * `--` ends sudo's options, so a command word starting with '-' is never read as one.
 */
const SUDO_WITH_PASSWORD = ['sudo', '-S', '-p', '', '-k', '--'];
/** Without a password, sudo must never wait for one: -n fails at once if a password is required. */
const SUDO_NON_INTERACTIVE = ['sudo', '-n', '--'];

/** Writes stdin to a temp file next to the target, sets its mode, renames it into place (atomic). */
const WRITE_SCRIPT =
  'umask 077 && cat > "$1" && chmod "$2" "$1" && mv -f -- "$1" "$3" || { rc=$?; rm -f -- "$1"; exit "$rc"; }';
/** cat's own exit codes are 0 and 1, so 3 can only mean "does not exist". */
const READ_SCRIPT = 'if [ -e "$1" ]; then exec cat -- "$1"; else exit 3; fi';

/** One authenticated connection; every command goes through remoteCommandLine. */
export class SshSession implements RemoteSession {
  readonly target: RemoteTarget;
  readonly hostKeyFingerprint: string;
  readonly #ssh: NodeSSH;
  readonly #sudoPassword: string | undefined;
  #sudoChecked = false;
  /**
   * Whether sudo asks this login for a password. Raspberry Pi OS's default user has `NOPASSWD: ALL`:
   * sudo never reads the password then, so a password written in front of the command's stdin would
   * become the first line of every uploaded file. Known after the first sudo command.
   */
  #sudoNeedsPassword = true;

  constructor(
    ssh: NodeSSH,
    target: RemoteTarget,
    hostKeyFingerprint: string,
    sudoPassword: string | undefined,
  ) {
    if (sudoPassword?.includes('\n') === true || sudoPassword?.includes('\0') === true) {
      // sudo -S reads one line: a newline would end the password early and feed the rest to the command.
      throw new Error('a sudo password cannot contain a newline or NUL');
    }
    this.#ssh = ssh;
    this.target = target;
    this.hostKeyFingerprint = hostKeyFingerprint;
    this.#sudoPassword = sudoPassword;
  }

  get #label(): string {
    return hostLabel(this.target.host, this.target.port);
  }

  async #raw(
    argv: readonly string[],
    stdin: string | Buffer | undefined,
    timeoutMs: number,
  ): Promise<RawResult> {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let channel: Channel | undefined;
    // An object, not a boolean: the timer callback sets it, which flow analysis cannot see.
    const killed = { timedOut: false };
    const timer = setTimeout(() => {
      killed.timedOut = true;
      channel?.signal('KILL');
      channel?.close();
    }, timeoutMs);
    try {
      const r = await this.#ssh.execCommand(remoteCommandLine(argv), {
        // Always a stream that ends: a command reading stdin then sees EOF instead of waiting forever.
        stdin: Readable.from(
          stdin === undefined ? [] : [typeof stdin === 'string' ? Buffer.from(stdin) : stdin],
        ),
        onChannel: (c: Channel) => {
          channel = c;
        },
        onStdout: (chunk) => stdout.push(chunk),
        onStderr: (chunk) => stderr.push(chunk),
      });
      if (killed.timedOut)
        throw new SshError('TIMEOUT', {
          host: this.#label,
          cause: `${argv[0] ?? ''} ran longer than ${String(timeoutMs / 1000)} s`,
        });
      // A command killed by a signal has no exit code; 255 is what OpenSSH's client reports then.
      return { code: r.code ?? 255, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) };
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Prove the sudo password once per session with `sudo -v`, before any real command: a wrong password
   * then stops everything with SUDO_AUTH_FAILED and nothing has run as root — and the password attempt
   * cannot eat a command's own stdin (sudo -S would read further lines as new attempts).
   */
  async #checkSudo(timeoutMs: number): Promise<void> {
    if (this.#sudoChecked || this.#sudoPassword === undefined) return;
    // -n: fail at once instead of asking; -k: ignore any cached credentials, so success means "no
    // password needed at all", not "a password was given a moment ago".
    const free = await this.#raw(['sudo', '-n', '-k', 'true'], undefined, timeoutMs);
    if (free.code === 0) {
      this.#sudoNeedsPassword = false;
      this.#sudoChecked = true;
      return;
    }
    const r = await this.#raw(['sudo', '-S', '-p', '', '-k', '-v'], `${this.#sudoPassword}\n`, timeoutMs);
    if (r.code !== 0) {
      const cause = r.stderr
        .toString('utf8')
        .trim()
        .split('\n')
        .filter((l) => l !== '')
        .pop();
      throw new SshError('SUDO_AUTH_FAILED', {
        host: this.#label,
        ...(cause !== undefined ? { cause } : {}),
      });
    }
    this.#sudoChecked = true;
  }

  async #run(argv: readonly string[], options: ExecOptions): Promise<RawResult> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    if (options.sudo !== true || this.target.user === 'root')
      return this.#raw(argv, options.stdin, timeoutMs);
    if (this.#sudoPassword !== undefined) await this.#checkSudo(timeoutMs);
    if (this.#sudoPassword === undefined || !this.#sudoNeedsPassword) {
      const r = await this.#raw([...SUDO_NON_INTERACTIVE, ...argv], options.stdin, timeoutMs);
      const err = r.stderr.toString('utf8');
      if (
        r.code !== 0 &&
        /^sudo: (a password is required|.*not in the sudoers|.*may not run sudo)/m.test(err)
      ) {
        throw new SshError('SUDO_AUTH_FAILED', { host: this.#label, cause: err.trim() });
      }
      return r;
    }
    const payload = options.stdin === undefined ? Buffer.alloc(0) : Buffer.from(options.stdin);
    return this.#raw(
      [...SUDO_WITH_PASSWORD, ...argv],
      Buffer.concat([Buffer.from(`${this.#sudoPassword}\n`), payload]),
      timeoutMs,
    );
  }

  async exec(argv: readonly string[], options: ExecOptions = {}): Promise<RemoteExecResult> {
    const r = await this.#run(argv, options);
    return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
  }

  async writeFile(
    path: string,
    content: string | Buffer,
    options: { mode: number; sudo?: boolean },
  ): Promise<void> {
    if (!path.startsWith('/') || path.includes('\0'))
      throw new Error(`not an absolute path: ${JSON.stringify(path)}`);
    const tmp = posix.join(
      posix.dirname(path),
      `.${posix.basename(path)}.v6wizard-${randomBytes(6).toString('hex')}`,
    );
    const mode = (options.mode & 0o7777).toString(8).padStart(4, '0');
    // The content is the command's stdin, never part of the command line; the paths are argv words.
    const r = await this.#run(['sh', '-c', WRITE_SCRIPT, 'sh', tmp, mode, path], {
      stdin: content,
      ...(options.sudo !== undefined ? { sudo: options.sudo } : {}),
    });
    if (r.code !== 0)
      throw new Error(`writing ${path} on ${this.#label} failed: ${r.stderr.toString('utf8').trim()}`);
  }

  async readFile(path: string, options: { sudo?: boolean } = {}): Promise<Buffer | undefined> {
    const r = await this.#run(['sh', '-c', READ_SCRIPT, 'sh', path], options);
    if (r.code === 3) return undefined;
    if (r.code !== 0)
      throw new Error(`reading ${path} on ${this.#label} failed: ${r.stderr.toString('utf8').trim()}`);
    return r.stdout;
  }

  close(): Promise<void> {
    this.#ssh.dispose();
    return Promise.resolve();
  }
}
