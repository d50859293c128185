import type { DetectResult } from '../detect/types';
import type { ApplyEvent, ApplyOutcome } from '../plan/apply';
import type { Plan } from '../plan/types';

/**
 * The one contract between the renderer and the Node side, used by both the Electron preload/main and
 * the browser host (`npm run web`). A channel maps to its request and response types; results always
 * cross as `Result`, because a thrown error loses everything but its message on the way.
 * Requests arrive as `unknown` on the Node side and are re-validated (shared/ipc/validate-request.ts).
 */

export const ERROR_CODES = [
  'BAD_REQUEST', // the payload did not have the shape of the channel's request
  'VALIDATION_FAILED', // the profile has errors; the message lists them
  'CANCELLED', // the person closed a dialog
  'NOT_FOUND', // a file (e.g. a recent profile) is gone
  'IO_ERROR', // reading or writing failed; the message says which path and why
  'UNSUPPORTED', // this runtime cannot do it (e.g. a native dialog in the browser host)
  'SECRET_STORE_UNAVAILABLE', // the OS has no secret store (safeStorage backend basic_text)
  'INTERNAL', // a bug: the message is for a bug report
  'BUSY', // an apply to this router is already running
  'GONE', // a router login or apply job this side no longer knows (the app restarted, or it was forgotten)
  // The SSH layer's codes (shared/detect/ssh-errors.ts has the sentences shown for each).
  'SSH_AUTH_FAILED',
  'HOST_KEY_UNKNOWN',
  'HOST_KEY_MISMATCH',
  'SUDO_AUTH_FAILED',
  'CONNECT_FAILED',
  'TIMEOUT',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface IpcError {
  code: ErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export type Runtime = 'electron' | 'web';

export interface AppInfo {
  version: string;
  runtime: Runtime;
  /** Whether secrets can be stored, and the backend (Electron safeStorage's `getSelectedStorageBackend`). */
  secretStore: { available: boolean; backend: string };
}

export interface OpenedProfile {
  /** Where the profile came from (a path on the machine running the Node side). */
  path: string;
  /** The file's text; the renderer parses and validates it with shared/. */
  text: string;
}

export type ArchiveFormat = 'tar.gz' | 'zip';

/** Where the router's sshd is, and as whom to log in. */
export interface RouterTarget {
  host: string;
  port: number;
  user: string;
}

/** How to log in. The agent is the one SSH_AUTH_SOCK names on the Node side. */
export type RouterAuth =
  | { kind: 'key'; identityFile: string; passphrase?: string }
  | { kind: 'agent' }
  | { kind: 'password'; password: string };

/**
 * The answer to a connect: either logged in (the login details are kept on the Node side under
 * `routerId` for the later calls, never written anywhere), or a host key seen for the first time whose
 * fingerprint the person must compare and accept (trust on first use). A *changed* key is an error
 * (HOST_KEY_MISMATCH), never a question.
 */
export type RouterConnection =
  | { status: 'connected'; routerId: string; label: string; fingerprint: string }
  | { status: 'hostKeyUnknown'; label: string; fingerprint: string };

/** A running or finished apply's events from index `after` on, and its outcome once it ended. */
export interface ApplyProgress {
  events: ApplyEvent[];
  /** The index to ask for next. */
  next: number;
  done?: ApplyOutcome;
}

/** Channel name → request and response. Keep names `area:verb`. */
export interface Channels {
  'app:info': { request: Record<string, never>; response: AppInfo };
  /** Native open dialog (Electron). The browser host answers UNSUPPORTED; the page uses a file input. */
  'profile:openDialog': { request: Record<string, never>; response: OpenedProfile };
  /** Read a profile by path (from the recent list). */
  'profile:read': { request: { path: string }; response: OpenedProfile };
  /** Save profile text; without a path, Electron asks with a native save dialog (Save As…). */
  'profile:save': { request: { path?: string; text: string }; response: { path: string } };
  'profile:recent': { request: Record<string, never>; response: { paths: string[] } };
  /**
   * Write the export layout (files/, manifest.json, install.sh, README.txt) to a folder, atomically.
   * Without `dir`, Electron asks with a native folder dialog; the browser host needs `dir`.
   */
  'export:folder': { request: { profile: unknown; dir?: string }; response: { dir: string; files: number } };
  /** The same export as an archive, returned as base64 for the page to offer as a download. */
  'export:archive': {
    request: { profile: unknown; format: ArchiveFormat };
    response: { fileName: string; base64: string };
  };
  /** Store a secret (e.g. the broker update key) under the profile's reference name. */
  'secret:set': { request: { ref: string; value: string }; response: { stored: true } };
  'secret:has': { request: { ref: string }; response: { present: boolean } };
  'secret:delete': { request: { ref: string }; response: { deleted: boolean } };
  /** Log in to a router over SSH, checking its host key against the app's own known-hosts file. */
  'router:connect': {
    request: { target: RouterTarget; auth: RouterAuth; sudoPassword?: string; acceptFingerprint?: string };
    response: RouterConnection;
  };
  /**
   * Read the router (read only): OS, network system, interfaces, firewall, daemons; with a valid
   * profile also the files it would replace.
   */
  'router:detect': {
    request: { routerId: string; profile?: unknown };
    response: { detect: DetectResult; summary: string[] };
  };
  /** The dry run: what would change, with a diff for every file. */
  'router:plan': { request: { routerId: string; profile: unknown }; response: Plan };
  /**
   * Start an apply; progress is read with router:progress (a long poll: the same in Electron's IPC
   * and over the browser host's HTTP, so one contract streams in both). `installPackages` names the
   * packages the person agreed to install (the plan listed them as missing); `reviewed` is the hash of
   * the plan the person reviewed: the apply runs only while the router still gives that plan.
   */
  'router:apply': {
    request: {
      routerId: string;
      profile: unknown;
      confirmTimeoutS: number;
      installPackages: string[];
      reviewed: string;
      /** An outside IPv6 address the router pings from its LAN address after the switch (optional). */
      pingOutside?: string;
    };
    response: { jobId: string };
  };
  /** The job's events from `after` on; waits up to a few seconds for the next one before answering. */
  'router:progress': { request: { jobId: string; after: number }; response: ApplyProgress };
  /** Cancel a running apply: it stops before the next step and rolls back what it did. */
  'router:cancel': { request: { jobId: string }; response: { cancelling: boolean } };
  /** Restore the newest v6wizard backup on the router (or the given one). */
  'router:rollback': {
    request: { routerId: string; backupDir?: string };
    response: { ok: boolean; backupDir: string; output: string };
  };
  /** Forget the login details kept for this router. */
  'router:disconnect': { request: { routerId: string }; response: { forgotten: boolean } };
}

export type Channel = keyof Channels;
export type RequestOf<C extends Channel> = Channels[C]['request'];
export type ResponseOf<C extends Channel> = Channels[C]['response'];

/** Every channel, for wiring and for tests that check each one is handled. */
export const CHANNELS = [
  'app:info',
  'profile:openDialog',
  'profile:read',
  'profile:save',
  'profile:recent',
  'export:folder',
  'export:archive',
  'secret:set',
  'secret:has',
  'secret:delete',
  'router:connect',
  'router:detect',
  'router:plan',
  'router:apply',
  'router:progress',
  'router:cancel',
  'router:rollback',
  'router:disconnect',
] as const satisfies readonly Channel[];

/** Commands the native menu sends to the page (Electron only; the browser host shows buttons instead). */
export const MENU_COMMANDS = ['new', 'open', 'save', 'saveAs', 'export', 'about'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];
