import type { OtherFirewall } from '../detect/firewall-others';
import type { IfupdownFile } from '../detect/ifupdown';
import type { PortListener } from '../detect/types';
import { STAGES, type Stage } from '../render/types';
import type { PlanNote } from './notes';

/** What the router has at one path now, as read before planning. */
export interface RemoteFile {
  path: string;
  /** The file's bytes as text; undefined when nothing is there. */
  content?: string;
  /** Permission bits as the router reports them, e.g. 0o644. */
  mode?: number;
  /** `user` or `user:group`, in the form the rendered file names its owner. */
  owner?: string;
}

/** What the router looks like, as far as the plan cares. */
export interface RemoteState {
  files: readonly RemoteFile[];
  /** Programs found on the router's PATH (`command -v`). */
  programs: readonly string[];
  /** What else is in the router's firewall; absent when it was not read. */
  firewall?: OtherFirewall;
  /**
   * ifupdown's configuration files (/etc/network/interfaces and the files under /etc/network it can
   * source), or why they could not be read; undefined when not read (another network system).
   */
  networkFiles?: readonly IfupdownFile[] | { unread: string };
  /** What listens on port 53 now (ss); undefined when not read. */
  dnsListeners?: readonly PortListener[];
}

export type FileStatus = 'new' | 'changed' | 'unchanged';

export interface FilePlan {
  path: string;
  status: FileStatus;
  stage: Stage;
  /** What differs besides content (mode, owner), in words; empty when only content or nothing. */
  metaChanges: string[];
  /** Unified diff of the content, '' when the content is equal. */
  diff: string;
}

/** The apply's steps, in order. The engine emits a progress event for each. */
export const APPLY_STEPS = [
  'preflight',
  'backup',
  'upload',
  // The revert timer is armed before anything changes: the packages, and the check step, which already
  // puts scripts in /usr/local/sbin in place (a unit's check needs its ExecStart= program). From the
  // first change on, a lost connection is undone by the router itself, packages included.
  'arm',
  // Packages come before the checks because the checkers are the daemons themselves (radvd
  // --configtest, kea-dhcp6 -t): a missing one could not check anything.
  'packages',
  'check',
  'broker',
  'install',
  // One step per stage, in the stages' own order (shared/render/types.ts), which fails closed.
  ...STAGES,
  'reconnect',
  'verify',
  'confirm',
] as const;
export type ApplyStep = (typeof APPLY_STEPS)[number];

export interface Plan {
  files: FilePlan[];
  /** Debian packages that must be installed first (the person must agree). */
  packages: string[];
  /** systemd units that will be (re)started, in order. */
  services: string[];
  /** The stages that will be switched on, in order. */
  stages: Stage[];
  /** The steps that will run, in order; empty when nothing changes. */
  steps: ApplyStep[];
  /** True when at least one file or package differs. */
  changes: boolean;
  /** One line for people: "no changes" or what will change. */
  summary: string;
  /** What else the plan found (the boot path, port 53); a `refuse` note stops the apply. */
  notes: PlanNote[];
  /**
   * The hash of what this plan would write and what it read from the router (reviewed.ts): the apply
   * runs only when its own plan has the same one.
   */
  reviewed: string;
}
