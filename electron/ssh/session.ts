import { randomBytes } from 'node:crypto';
import { posix } from 'node:path';
import type { NodeSSH } from 'node-ssh';
import { remoteCommandLine } from './command-line';
import { SshError } from './errors';
import { execBounded, type ExecClient } from './exec-channel';
import { MAX_OUTPUT_BYTES } from './output-cap';
import { hostLabel } from './target';
import type { ExecOptions, RemoteExecResult, RemoteSession, RemoteTarget } from './types';

/** A remote command that does not finish in this time is stopped and reported as TIMEOUT. */
export const DEFAULT_EXEC_TIMEOUT_MS = 60_000;

/** How long a command may run, how much output it may print, and its name for the timeout message. */
interface Limits {
  timeoutMs: number;
  maxOutputBytes: number;
  command: string;
}

interface RawResult {
  code: number;
  stdout: Buffer;
  stderr: Buffer;
}

/**
 * A command as root for a login whose sudo wants a password, without the password ever reaching the
 * command: bash reads exactly the first line of stdin (read on a pipe takes one byte at a time, so not
 * one byte of the command's own input), hands it to `sudo -S -v` through a pipe of its own (printf is
 * a builtin: the password is never in an argv that `ps` shows), and only once sudo accepted it runs
 * the command with `sudo -n`, which can never ask for or read a password; its stdin is the rest of
 * the input. `sudo -v` leaves a credential keyed to this bash process (no terminal: sudo keys it to
 * the parent process), which `sudo -k` drops when the command has ended. A sudo that will not honour
 * it (timestamp_timeout=0) makes `sudo -n` fail: the command does not run, nothing leaks.
 * `--` ends sudo's options, so a command word starting with '-' is never read as one.
 */
const SUDO_WITH_PASSWORD = [
  'bash',
  '-c',
  'IFS= read -r p || exit 97; printf "%s\\n" "$p" | sudo -S -p "" -v 2>/dev/null || { echo "sudo: the password was not accepted" >&2; exit 98; }; unset p; sudo -n -- "$@"; rc=$?; sudo -k; exit "$rc"',
  'v6wizard-sudo',
];
/** sudo-with-password's own exits: no password line arrived, or sudo -v refused the password. */
const SUDO_NO_PASSWORD_LINE = 97;
const SUDO_PASSWORD_REFUSED = 98;
/**
 * The command as the router runs it: under coreutils' `timeout`, so the router stops it (TERM, then
 * KILL 5 s later) when the app stops waiting for it. Without it a command that ran past its time
 * went on running on the router after the app had given up and reported the failure, with nothing
 * left to read its output (a connection that did not stop it is closed as well: #raw).
 */
