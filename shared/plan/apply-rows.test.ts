import { describe, expect, it } from 'vitest';
import type { ApplyEvent } from './apply';
import { stepRows } from './apply-rows';

const ev = (step: ApplyEvent['step'], status: ApplyEvent['status'], output = ''): ApplyEvent => ({
  step,
  status,
  output,
  progress: 0,
});

describe('stepRows', () => {
  it('keeps one row per step, in the order the steps started, with the latest status and output', () => {
    expect(
      stepRows([
        ev('preflight', 'running'),
        ev('preflight', 'ok', 'plan text'),
        ev('backup', 'running'),
        ev('backup', 'failed', 'disk full'),
        ev('rollback', 'running'),
        ev('rollback', 'ok', 'restored'),
      ]),
    ).toEqual([
      { step: 'preflight', status: 'ok', output: 'plan text' },
      { step: 'backup', status: 'failed', output: 'disk full' },
      { step: 'rollback', status: 'ok', output: 'restored' },
    ]);
  });

  it('shows a step that is still running, and a skipped one', () => {
    expect(stepRows([ev('sysctl', 'skipped', 'cancelled'), ev('network', 'running')])).toEqual([
      { step: 'sysctl', status: 'skipped', output: 'cancelled' },
      { step: 'network', status: 'running', output: '' },
    ]);
  });
});
