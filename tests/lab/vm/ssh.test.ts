import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { remoteCommand, sshArgv } from './ssh';

/** Arguments that would break naive quoting: quotes, expansions, separators, globs, newlines. */
const HOSTILE = [
  'plain',
  '',
  'two words',
  "it's",
  "'",
  "''",
  '"double"',
  '$(touch /tmp/v6lab-pwned)',
  '`id`',
  '${HOME}',
  'a;b',
  'a && b',
  '|',
  '*',
  '~',
  '-n',
  '--',
  'line\nbreak',
  'tab\there',
  '\\',
  'ümlaut ✓',
];

describe('remoteCommand: argv quoted for the remote login shell', () => {
  it('round-trips every argument unchanged through sh -c (what sshd runs)', () => {
    const cmd = remoteCommand(['printf', '%s\\0', ...HOSTILE]);
    // sshd runs the command as `$SHELL -c CMD`; root's shell in the VM is bash, Debian's sh is dash: both.
    for (const shell of ['sh', 'bash']) {
      const r = spawnSync(shell, ['-c', cmd], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.split('\0').slice(0, -1)).toEqual(HOSTILE);
    }
  });

  it('quotes each argument, so a program name with a space stays one word', () => {
    expect(remoteCommand(['echo', 'a b'])).toBe("'echo' 'a b'");
    expect(remoteCommand(["it's"])).toBe("'it'\\''s'");
  });

  it('refuses an empty argv (that would open an interactive shell) and NUL bytes', () => {
    expect(() => remoteCommand([])).toThrow(/empty argv/);
    expect(() => remoteCommand(['a\0b'])).toThrow(/NUL/);
  });

  it('pins the host key and puts the command after --', () => {
    const argv = sshArgv({ port: 2222, clientKey: '/k', knownHosts: '/kh', controlPath: '/c' }, ['true']);
    expect(argv).toContain('StrictHostKeyChecking=yes');
    expect(argv).toContain('UserKnownHostsFile=/kh');
    expect(argv).toContain('HostKeyAlias=v6lab-vm');
    expect(argv).toContain('ControlPath=/c');
    expect(argv.slice(-3)).toEqual(['root@127.0.0.1', '--', "'true'"]);
  });
});
