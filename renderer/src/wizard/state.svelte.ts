import { createContext } from 'svelte';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { PasteResult } from '../../../shared/paste/types';
import { defaultProfile } from '../../../shared/profile/defaults';
import type {
  BrokerUpdate,
  NetplanDeviceType,
  NetworkSystem,
  Profile,
  RouterSection,
} from '../../../shared/profile/types';
import { render, type RenderedFile } from '../../../shared/render';
import { validateProfile, type Problem } from '../../../shared/validate';
import { formatList, parseList } from './lists';
import { RouterLink } from './router.svelte';
import { DEFAULT_KEY_REF } from './paste-apply';
import { resolveMove, STEP_IDS, type StepId } from './steps';

/**
 * Everything the wizard knows, in one place, so nothing typed is lost when a step's component goes
 * away. Components read and bind to these fields; validation and the generated files are derived from
 * the profile with the same shared/ functions the CLI uses, so the preview is exactly what gets exported.
 */
/** The router fields that only exist for netplan. */
const NETPLAN_KEYS = ['wanDeviceType', 'lanDeviceType', 'lanBridgePorts'] as const;
type NetplanFields = Partial<Pick<RouterSection, (typeof NETPLAN_KEYS)[number]>>;

/** Move the netplan fields that are set from one holder to the other. */
function carry(from: NetplanFields, to: NetplanFields): void {
  if (from.wanDeviceType !== undefined) to.wanDeviceType = from.wanDeviceType;
  if (from.lanDeviceType !== undefined) to.lanDeviceType = from.lanDeviceType;
  if (from.lanBridgePorts !== undefined) to.lanBridgePorts = from.lanBridgePorts;
  delete from.wanDeviceType;
  delete from.lanDeviceType;
  delete from.lanBridgePorts;
}

export class WizardState {
  profile: Profile = $state(defaultProfile());
  step: StepId = $state('start');
  visited: StepId[] = $state(['start']);
  /** The step whose error summary shows: set when the person tried to move on with errors. */
  summaryStep: StepId | undefined = $state();
  /** Bumped on every blocked attempt so the summary takes focus again even when it already shows. */
  summaryAttempt = $state(0);
  /** List fields as typed (one entry per line), so a half-typed line survives re-rendering. */
  drafts: Record<string, string> = $state({});
  /** Where the profile was opened from or saved to (Electron: a path; web: a file name). */
  savedPath: string | undefined = $state();
  /** Why the last file could not be opened (shown on the Start step). */
  openProblems: Problem[] = $state([]);
  appInfo: AppInfo | undefined = $state();
  /** The paste box's text and what the parser made of it, kept until the person fills or discards. */
  pasteText = $state('');
  pasteResult: PasteResult | undefined = $state();
  /** The SSH connection to the router and what was read from it or done to it. */
  readonly link = new RouterLink();
  /** The last outcome of an action (saved, exported, copied, failed), announced politely. */
  status = $state('');
  /** The profile as last opened, started or saved, to tell whether leaving it would lose typing. */
  #savedJson = $state(JSON.stringify(defaultProfile()));
  /** Values kept while their section is switched off, so switching back restores them. */
  #stash: Pick<RouterSection, 'wanNetworkFile' | 'lanNetworkFile'> &
    NetplanFields & { update?: BrokerUpdate } = {};

  readonly validation = $derived(validateProfile(this.profile));
  readonly problems: Problem[] = $derived(this.validation.problems);
  readonly errorCount = $derived(this.problems.filter((p) => p.severity === 'error').length);
  /** Every generated file, or undefined while the profile has errors (renderers never see bad input). */
  readonly files: RenderedFile[] | undefined = $derived.by(() => {
    const v = this.validation;
    return v.ok && v.profile ? render(v.profile) : undefined;
  });

  /** Go to a step; moving forward past a step with errors stops there and shows its summary. */
  goTo(target: StepId): void {
    const move = resolveMove(this.problems, this.step, target);
    this.step = move.step;
    this.#visit(move.step);
    if (move.blocked) {
      this.summaryStep = move.step;
      this.summaryAttempt++;
    } else {
      this.summaryStep = undefined;
    }
  }

