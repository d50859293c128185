import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { render } from '../render';
import { buildPlan, planFile } from './plan';
import type { RemoteState } from './types';

const profile = defaultProfile();
const files = render(profile);
const ALL_PROGRAMS = [
  ...new Set(files.flatMap((f) => (f.validate?.[0] !== undefined ? [f.validate[0]] : []))),
  'sysctl',
  'ifup',
  'ip',
  'systemctl',
  'networkctl',
  'netplan',
  'radvd',
  'kea-dhcp6',
  'dhcpd',
  'dnsmasq',
  'dhcp6s',
  'ip6tables-nft-restore',
  'ip6tables-legacy-restore',
];
/** A router that already has exactly the rendered files. */
const applied: RemoteState = {
  files: files.map((f) => ({
    path: f.path,
    content: f.content,
    mode: f.mode,
    owner: f.owner.includes(':') ? f.owner : `${f.owner}:root`,
  })),
  programs: ALL_PROGRAMS,
};

describe('buildPlan', () => {
  it('says "no changes" for a router that already has the profile', () => {
    const plan = buildPlan(profile, files, applied);
    expect(plan.changes).toBe(false);
    expect(plan.summary).toBe('no changes');
    expect(plan.steps).toEqual([]);
    expect(plan.files.every((f) => f.status === 'unchanged' && f.diff === '')).toBe(true);
  });
  it('marks every file new on a fresh router, lists missing packages and the services to restart', () => {
    const plan = buildPlan(profile, files, { files: [], programs: [] });
    expect(plan.files.map((f) => f.status)).toEqual(files.map(() => 'new'));
    expect(plan.packages).toContain('radvd');
    expect(plan.services).toContain('radvd.service');
    expect(plan.steps[0]).toBe('preflight');
    expect(plan.steps).toContain('packages');
    // Armed before the check step, which already places scripts in /usr/local/sbin.
    expect(plan.steps.indexOf('arm')).toBeLessThan(plan.steps.indexOf('check'));
    expect(plan.steps.indexOf('packages')).toBeLessThan(plan.steps.indexOf('arm'));
    expect(plan.steps.at(-1)).toBe('confirm');
    expect(plan.summary).toMatch(/^\d+ new, 0 changed/);
  });
  it('diffs one changed file and switches on only its stage', () => {
    const radvd = files.find((f) => f.path === '/etc/radvd.conf');
    if (!radvd) throw new Error('the default profile renders /etc/radvd.conf');
    const state: RemoteState = {
      ...applied,
      files: applied.files.map((f) =>
        f.path === radvd.path
          ? { ...f, content: (f.content ?? '').replace('AdvSendAdvert on', 'AdvSendAdvert off') }
          : f,
      ),
    };
    const plan = buildPlan(profile, files, state);
    const changed = plan.files.filter((f) => f.status !== 'unchanged');
    expect(changed.map((f) => f.path)).toEqual(['/etc/radvd.conf']);
    expect(changed[0]?.diff).toMatch(/^-\s+AdvSendAdvert off;$/m);
    expect(plan.stages).toEqual(['ra']);
    expect(plan.services).toEqual(['radvd.service']);
    expect(plan.steps).toContain('ra');
    expect(plan.steps).not.toContain('firewall');
  });
  it('notices a mode or owner change even when the bytes are equal', () => {
    const f = files[0]!;
    const plan = planFile(f, { path: f.path, content: f.content, mode: 0o666, owner: 'nobody:root' });
    expect(plan.status).toBe('changed');
    expect(plan.metaChanges[0]).toBe(`mode 0666 → 0${f.mode.toString(8)}`);
    expect(plan.metaChanges[1]).toMatch(/^owner nobody/);
  });
});
