import { noteText, refusals } from '../../shared/plan/notes';
import { createInterface } from 'node:readline/promises';
import { httpBrokerUpdater } from '../apply/broker';
import { applyProfile, planApply, type ApplyOptions } from '../apply/engine';
import type { Profile } from '../../shared/profile/types';
import type { ApplyArgs } from './apply-args';
import { parseApplyArgs } from './apply-args';
import { loadProfile } from './load-profile';
import type { Io } from './output';
import { openSession } from './remote-session';

/** Ask on the terminal; anything but y/yes is no. Without a terminal (stdin used for a password) it is no. */
async function ask(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

const connectWith = (args: ApplyArgs, io: Io) => async () => {
  const s = await openSession(args, io);
  if (typeof s === 'number') throw new Error(`could not connect (exit ${s})`);
  return s;
};

/**
 * The engine's broker option: the real HTTPS updater with the key from --broker-key-file, when the
 * profile asks for an endpoint update. Without a key the engine reports the update as skipped.
 */
export function brokerOption(profile: Profile, brokerKey: string | undefined): Pick<ApplyOptions, 'broker'> {
  return profile.tunnel.update !== undefined && brokerKey !== undefined
    ? { broker: { updateKey: brokerKey, updater: httpBrokerUpdater } }
    : {};
}

/**
 * `v6wizard apply --host … [--yes] [--confirm-timeout S] [--broker-key-file FILE] PROFILE`: the same
 * engine and messages as the app. Shows the plan and asks before changing anything unless --yes
 * (which also agrees to installing missing packages). Ctrl-C cancels and rolls back. Exit: 0 applied
 * or no changes, 1 failed (rolled back), 2 usage, 3/4/5 SSH.
 */
export async function applyCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseApplyArgs('apply', argv);
  if ('error' in args) {
    io.err(`v6wizard: ${args.error}`);
    return 2;
  }
  const profile = loadProfile(args.profile ?? '', io);
  if (!profile) return 1;
  if (args.brokerKey !== undefined && profile.tunnel.update === undefined)
    io.err('v6wizard: the profile has no tunnel.update, so --broker-key-file is not used');
  const first = await openSession(args, io);
  if (typeof first === 'number') return first;
  let plan;
  try {
    plan = await planApply(profile, first);
  } finally {
    await first.close();
  }
  for (const n of plan.notes) if (n.severity !== 'refuse') io.out(`${n.severity}: ${noteText(n)}`);
  const refused = refusals(plan.notes);
  if (refused.length > 0) {
    for (const n of refused) io.err(`v6wizard: not applied: ${noteText(n)}`);
    return 1;
  }
  io.out(plan.summary);
  if (!plan.changes) return 0;
  if (
    !args.yes &&
    !(await ask(
      `Apply to ${args.target.host}? The router reverts by itself unless confirmed within ${args.confirmTimeoutS} s of the switch.`,
    ))
  ) {
    io.err('v6wizard: not applied (answer yes, or pass --yes)');
    return 1;
  }
  const abort = new AbortController();
  const onSigint = (): void => {
    abort.abort();
  };
  process.once('SIGINT', onSigint);
  try {
    const result = await applyProfile({
      profile,
      connect: connectWith(args, io),
      confirmTimeoutS: args.confirmTimeoutS,
      consentToPackages: async (pkgs) => args.yes || ask(`Install ${pkgs.join(' ')}?`),
      // The plan shown and agreed to above: if the router changes before the apply reads it again,
      // nothing runs and the apply says what changed.
      reviewed: plan,
      ...(args.pingOutside !== undefined ? { pingOutside: args.pingOutside } : {}),
      onEvent: (e) => {
        io.out(
          `[${Math.round(e.progress * 100)
            .toString()
            .padStart(3)}%] ${e.step}: ${e.status}`,
        );
        if (e.output.trim() !== '' && e.status !== 'running')
          io.out(e.output.trimEnd().replace(/^/gm, '    '));
      },
      signal: abort.signal,
      secrets: args.sudoPassword !== undefined ? [args.sudoPassword] : [],
      ...brokerOption(profile, args.brokerKey),
    });
    (result.ok ? io.out : io.err)(result.message);
    return result.ok ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
