import type { RouterTarget } from '../../shared/ipc/contract';

/**
 * The SSH layer's contract, shared by detect, plan, apply and their tests. Every remote command is an
 * argv array (quoted by one tested function in electron/ssh/), never a shell string; file content goes
 * over SFTP or stdin; success is judged by exit code, never by stderr being empty.
 */

/** Where the router's sshd is and as whom to log in: the same shape the page sends (shared/ipc). */
export type RemoteTarget = RouterTarget;

export type Credentials =
  | { kind: 'key'; identityFile: string; passphrase?: string }
  | { kind: 'agent'; socket?: string }
  | { kind: 'password'; password: string };

export interface RemoteExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Data for the command's stdin (file content, a sudo password is handled by the session itself). */
  stdin?: string | Buffer;
  /** Run as root: directly when the login user is root, else through `sudo -S` with the password on stdin. */
  sudo?: boolean;
  timeoutMs?: number;
  /** Bytes kept of each of stdout and stderr (default MAX_OUTPUT_BYTES, electron/ssh/output-cap.ts). */
  maxOutputBytes?: number;
}

/** One authenticated SSH connection. */
export interface RemoteSession {
  readonly target: RemoteTarget;
  /** SHA256 fingerprint of the host key this connection verified (OpenSSH format `SHA256:…`). */
  readonly hostKeyFingerprint: string;
  exec(argv: readonly string[], options?: ExecOptions): Promise<RemoteExecResult>;
  /** Write a file (as root when sudo) with the given mode; the content never passes through a shell. */
  writeFile(path: string, content: string | Buffer, options: { mode: number; sudo?: boolean }): Promise<void>;
  readFile(path: string, options?: { sudo?: boolean }): Promise<Buffer | undefined>;
  /**
   * Said once sudo has asked for a password that was the login's own (no sudo password was given), so
   * the reuse is never silent; undefined otherwise.
   */
  sudoNotice?(): string | undefined;
  close(): Promise<void>;
}

/** What to do about the server's host key (trust on first use, stored in the app's known-hosts file). */
export type HostKeyDecision =
  | { kind: 'known' } // matches the stored key
  | { kind: 'new'; fingerprint: string } // never seen: the person must accept it
  | { kind: 'changed'; fingerprint: string; storedFingerprint: string }; // refused, no click-through
