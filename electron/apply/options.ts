import type { ApplyOutcome } from '../../shared/plan/apply';
import type { ApplyStep, Plan } from '../../shared/plan/types';
import type { Profile } from '../../shared/profile/types';
import type { RenderedFile } from '../../shared/render/types';
import type { RemoteSession } from '../ssh/types';
import type { BrokerUpdater } from './broker';
import type { ApplyEvent } from './events';

/**
 * How long the router gives the check, install and switch steps before its timer reverts anyway, on
 * top of the confirmation time. The timer is armed before the first change but the confirmation
 * window only starts when the last stage has switched (router-side), so a slow switch (qemu without
 * KVM takes a minute or more; a daemon's restart may wait for its own timeout) is never cut in half,
 * while one that hangs, or an app that disappears half way, still ends in a revert.
 */
export const SWITCH_BOUND_S = 300;

/** Ways a test drives the engine into faults; never set by the app or the CLI. */
export interface TestHooks {
  /** Called before each step starts (a test kills the connection here, or throws). */
  beforeStep?: (step: ApplyStep) => Promise<void>;
  /** Rewrites the files after planning, before upload (a test makes one invalid). */
  files?: (files: RenderedFile[]) => RenderedFile[];
  /** Seconds the router's lock waits for the arm step (default LOCK_BEFORE_ARM_S; a test waits less). */
  lockBeforeArmS?: number;
}

export interface ApplyOptions {
  profile: Profile;
  /** Opens a new authenticated connection; called once at the start and once to confirm. */
  connect: () => Promise<RemoteSession>;
  /** Seconds until the router reverts by itself unless confirmed, counted from the end of the switch (default 60). */
  confirmTimeoutS?: number;
  /** Seconds the router allows for check, install and switch before it reverts regardless (default SWITCH_BOUND_S). */
  switchBoundS?: number;
  /** Asked before installing packages; without it (or on false) the apply stops before any change. */
  consentToPackages?: (packages: readonly string[]) => Promise<boolean>;
  /**
   * The plan the person reviewed: the apply plans again and refuses, saying what changed, unless its
   * plan has the same hash (the same files to write, read from the same router state).
   */
  reviewed?: Plan;
  /**
   * An outside IPv6 address (global unicast, canonical) to ping from the router's LAN address after
   * the switch: proves the broker routes the routed prefix back, not only that the tunnel is up.
   * A failed ping fails the verification like any other check (and so rolls back).
   */
  pingOutside?: string;
  /** The broker endpoint update, when the profile has credentials and the key was found. */
  broker?: { updateKey: string; updater: BrokerUpdater; base?: string };
  onEvent?: (e: ApplyEvent) => void;
  signal?: AbortSignal;
  /** Further secrets to keep out of the log (a sudo password). */
  secrets?: readonly string[];
  testHooks?: TestHooks;
}

/** How an apply ended (the same shape crosses to the page: shared/plan/apply.ts). */
export type ApplyResult = ApplyOutcome;
