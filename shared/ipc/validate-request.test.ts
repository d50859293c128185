import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from './contract';
import { validateRequest } from './validate-request';

const PROFILE = { version: 1, name: 'x' };

const REVIEWED = 'ab'.repeat(32);
const APPLY = {
  routerId: 'abcdefgh12345678',
  profile: PROFILE,
  confirmTimeoutS: 60,
  installPackages: [] as string[],
  reviewed: REVIEWED,
};

/** For each channel: requests that must pass (and what comes out), and wrong shapes with the field named. */
const CASES: Record<Channel, { good: [unknown, unknown][]; bad: [unknown, RegExp][] }> = {
  'app:info': {
    good: [[{}, {}]],
    bad: [
      [null, /^request: must be an object/],
      [[], /^request:/],
      [{ x: 1 }, /^request\.x: is not a field/],
    ],
  },
  'profile:openDialog': {
    good: [[{}, {}]],
    bad: [
      ['', /^request:/],
      [{ path: '/a' }, /^request\.path: is not a field/],
    ],
  },
  'profile:recent': {
    good: [[{}, {}]],
    bad: [
      [undefined, /^request:/],
      [{ paths: [] }, /^request\.paths:/],
    ],
  },
  'profile:read': {
    good: [[{ path: '/home/a/p.json' }, { path: '/home/a/p.json' }]],
    bad: [
      [{}, /^request\.path: must be a file path/],
      [{ path: 7 }, /^request\.path: must be a file path/],
      [{ path: '' }, /^request\.path: must not be empty/],
      [{ path: '/a\0b' }, /^request\.path: must not contain a NUL/],
      [{ path: `/${'a'.repeat(5000)}` }, /^request\.path: is longer than 4096/],
      [{ path: '/a', mode: 1 }, /^request\.mode: is not a field/],
    ],
  },
  'profile:save': {
    good: [
      [{ text: '{}' }, { text: '{}' }],
      [
        { text: '{}', path: '/p.json' },
        { text: '{}', path: '/p.json' },
      ],
      [{ text: '{}', path: undefined }, { text: '{}' }],
    ],
    bad: [
      [{ path: '/p.json' }, /^request\.text: must be the profile as JSON text/],
      [{ text: { a: 1 } }, /^request\.text:/],
      [{ text: 'x'.repeat(1024 * 1024 + 1) }, /^request\.text: is longer than/],
      [{ text: '{}', path: 3 }, /^request\.path: must be a file path/],
    ],
  },
  'export:folder': {
    good: [
      [{ profile: PROFILE }, { profile: PROFILE }],
      [
        { profile: PROFILE, dir: '/tmp/x' },
        { profile: PROFILE, dir: '/tmp/x' },
      ],
    ],
    bad: [
      [{}, /^request\.profile: must be a profile object/],
      [{ profile: '{"version":1}' }, /^request\.profile:/],
      [{ profile: [PROFILE] }, /^request\.profile:/],
      [{ profile: PROFILE, dir: '' }, /^request\.dir: must not be empty/],
      [{ profile: PROFILE, dir: ['/tmp'] }, /^request\.dir: must be a folder path/],
      [{ profile: PROFILE, tar: '/x' }, /^request\.tar: is not a field/],
    ],
  },
  'export:archive': {
    good: [
      [
        { profile: PROFILE, format: 'zip' },
        { profile: PROFILE, format: 'zip' },
      ],
      [
        { profile: PROFILE, format: 'tar.gz' },
        { profile: PROFILE, format: 'tar.gz' },
      ],
    ],
    bad: [
      [{ profile: PROFILE }, /^request\.format: must be one of tar\.gz, zip/],
      [{ profile: PROFILE, format: 'rar' }, /^request\.format:/],
      [{ format: 'zip' }, /^request\.profile:/],
    ],
  },
  'secret:set': {
    good: [
      [
        { ref: 'he-update-key', value: 's3cret' },
        { ref: 'he-update-key', value: 's3cret' },
      ],
    ],
    bad: [
      [{ ref: 'he key', value: 'x' }, /^request\.ref: must be a secret name/],
      [{ ref: 'k' }, /^request\.value: must be the secret as text/],
      [{ ref: 'k', value: '' }, /^request\.value: must not be empty/],
      [{ ref: 'k', value: 'x'.repeat(5000) }, /^request\.value: is longer than/],
    ],
  },
  'secret:has': {
    good: [[{ ref: 'a.b:c_d-e' }, { ref: 'a.b:c_d-e' }]],
    bad: [
      [{}, /^request\.ref:/],
      [{ ref: 'x'.repeat(129) }, /^request\.ref:/],
      [{ ref: '../../etc' }, /^request\.ref:/],
    ],
  },
  'secret:delete': {
    good: [[{ ref: 'k' }, { ref: 'k' }]],
    bad: [
      [{ ref: 1 }, /^request\.ref:/],
      [{ ref: 'k', value: 'v' }, /^request\.value: is not a field/],
    ],
  },
  'router:connect': {
    good: [
      [
        { target: { host: '192.0.2.1', port: 22, user: 'root' }, auth: { kind: 'agent' } },
        { target: { host: '192.0.2.1', port: 22, user: 'root' }, auth: { kind: 'agent' } },
      ],
      [
        {
          target: { host: 'fe80::1%eth0', port: 2222, user: 'admin' },
          auth: { kind: 'password', password: 'pw' },
          sudoPassword: 'pw',
          acceptFingerprint: `SHA256:${'A'.repeat(43)}`,
        },
        {
          target: { host: 'fe80::1%eth0', port: 2222, user: 'admin' },
          auth: { kind: 'password', password: 'pw' },
          sudoPassword: 'pw',
          acceptFingerprint: `SHA256:${'A'.repeat(43)}`,
        },
      ],
      [
        {
          target: { host: 'router.lan', port: 22, user: 'a' },
          auth: { kind: 'key', identityFile: '/k', passphrase: 'p' },
        },
        {
          target: { host: 'router.lan', port: 22, user: 'a' },
          auth: { kind: 'key', identityFile: '/k', passphrase: 'p' },
        },
      ],
    ],
    bad: [
      [{ auth: { kind: 'agent' } }, /^request\.target: must be an object/],
      [
        { target: { host: '-oProxyCommand=x', port: 22, user: 'a' }, auth: { kind: 'agent' } },
        /^request\.target\.host:/,
      ],
      [{ target: { host: 'a b', port: 22, user: 'a' }, auth: { kind: 'agent' } }, /^request\.target\.host:/],
      [{ target: { host: 'h', port: 0, user: 'a' }, auth: { kind: 'agent' } }, /^request\.target\.port:/],
      [{ target: { host: 'h', port: 22.5, user: 'a' }, auth: { kind: 'agent' } }, /^request\.target\.port:/],
      [{ target: { host: 'h', port: 22, user: '-a' }, auth: { kind: 'agent' } }, /^request\.target\.user:/],
      [{ target: { host: 'h', port: 22, user: 'a;b' }, auth: { kind: 'agent' } }, /^request\.target\.user:/],
      [
        { target: { host: 'h', port: 22, user: 'a', x: 1 }, auth: { kind: 'agent' } },
        /^request\.target\.x: is not a field/,
      ],
      [{ target: { host: 'h', port: 22, user: 'a' }, auth: { kind: 'token' } }, /^request\.auth\.kind:/],
      [
        { target: { host: 'h', port: 22, user: 'a' }, auth: { kind: 'password', password: '' } },
        /^request\.auth\.password:/,
      ],
      [
        { target: { host: 'h', port: 22, user: 'a' }, auth: { kind: 'key', identityFile: '' } },
        /^request\.auth\.identityFile:/,
      ],
      [
        { target: { host: 'h', port: 22, user: 'a' }, auth: { kind: 'agent' }, acceptFingerprint: 'MD5:aa' },
        /^request\.acceptFingerprint:/,
      ],
      [
        { target: { host: 'h', port: 22, user: 'a' }, auth: { kind: 'agent' }, sudoPassword: 7 },
        /^request\.sudoPassword:/,
      ],
    ],
  },
  'router:detect': {
    good: [
      [{ routerId: 'abcdefgh12345678' }, { routerId: 'abcdefgh12345678' }],
      [
        { routerId: 'abcdefgh12345678', profile: PROFILE },
        { routerId: 'abcdefgh12345678', profile: PROFILE },
      ],
    ],
    bad: [
      [{}, /^request\.routerId: must be an id/],
      [{ routerId: '../../x' }, /^request\.routerId:/],
      [{ routerId: 'abcdefgh12345678', profile: 'x' }, /^request\.profile: must be a profile object/],
    ],
  },
  'router:plan': {
    good: [
      [
        { routerId: 'abcdefgh12345678', profile: PROFILE },
        { routerId: 'abcdefgh12345678', profile: PROFILE },
      ],
    ],
    bad: [
      [{ routerId: 'abcdefgh12345678' }, /^request\.profile: must be a profile object/],
      [{ routerId: 'short', profile: PROFILE }, /^request\.routerId:/],
    ],
  },
  'router:apply': {
    good: [
      [APPLY, APPLY],
      [
        { ...APPLY, installPackages: ['radvd', 'kea-dhcp6-server'] },
        { ...APPLY, installPackages: ['radvd', 'kea-dhcp6-server'] },
      ],
      [
        { ...APPLY, pingOutside: '2001:4860:4860:0:0::8888' },
        { ...APPLY, pingOutside: '2001:4860:4860::8888' },
      ],
    ],
    bad: [
      [{ ...APPLY, pingOutside: 'ipv6.google.com' }, /^request\.pingOutside: must be a global IPv6 address/],
      [{ ...APPLY, pingOutside: 'fd00::1' }, /^request\.pingOutside: must be a global IPv6 address/],
      [{ ...APPLY, pingOutside: '2001:db8::1; reboot' }, /^request\.pingOutside:/],
      [{ ...APPLY, pingOutside: 7 }, /^request\.pingOutside:/],
      [{ ...APPLY, confirmTimeoutS: 5 }, /^request\.confirmTimeoutS:/],
      [{ ...APPLY, installPackages: undefined }, /^request\.installPackages:/],
      // A bare yes is not consent to whatever the plan needs: the packages are named.
      [
        { ...APPLY, installPackages: true },
        /^request\.installPackages: must be the list of Debian package names/,
      ],
      [{ ...APPLY, installPackages: ['radvd; reboot'] }, /^request\.installPackages:/],
      [{ ...APPLY, reviewed: undefined }, /^request\.reviewed: must be the reviewed plan's hash/],
      [{ ...APPLY, reviewed: 'abc' }, /^request\.reviewed:/],
      [{ ...APPLY, profile: [] }, /^request\.profile:/],
    ],
  },
  'router:progress': {
    good: [
      [
        { jobId: 'abcdefgh12345678', after: 3 },
        { jobId: 'abcdefgh12345678', after: 3 },
      ],
    ],
    bad: [
      [{ jobId: 'abcdefgh12345678', after: -1 }, /^request\.after:/],
      [{ jobId: 'a b', after: 0 }, /^request\.jobId:/],
    ],
  },
  'router:cancel': {
    good: [[{ jobId: 'abcdefgh12345678' }, { jobId: 'abcdefgh12345678' }]],
    bad: [[{ jobId: 1 }, /^request\.jobId:/]],
  },
  'router:rollback': {
    good: [
      [{ routerId: 'abcdefgh12345678' }, { routerId: 'abcdefgh12345678' }],
      [
        { routerId: 'abcdefgh12345678', backupDir: '/var/backups/v6wizard/20261123-184500-abc123' },
        { routerId: 'abcdefgh12345678', backupDir: '/var/backups/v6wizard/20261123-184500-abc123' },
      ],
    ],
    bad: [
      [{ routerId: 'abcdefgh12345678', backupDir: '/etc' }, /^request\.backupDir:/],
      [
        { routerId: 'abcdefgh12345678', backupDir: '/var/backups/v6wizard/../../etc' },
        /^request\.backupDir:/,
      ],
    ],
  },
  'router:disconnect': {
    good: [[{ routerId: 'abcdefgh12345678' }, { routerId: 'abcdefgh12345678' }]],
    bad: [[{ routerId: 'abcdefgh12345678', x: 1 }, /^request\.x: is not a field/]],
  },
};

describe('validateRequest', () => {
  it('has cases for every channel', () => {
    expect(Object.keys(CASES).sort()).toEqual([...CHANNELS].sort());
  });

  describe.each(CHANNELS.map((c) => [c]))('%s', (channel) => {
    it('passes well-formed requests through as fresh objects holding only known fields', () => {
      for (const [input, output] of CASES[channel].good) {
        const r = validateRequest(channel, input);
        expect(r).toEqual({ ok: true, value: output });
        if (r.ok) expect(r.value).not.toBe(input);
      }
    });

    it('refuses wrong shapes with BAD_REQUEST naming the field', () => {
      for (const [input, message] of CASES[channel].bad) {
        const r = validateRequest(channel, input);
        expect(r.ok, JSON.stringify([input]).slice(0, 80)).toBe(false);
        if (!r.ok) {
          expect(r.error.code).toBe('BAD_REQUEST');
          expect(r.error.message).toMatch(message);
        }
      }
    });
  });

  it('does not let a prototype trick smuggle fields', () => {
    const r = validateRequest('profile:read', JSON.parse('{"path":"/a","__proto__":{"x":1}}'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^request\.__proto__: is not a field/);
  });
});
