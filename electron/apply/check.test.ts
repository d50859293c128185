import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultProfile } from '../../shared/profile/defaults';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import { renderTunnelNetplan } from '../../shared/render/tunnel-netplan';
import { checkArgs } from './engine';
import { CHECK } from './scripts';
import { PERSON_BRIDGE } from '../../tests/helpers/person-netplan';

/**
 * check.sh's `{root}` checks with the real netplan: the router's own /etc/netplan (here a folder
 * bind-mounted over it in a private mount namespace; /run/netplan emptied; /lib/netplan is the
 * host's, which on Debian 12 holds netplan's own generator and no configuration) holds the person's bridge, and the apply's staged netplan file is checked together with it —
 * on a copy, so /etc/netplan never sees the new file, accepted or refused.
 */

let dir: string;
let etc: string;
let backup: string;
let stage: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'v6w-check-'));
  etc = join(dir, 'etc-netplan');
  backup = join(dir, 'backup');
  stage = join(dir, 'stage');
  for (const d of [etc, backup, join(stage, 'etc/netplan')]) mkdirSync(d, { recursive: true });
  writeFileSync(join(etc, '01-person.yaml'), PERSON_BRIDGE, { mode: 0o600 });
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function profile(bridge: boolean): Profile {
  const p = structuredClone(defaultProfile());
  p.router.networkSystem = 'netplan';
  p.router.lanInterface = 'br0';
  if (bridge) {
    p.router.lanDeviceType = 'bridge';
    p.router.lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
  }
  return p;
}

/** Stage the rendered netplan file and run check.sh on it as the apply does, /etc/netplan being `etc`. */
function check(p: Profile): { status: number | null; out: string } {
  const files = renderTunnelNetplan(p, derive(p), { profileSource: p.name });
  for (const f of files) writeFileSync(join(stage, f.path), f.content, { mode: f.mode });
  const prologue =
    'mount --bind "$1" /etc/netplan || exit 90; shift; ' +
    'if [ -d /run/netplan ]; then mount -t tmpfs none /run/netplan || exit 91; fi; ' +
    'exec bash "$@"';
  const r = spawnSync(
    'unshare',
    [
      '--mount',
      '--propagation',
      'private',
      'bash',
      '-c',
      prologue,
      'x',
      etc,
      '-c',
      CHECK,
      'v6wizard',
      backup,
      stage,
      ...checkArgs(files),
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("check.sh: netplan checked on a copy of the folders with the person's own file", () => {
  it('accepts a bridge LAN extended under bridges:, and /etc/netplan stays as it was', () => {
    const r = check(profile(true));
    expect(r.status, r.out).toBe(0);
    expect(r.out).toBe('ok      /etc/netplan/60-v6wizard.yaml (netplan)\n');
    expect(readdirSync(etc)).toEqual(['01-person.yaml']);
    // The temporary root is gone; only the staged file is left in the staging folder.
    expect(readdirSync(stage)).toEqual(['etc']);
  });

  it("refuses ethernets: br0 beside the person's bridges: br0 (exit 3), and nothing reaches /etc/netplan", () => {
    const r = check(profile(false));
    expect(r.status, r.out).toBe(3);
    expect(r.out).toContain('changes device type');
    expect(r.out).toMatch(
      /FAILED {2}\/etc\/netplan\/60-v6wizard\.yaml: netplan generate --root-dir \S+\/\.root-/,
    );
    expect(readdirSync(etc)).toEqual(['01-person.yaml']);
    expect(readdirSync(stage)).toEqual(['etc']);
  });
});
