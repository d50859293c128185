import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpBrokerUpdater } from '../apply/broker';
import { defaultProfile } from '../../shared/profile/defaults';
import { parseApplyArgs, readBrokerKey } from './apply-args';
import { brokerOption } from './apply-command';

const KEY = 'k3y-SECRET-value';
const host = ['--host', 'admin@192.0.2.10', '--identity', '/dev/null'];
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'v6w-apply-args-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const keyFile = (text: string): string => {
  const f = join(dir, 'key');
  writeFileSync(f, text, { mode: 0o600 });
  return f;
};

describe('parseApplyArgs', () => {
  it('without --broker-key-file there is no key; the defaults stay', () => {
    const a = parseApplyArgs('apply', [...host, 'p.json']);
    expect(a).toMatchObject({ yes: false, confirmTimeoutS: 60, brokerKey: undefined, profile: 'p.json' });
  });

  it.each([
    ['--broker-key-file FILE', (f: string) => ['--broker-key-file', f]],
    ['--broker-key-file=FILE', (f: string) => [`--broker-key-file=${f}`]],
  ])('%s: the key is the first line of the file, trimmed; the other options still parse', (_, opt) => {
    const f = keyFile(`  ${KEY}\r\nsecond line is not the key\n`);
    const a = parseApplyArgs('apply', [...host, '--yes', ...opt(f), '--confirm-timeout', '30', 'p.json']);
    expect(a).toMatchObject({ brokerKey: KEY, yes: true, confirmTimeoutS: 30, profile: 'p.json' });
  });

  it('a key file without a line end works', () => {
    expect(parseApplyArgs('apply', [...host, '--broker-key-file', keyFile(KEY), 'p.json'])).toMatchObject({
      brokerKey: KEY,
    });
  });

  it('a missing, unreadable or empty key file is a usage error naming the file, never the content', () => {
    const missing = join(dir, 'absent');
    expect(parseApplyArgs('apply', [...host, '--broker-key-file', missing, 'p.json'])).toEqual({
      error: `--broker-key-file ${missing} cannot be read (ENOENT)`,
    });
    expect(parseApplyArgs('apply', [...host, '--broker-key-file', dir, 'p.json'])).toEqual({
      error: `--broker-key-file ${dir} cannot be read (EISDIR)`,
    });
    const empty = keyFile(`\n${KEY}\n`);
    const e = parseApplyArgs('apply', [...host, '--broker-key-file', empty, 'p.json']);
    expect(e).toEqual({ error: `--broker-key-file ${empty}: the first line (the update key) is empty` });
    expect(JSON.stringify(e)).not.toContain(KEY);
    expect(parseApplyArgs('apply', [...host, 'p.json', '--broker-key-file'])).toEqual({
      error: '--broker-key-file takes a file name',
    });
  });

  it('the key file is read through the given reader (nothing else is opened)', () => {
    const read: string[] = [];
    const a = parseApplyArgs('apply', [...host, '--broker-key-file', 'k.txt', 'p.json'], undefined, (p) => {
      read.push(p);
      return `${KEY}\n`;
    });
    expect(read).toEqual(['k.txt']);
    expect(a).toMatchObject({ brokerKey: KEY });
  });

  it('--ping-outside takes a global IPv6 address, canonical; anything else is a usage error naming the rule', () => {
    expect(parseApplyArgs('apply', [...host, 'p.json'])).toMatchObject({ pingOutside: undefined });
    expect(
      parseApplyArgs('apply', [...host, '--ping-outside', '2001:4860:4860:0::8888', 'p.json']),
    ).toMatchObject({
      pingOutside: '2001:4860:4860::8888',
      profile: 'p.json',
    });
    expect(parseApplyArgs('apply', [...host, '--ping-outside=2001:db8:eeee::1', 'p.json'])).toMatchObject({
      pingOutside: '2001:db8:eeee::1',
    });
    for (const bad of [
      ['--ping-outside', 'ipv6.google.com'],
      ['--ping-outside', 'fe80::1'],
      ['--ping-outside=-x'],
      ['--ping-outside'],
    ])
      expect(parseApplyArgs('apply', [...host, ...bad, 'p.json']), bad.join(' ')).toEqual({
        error: '--ping-outside must be a global IPv6 address (2000::/3, no name), e.g. 2001:4860:4860::8888',
      });
    expect(parseApplyArgs('plan', [...host, '--ping-outside', '2001:db8::1', 'p.json'])).toEqual({
      error: expect.stringContaining("Unknown option '--ping-outside'") as unknown,
    });
  });

  it('plan and rollback do not take --broker-key-file', () => {
    const f = keyFile(KEY);
    for (const command of ['plan', 'rollback']) {
      const r = parseApplyArgs(command, [...host, '--broker-key-file', f, 'p.json']);
      expect(r).toEqual({ error: expect.stringContaining("Unknown option '--broker-key-file'") as unknown });
    }
  });
});

describe('readBrokerKey', () => {
  it('returns the first line only', () => {
    expect(readBrokerKey('x', () => `${KEY}\nother`)).toEqual({ key: KEY });
  });
});

describe('brokerOption (what apply passes to the engine)', () => {
  const withUpdate = defaultProfile();
  withUpdate.tunnel.update = { username: 'alice', tunnelId: '123456', updateKey: { secretRef: 'he-key' } };
  const without = defaultProfile();
  delete without.tunnel.update;

  it('the real HTTPS updater and the key, when the profile has tunnel.update and a key was given', () => {
    expect(brokerOption(withUpdate, KEY)).toEqual({
      broker: { updateKey: KEY, updater: httpBrokerUpdater },
    });
  });

  it('nothing without a key (the engine then reports the update as skipped) or without tunnel.update', () => {
    expect(brokerOption(withUpdate, undefined)).toEqual({});
    expect(brokerOption(without, KEY)).toEqual({});
  });
});
