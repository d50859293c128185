import { describe, expect, it } from 'vitest';
import { defaultProfile } from './defaults';
import { parseProfile, parseProfileJson } from './parse';

describe('parseProfile', () => {
  it('accepts the default profile unchanged', () => {
    const { profile, problems } = parseProfile(defaultProfile());
    expect(problems).toEqual([]);
    expect(profile).toEqual(defaultProfile());
  });

  it('names a missing field by its path', () => {
    const input = defaultProfile() as unknown as Record<string, Record<string, unknown>>;
    delete input['tunnel']!['serverIpv4'];
    expect(parseProfile(input).problems).toEqual([
      { path: 'tunnel.serverIpv4', severity: 'error', message: 'is missing' },
    ]);
  });

  it('refuses unknown fields so a typo is not silently ignored', () => {
    const input = { ...defaultProfile(), tunnell: {} };
    const { profile, problems } = parseProfile(input);
    expect(profile).toBeUndefined();
    expect(problems[0]?.path).toBe('tunnell');
    expect(problems[0]?.message).toMatch(/not a known field/);
  });

  it('reports every wrong type at once, with what would be valid', () => {
    const input = defaultProfile() as unknown as Record<string, Record<string, unknown>>;
    input['tunnel']!['mtu'] = '1480';
    input['dhcpv6']!['mode'] = 'sometimes';
    input['firewall']!['logDrops'] = 1;
    const paths = parseProfile(input).problems.map((p) => `${p.path}: ${p.message}`);
    expect(paths).toEqual([
      'tunnel.mtu: must be a whole number from 0 to 65535, not text',
      'dhcpv6.mode: is "sometimes"; it must be one of: none, stateless, stateful',
      'firewall.logDrops: must be true or false, not a number',
    ]);
  });

  it('refuses a newer version with advice instead of guessing', () => {
    const { problems } = parseProfile({ ...defaultProfile(), version: 2 });
    expect(problems[0]?.message).toMatch(/newer than this v6wizard/);
  });

  it('turns broken JSON into a problem, not an exception', () => {
    expect(parseProfileJson('{"version": 1,').problems[0]?.message).toMatch(/not valid JSON/);
  });

  it('survives hostile shapes', () => {
    for (const input of [null, 42, 'x', [], { __proto__: { version: 1 } }, { router: null }]) {
      expect(() => parseProfile(input)).not.toThrow();
      expect(parseProfile(input).profile).toBeUndefined();
    }
  });
});
