import { noteText } from '../../shared/plan/notes';
import { planApply } from '../apply/engine';
import { parseApplyArgs } from './apply-args';
import { loadProfile } from './load-profile';
import type { Io } from './output';
import { openSession, sshFailure } from './remote-session';

/**
 * `v6wizard plan --host … PROFILE`: what apply would do, read from the router without changing it —
 * each file new/changed/unchanged with its diff, packages, services — or "no changes".
 * Exit: 0 done, 1 invalid profile, remote failure or a plan the apply would refuse (its REFUSED lines
 * say why), 2 usage, 3/4/5 SSH.
 */
export async function planCommand(argv: readonly string[], io: Io): Promise<number> {
  const args = parseApplyArgs('plan', argv);
  if ('error' in args) {
    io.err(`v6wizard: ${args.error}`);
    return 2;
  }
  const profile = loadProfile(args.profile ?? '', io);
  if (!profile) return 1;
  const session = await openSession(args, io);
  if (typeof session === 'number') return session;
  try {
    const plan = await planApply(profile, session);
    for (const f of plan.files) {
      io.out(
        `${f.status.padEnd(9)} ${f.path}${f.metaChanges.length > 0 ? ` (${f.metaChanges.join(', ')})` : ''}`,
      );
      if (f.diff !== '') io.out(f.diff.trimEnd());
    }
    if (plan.packages.length > 0) io.out(`packages to install: ${plan.packages.join(' ')}`);
    if (plan.services.length > 0) io.out(`services to restart: ${plan.services.join(' ')}`);
    if (plan.steps.length > 0) io.out(`steps: ${plan.steps.join(' → ')}`);
    for (const n of plan.notes) io.out(`${n.severity === 'refuse' ? 'REFUSED' : n.severity}: ${noteText(n)}`);
    io.out(plan.summary);
    return plan.notes.some((n) => n.severity === 'refuse') ? 1 : 0;
  } catch (e) {
    try {
      return sshFailure(e, io);
    } catch {
      io.err(`v6wizard: plan failed: ${e instanceof Error ? e.message : String(e)}`);
      return 1;
    }
  } finally {
    await session.close();
  }
}