  next(): void {
    const next = STEP_IDS[STEP_IDS.indexOf(this.step) + 1];
    if (next) this.goTo(next);
  }

  back(): void {
    const prev = STEP_IDS[STEP_IDS.indexOf(this.step) - 1];
    if (prev) this.goTo(prev);
  }

  #visit(step: StepId): void {
    if (!this.visited.includes(step)) this.visited.push(step);
  }

  /** Start over from the defaults, on the Router step. */
  newProfile(): void {
    this.#load(defaultProfile(), undefined);
    this.visited = ['start', 'router'];
    this.step = 'router';
  }

  /** Take an opened profile; every step is open to visit since the profile already fills them all. */
  openProfile(profile: Profile, source: string | undefined): void {
    this.#load(profile, source);
    this.visited = STEP_IDS.filter((s) => s !== 'review' && s !== 'export' && s !== 'apply');
    this.goTo('router');
  }

  /** True when the profile differs from what was last opened, started or saved. */
  get unsaved(): boolean {
    return JSON.stringify(this.profile) !== this.#savedJson;
  }

  /** After a save (or a download of the JSON): the current profile is what the person keeps. */
  markSaved(): void {
    this.#savedJson = JSON.stringify(this.profile);
  }

  #load(profile: Profile, source: string | undefined): void {
    this.profile = profile;
    this.#savedJson = JSON.stringify(profile);
    this.drafts = {};
    this.#stash = {};
    this.savedPath = source;
    this.openProblems = [];
    this.summaryStep = undefined;
  }

  /** The text a list field shows: what was typed, or the loaded list one entry per line. */
  listText(path: string, list: readonly string[]): string {
    return this.drafts[path] ?? formatList(list);
  }

  setListText(path: string, text: string, assign: (list: string[]) => void): void {
    this.drafts[path] = text;
    assign(parseList(text));
  }

  /** The two networkd file names only exist for systemd-networkd; other systems would warn about them. */
  setNetworkSystem(system: NetworkSystem): void {
    const r = this.profile.router;
    if (system !== 'systemd-networkd') {
      if (r.wanNetworkFile !== undefined) this.#stash.wanNetworkFile = r.wanNetworkFile;
      if (r.lanNetworkFile !== undefined) this.#stash.lanNetworkFile = r.lanNetworkFile;
      delete r.wanNetworkFile;
      delete r.lanNetworkFile;
    } else {
      r.wanNetworkFile = r.wanNetworkFile ?? this.#stash.wanNetworkFile ?? '';
      r.lanNetworkFile = r.lanNetworkFile ?? this.#stash.lanNetworkFile ?? '';
    }
    // netplan's device types likewise only exist for netplan; kept aside while another system is chosen.
    if (system !== 'netplan') carry(r, this.#stash);
    else if (NETPLAN_KEYS.every((k) => r[k] === undefined)) carry(this.#stash, r);
    r.networkSystem = system;
  }

  /** A bridge LAN has ports to list; another type has none, so the list is kept aside, not lost. */
  setLanDeviceType(type: NetplanDeviceType): void {
    const r = this.profile.router;
    r.lanDeviceType = type;
    if (type === 'bridge') r.lanBridgePorts = r.lanBridgePorts ?? this.#stash.lanBridgePorts ?? [];
    else if (r.lanBridgePorts !== undefined) {
      this.#stash.lanBridgePorts = r.lanBridgePorts;
      delete r.lanBridgePorts;
    }
  }

  get updateEnabled(): boolean {
    return this.profile.tunnel.update !== undefined;
  }

  /** Broker update credentials are optional; switching them off keeps what was typed for later. */
  setUpdateEnabled(on: boolean): void {
    const t = this.profile.tunnel;
    if (on && !t.update) {
      t.update = this.#stash.update ?? {
        username: '',
        tunnelId: '',
        updateKey: { secretRef: DEFAULT_KEY_REF },
      };
    } else if (!on && t.update) {
      this.#stash.update = $state.snapshot(t.update);
      delete t.update;
    }
  }

  get stashedUpdate(): BrokerUpdate | undefined {
    return this.#stash.update;
  }
}

/** The wizard state is provided by App and read by every step (typed context, no string keys). */
export const [getWizard, setWizard] = createContext<WizardState>();
