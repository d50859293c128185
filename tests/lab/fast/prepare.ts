import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseProfile } from '../../../shared/profile/parse';
import type { Profile } from '../../../shared/profile/types';
import { cli, ensureCliBuilt } from '../../cli/cli-bin';
import { TOPOLOGY } from './topology';

/**
 * An example profile made to fit the fast lab: the lab's WAN and LAN interface names and its IPv4
 * addresses replace the example's. The tunnel's name stays, because the lab names its stand-in for
 * the sit tunnel after it. Everything else — prefixes, DHCPv6, firewall, DAD — is the example's own.
 */
export function fitToLab(example: Profile): Profile {
  const { $schema: _schema, ...rest } = example;
  return {
    ...rest,
    router: { ...rest.router, wanInterface: TOPOLOGY.router.wan, lanInterface: TOPOLOGY.router.lan },
    tunnel: { ...rest.tunnel, localIpv4: TOPOLOGY.router.wanIpv4, serverIpv4: TOPOLOGY.isp.wanIpv4 },
  };
}

export function loadExample(path: string): Profile {
  const parsed = parseProfile(JSON.parse(readFileSync(path, 'utf8')) as unknown);
  if (parsed.profile === undefined) {
    throw new Error(
      `${path}: not a profile: ${parsed.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    );
  }
  return parsed.profile;
}

/**
 * Write the fitted profile into `dir` and export it with the real command-line tool, exactly as a
 * person would (`v6wizard export PROFILE --out DIR`), which validates it first. Returns the export folder.
 */
export function exportForLab(profile: Profile, dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'profile.json');
  writeFileSync(file, `${JSON.stringify(profile, null, 2)}\n`);
  const out = join(dir, 'export');
  ensureCliBuilt();
  const run = cli(['export', file, '--out', out]);
  if (run.status !== 0)
    throw new Error(`v6wizard export failed (${run.status}):\n${run.stdout}${run.stderr}`);
  return out;
}
