import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from './defaults';
import { parseProfile } from './parse';
import schema from './profile.schema.json';

const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
const check = ajv.compile(schema);
const examplesDir = join(import.meta.dirname, '../../examples');
const examples = readdirSync(examplesDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, value: JSON.parse(readFileSync(join(examplesDir, f), 'utf8')) as unknown }));

describe('the shipped JSON Schema', () => {
  it('accepts the default profile', () => {
    expect(check(defaultProfile()), JSON.stringify(check.errors)).toBe(true);
  });

  it.each(examples)('accepts examples/$file', ({ value }) => {
    expect(check(value), JSON.stringify(check.errors)).toBe(true);
  });

  it('agrees with the parser on which fields exist: an unknown field fails both', () => {
    const input = { ...defaultProfile(), router: { ...defaultProfile().router, wanIface: 'eth0' } };
    expect(check(input)).toBe(false);
    expect(parseProfile(input).profile).toBeUndefined();
  });

  it('agrees with the parser on required fields', () => {
    const sections = ['router', 'tunnel', 'lan', 'ra', 'dhcpv6', 'firewall', 'dad'] as const;
    for (const section of sections) {
      for (const key of Object.keys(defaultProfile()[section])) {
        const input = structuredClone(defaultProfile()) as unknown as Record<string, Record<string, unknown>>;
        delete input[section]![key];
        const parserRefuses = parseProfile(input).profile === undefined;
        expect(check(input), `schema on missing ${section}.${key}`).toBe(!parserRefuses);
      }
    }
  });

  it('refuses values outside the ranges a person can edit by hand', () => {
    const input = structuredClone(defaultProfile());
    input.tunnel.mtu = 1500;
    expect(check(input)).toBe(false);
  });
});
