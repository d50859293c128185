import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../shared/profile/defaults';
import { EXAMPLES } from '../steps/examples';
import { baseName, openProfileText, profileFileName, profileJson } from './profile-io';

describe('profile files', () => {
  it('opens every example and saves it back to the same data, version included', () => {
    // The same bundled examples the Start step offers; all six must be there.
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(6);
    for (const { name, text } of EXAMPLES) {
      const opened = openProfileText(text);
      expect(opened.ok, name).toBe(true);
      if (!opened.ok) continue;
      const saved = JSON.parse(profileJson(opened.profile)) as Record<string, unknown>;
      expect(saved, name).toEqual(JSON.parse(text));
      expect(saved['version']).toBe(1);
    }
  });

  it('refuses text that is not a profile, saying why, instead of half-loading it', () => {
    const notJson = openProfileText('{ nope');
    expect(notJson.ok).toBe(false);
    if (!notJson.ok) expect(notJson.problems[0]?.message).toMatch(/not valid JSON/);
    const future = openProfileText(JSON.stringify({ ...defaultProfile(), version: 99 }));
    expect(future.ok).toBe(false);
    if (!future.ok) expect(future.problems.map((p) => p.path)).toContain('version');
  });

  it('makes a safe download name', () => {
    expect(profileFileName({ ...defaultProfile(), name: 'my router/../x' })).toBe('my-router-..-x.json');
    expect(profileFileName({ ...defaultProfile(), name: '///' })).toBe('profile.json');
    expect(baseName('/home/a/b.json')).toBe('b.json');
    expect(baseName('C:\\Users\\a\\b.json')).toBe('b.json');
  });
});
