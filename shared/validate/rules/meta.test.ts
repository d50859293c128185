import { describe, expect, it } from 'vitest';
import { metaRule } from './meta';
import { at, profileWith } from './testing';

describe('metaRule', () => {
  it('accepts a plain profile name', () => {
    expect(metaRule(profileWith((p) => (p.name = 'lab.router_2-b')))).toEqual([]);
  });

  it.each(['', ' home', 'home router', '-home', 'a"b', 'x\ny', 'ä', 'a'.repeat(65)])(
    'refuses the name %j',
    (name) => {
      const problems = at(metaRule(profileWith((p) => (p.name = name))), 'name');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^error: is ".*" — a profile name is 1–64 letters/);
    },
  );

  it('shows a hostile name escaped in the message, never raw', () => {
    const [message] = at(metaRule(profileWith((p) => (p.name = 'a\n\u202eb'))), 'name');
    expect(message).toContain('"a\\u{a}\\u{202e}b"');
    expect(message).not.toContain('\n');
  });

  it('allows newlines in the description but no other control or bidi characters', () => {
    expect(metaRule(profileWith((p) => (p.description = 'line one\nline two; $(x) ok')))).toEqual([]);
    for (const bad of ['tab\there', 'nul\u0000', 'esc\u001b[31m', 'rtl\u202e', 'sep\u2028', 'del\u007f']) {
      const problems = at(metaRule(profileWith((p) => (p.description = bad))), 'description');
      expect(problems, bad).toHaveLength(1);
      expect(problems[0]).toMatch(/^error: contains the invisible or control character U\+/);
    }
  });

  it('checks $schema when present', () => {
    expect(metaRule(profileWith((p) => (p.$schema = './profile.schema.json')))).toEqual([]);
    expect(at(metaRule(profileWith((p) => (p.$schema = 'x" onload="'))), '$schema')).toHaveLength(1);
  });
});
