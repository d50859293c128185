import { describe, expect, it } from 'vitest';
import type { Problem } from '../../../shared/validate';
import { belongsTo, blockingErrors, previewStages, resolveMove, stepOf, STEP_IDS } from './steps';

const err = (path: string): Problem => ({ path, severity: 'error', message: 'bad' });
const warn = (path: string): Problem => ({ path, severity: 'warning', message: 'hm' });

describe('steps', () => {
  it('has ten steps from Start to Export and Apply', () => {
    expect(STEP_IDS).toEqual([
      'start',
      'router',
      'tunnel',
      'lan',
      'dhcp',
      'firewall',
      'dad',
      'review',
      'export',
      'apply',
    ]);
  });

  it('puts each problem on the step that edits its section', () => {
    expect(stepOf(err('tunnel.mtu'))).toBe('tunnel');
    expect(stepOf(err('ra.rdnss[1]'))).toBe('lan');
    expect(stepOf(err('lan.subnetId'))).toBe('lan');
    expect(stepOf(err('dhcpv6.reservations[2].duid'))).toBe('dhcp');
    expect(stepOf(err('firewall.openings[0].port'))).toBe('firewall');
    expect(stepOf(err('dad.services[0]'))).toBe('dad');
    expect(stepOf(err('name'))).toBe('router');
    expect(stepOf(err('(profile)'))).toBe('router');
    expect(stepOf(err(''))).toBe('router');
    // `tunnelX` must not be mistaken for the tunnel section.
    expect(belongsTo(err('tunnelX.a'), 'tunnel')).toBe(false);
  });

  it('never blocks on warnings', () => {
    expect(blockingErrors([warn('tunnel.mtu')], 'tunnel')).toEqual([]);
    expect(resolveMove([warn('tunnel.mtu')], 'tunnel', 'lan')).toEqual({ step: 'lan', blocked: false });
  });

  it('stops moving forward at the first step with errors, and always lets the person go back', () => {
    const problems = [err('firewall.logRatePerMinute')];
    expect(resolveMove(problems, 'router', 'tunnel')).toEqual({ step: 'tunnel', blocked: false });
    expect(resolveMove(problems, 'firewall', 'dad')).toEqual({ step: 'firewall', blocked: true });
    expect(resolveMove(problems, 'router', 'dad')).toEqual({ step: 'firewall', blocked: true });
    expect(resolveMove(problems, 'firewall', 'start')).toEqual({ step: 'start', blocked: false });
  });

  it('keeps Review and Export closed while any step has errors, even an earlier one', () => {
    expect(resolveMove([err('tunnel.mtu')], 'dad', 'review')).toEqual({ step: 'tunnel', blocked: true });
    expect(resolveMove([], 'dad', 'review')).toEqual({ step: 'review', blocked: false });
    expect(resolveMove([err('tunnel.mtu')], 'export', 'apply')).toEqual({ step: 'tunnel', blocked: true });
  });

  it('previews the files each step affects', () => {
    expect(previewStages('tunnel')).toEqual(['network', 'sysctl']);
    expect(previewStages('lan')).toEqual(['ra']);
    expect(previewStages('dhcp')).toEqual(['dhcp']);
    expect(previewStages('firewall')).toEqual(['firewall']);
    expect(previewStages('dad')).toEqual(['dad']);
    expect(previewStages('review')).toEqual([]);
  });
});
