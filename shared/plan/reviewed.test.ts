import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { render } from '../render';
import { buildPlan } from './plan';
import { reviewDifferences } from './reviewed';
import type { RemoteState } from './types';

const profile = defaultProfile();
const files = render(profile);
const empty: RemoteState = { files: [], programs: ['radvd', 'ip', 'nft', 'systemd-analyze'] };

describe('the reviewed plan: what runs is what the person reviewed', () => {
  it('hashes what the plan writes and what it read; the same inputs give the same hash in any order', () => {
    const a = buildPlan(profile, files, empty);
    const b = buildPlan(profile, [...files].reverse(), { ...empty, programs: [...empty.programs].reverse() });
    expect(a.reviewed).toMatch(/^[0-9a-f]{64}$/);
    expect(b.reviewed).toBe(a.reviewed);
    expect(reviewDifferences(a, b)).toEqual([]);
  });

  it('a file the router gained since the review: a new hash, and the file named', () => {
    const reviewed = buildPlan(profile, files, empty);
    const radvd = files.find((f) => f.path === '/etc/radvd.conf');
    if (radvd === undefined) throw new Error('the default profile renders /etc/radvd.conf');
    const now = buildPlan(profile, files, {
      ...empty,
      files: [{ path: radvd.path, content: 'interface eth1 { };\n', mode: 0o644, owner: 'root:root' }],
    });
    expect(now.reviewed).not.toBe(reviewed.reviewed);
    expect(reviewDifferences(reviewed, now)).toEqual([
      '/etc/radvd.conf: was new in the review, is changed now',
    ]);
  });

  it('a router that lost a program since the review: the package to install is named', () => {
    const reviewed = buildPlan(profile, files, empty);
    const now = buildPlan(profile, files, {
      ...empty,
      programs: empty.programs.filter((p) => p !== 'radvd'),
    });
    expect(now.reviewed).not.toBe(reviewed.reviewed);
    expect(reviewDifferences(reviewed, now)).toContain('packages to install now also: radvd');
  });

  it('a change no file or package shows (another firewall appeared): still a new hash, said as such', () => {
    const reviewed = buildPlan(profile, files, empty);
    const now = buildPlan(profile, files, {
      ...empty,
      dnsListeners: [
        { proto: 'udp', address: '127.0.0.53', port: 53, device: undefined, process: 'systemd-resolve' },
      ],
    });
    expect(now.reviewed).not.toBe(reviewed.reviewed);
    expect(reviewDifferences(reviewed, now).length).toBeGreaterThan(0);
  });

  it('a profile changed after the review writes other bytes: a new hash', () => {
    const changed = structuredClone(profile);
    changed.ra.maxIntervalSeconds += 10;
    expect(buildPlan(changed, render(changed), empty).reviewed).not.toBe(
      buildPlan(profile, files, empty).reviewed,
    );
  });
});