function routerBounded(argv: readonly string[], timeoutMs: number): string[] {
  return ['timeout', '--kill-after=5', `${String(timeoutMs / 1000)}s`, ...argv];
}

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
  /** Set when a hung command made the session drop the connection: why every later command fails. */
  #gone: SshError | undefined;
  /**
   * Whether sudo asks this login for a password. Raspberry Pi OS's default user has `NOPASSWD: ALL`:
   * sudo never reads the password then, so a password written in front of the command's stdin would
   * become the first line of every uploaded file. Known after the first sudo command.
   */
  #sudoNeedsPassword = true;

  /** The sudo password is the login password, reused because no sudo password was given. */
  readonly #sudoPasswordIsLogin: boolean;

  constructor(
    ssh: NodeSSH,
    target: RemoteTarget,
    hostKeyFingerprint: string,
    sudoPassword: string | undefined,
    sudoPasswordIsLogin = false,
  ) {
    if (sudoPassword?.includes('\n') === true || sudoPassword?.includes('\0') === true) {
      // sudo -S reads one line: a newline would end the password early and feed the rest to the command.
      throw new Error('a sudo password cannot contain a newline or NUL');
    }
    this.#ssh = ssh;
    this.target = target;
    this.hostKeyFingerprint = hostKeyFingerprint;
    this.#sudoPassword = sudoPassword;
    this.#sudoPasswordIsLogin = sudoPasswordIsLogin;
  }

  sudoNotice(): string | undefined {
    if (!this.#sudoChecked || !this.#sudoNeedsPassword || !this.#sudoPasswordIsLogin) return undefined;
    return `sudo on ${this.#label} asked for a password: the login password was used (no separate sudo password was given)`;
  }

  get #label(): string {
    return hostLabel(this.target.host, this.target.port);
  }

  async #raw(
    argv: readonly string[],
    stdin: string | Buffer | undefined,
    limits: Limits,
  ): Promise<RawResult> {
    if (this.#gone) throw this.#gone;
    const client = this.#ssh.connection as ExecClient | null;
    if (client === null) throw new Error(`the connection to ${this.#label} is closed`);
    const r = await execBounded(
      client,
      remoteCommandLine(argv),
      stdin === undefined ? Buffer.alloc(0) : Buffer.from(stdin),
      limits,
    );
    if (r.kind === 'done') return r;
    const ran = `${limits.command} ran longer than ${String(limits.timeoutMs / 1000)} s`;
    if (!r.dropped) throw new SshError('TIMEOUT', { host: this.#label, cause: ran });
    // Every later command on this session fails at once with the reason, instead of hanging too.
    this.#gone = new SshError('TIMEOUT', {
      host: this.#label,
      cause: `${ran} and the server did not stop it, so the connection was closed`,
    });
    throw this.#gone;
  }

  /**
   * Prove the sudo password once per session with `sudo -v`, before any real command: a wrong password
   * then stops everything with SUDO_AUTH_FAILED and nothing has run as root — and the password attempt
   * cannot eat a command's own stdin (sudo -S would read further lines as new attempts).
   */
  async #checkSudo(limits: Limits): Promise<void> {
    if (this.#sudoChecked || this.#sudoPassword === undefined) return;
    // -n: fail at once instead of asking; -k: ignore any cached credentials, so success means "no
    // password needed at all", not "a password was given a moment ago".
    const free = await this.#raw(['sudo', '-n', '-k', 'true'], undefined, limits);
    if (free.code === 0) {
      this.#sudoNeedsPassword = false;
      this.#sudoChecked = true;
      return;
    }
    const r = await this.#raw(['sudo', '-S', '-p', '', '-k', '-v'], `${this.#sudoPassword}\n`, limits);
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
    const limits: Limits = {
      timeoutMs: options.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS,
      maxOutputBytes: options.maxOutputBytes ?? MAX_OUTPUT_BYTES,
      // The caller's command, not the sudo in front of it.
      command: argv[0] ?? '',
    };
    return this.#runAsWanted(routerBounded(argv, limits.timeoutMs), options, limits);
  }

  async #runAsWanted(argv: readonly string[], options: ExecOptions, limits: Limits): Promise<RawResult> {
    if (options.sudo !== true || this.target.user === 'root') return this.#raw(argv, options.stdin, limits);
    if (this.#sudoPassword !== undefined) await this.#checkSudo({ ...limits, command: 'sudo' });
    if (this.#sudoPassword === undefined || !this.#sudoNeedsPassword) {
      const r = await this.#raw([...SUDO_NON_INTERACTIVE, ...argv], options.stdin, limits);
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
    const r = await this.#raw(
      [...SUDO_WITH_PASSWORD, ...argv],
      Buffer.concat([Buffer.from(`${this.#sudoPassword}\n`), payload]),
      limits,
    );
    const err = r.stderr.toString('utf8');
    if (
      r.code === SUDO_PASSWORD_REFUSED ||
      r.code === SUDO_NO_PASSWORD_LINE ||
      (r.code !== 0 && /^sudo: a password is required/m.test(err))
    )
      throw new SshError('SUDO_AUTH_FAILED', { host: this.#label, cause: err.trim() });
    return r;
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
