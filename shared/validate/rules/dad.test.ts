import { describe, expect, it } from 'vitest';
import { dadRule } from './dad';
import { at, profileWith } from './testing';

describe('dadRule', () => {
  const withServices = (...s: string[]) => dadRule(profileWith((p) => (p.dad.services = s)));

  it('accepts systemd unit names with or without .service', () => {
    expect(withServices('nginx', 'ssh.service', 'getty@tty1', 'ntpsec', 'systemd-resolved', 'a:b_c')).toEqual(
      [],
    );
  });

  it.each(['', '-nginx', '.hidden', 'ng inx', 'a/b', 'x;reboot', 'ng\ninx', 'a'.repeat(65), '$(id)'])(
    'refuses %j',
    (name) => {
      expect(at(withServices(name), 'dad.services[0]')).toEqual([
        expect.stringMatching(/a systemd unit name is 1–64/),
      ]);
    },
  );

  it('warns about the same unit twice, with or without .service', () => {
    expect(at(withServices('nginx', 'nginx.service'), 'dad.services[1]')).toEqual([
      expect.stringMatching(/^warning: names nginx.service again/),
    ]);
  });

  it('warns about sleep and wants a pause of at least one second', () => {
    const problems = dadRule(profileWith((p) => (p.dad.strategy = 'sleep')));
    expect(at(problems, 'dad.strategy')).toEqual([
      expect.stringMatching(/^warning: is sleep: .*race.*wait waits on exactly/),
    ]);
    expect(at(problems, 'dad.timeoutSeconds')).toEqual([
      expect.stringMatching(/^error: is 0; with strategy sleep it is the pause/),
    ]);
    const withPause = dadRule(
      profileWith((p) => {
        p.dad.strategy = 'sleep';
        p.dad.timeoutSeconds = 3;
      }),
    );
    expect(at(withPause, 'dad.timeoutSeconds')).toEqual([]);
  });

  it('warns that disable leaves duplicates unnoticed', () => {
    expect(at(dadRule(profileWith((p) => (p.dad.strategy = 'disable'))), 'dad.strategy')).toEqual([
      expect.stringMatching(/^warning: .*duplicate addresses .* go unnoticed/),
    ]);
  });

  it('is fine with services listed under optimistic or disable (no wait needed)', () => {
    const problems = dadRule(
      profileWith((p) => {
        p.router.networkSystem = 'iproute2';
        p.dad.strategy = 'optimistic';
        p.dad.services = ['nginx'];
      }),
    );
    expect(problems.filter((p) => p.path.startsWith('dad.services'))).toEqual([]);
  });

  it('warns that the hand-set LAN address should not be optimistic (RFC 4429 §3.1) and says a duplicate is reported', () => {
    const problems = dadRule(
      profileWith((p) => {
        p.router.networkSystem = 'iproute2';
        p.dad.strategy = 'optimistic';
      }),
    );
    expect(at(problems, 'dad.strategy')).toEqual([
      expect.stringMatching(
        /^warning: is optimistic on the router's LAN address 2001:db8:1::1, which is set by hand: RFC 4429 §3\.1 .* v6wizard reports a duplicate when the kernel finds one .*; wait holds services back instead$/,
      ),
    ]);
  });

  it('warns that optimistic only reaches the LAN address where iproute2 adds it', () => {
    for (const system of ['ifupdown', 'systemd-networkd', 'netplan'] as const) {
      const problems = dadRule(
        profileWith((p) => {
          p.router.networkSystem = system;
          p.dad.strategy = 'optimistic';
        }),
      );
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ path: 'dad.strategy', severity: 'warning' });
      expect(problems[0]?.message).toContain(`${system} cannot mark a static address optimistic`);
    }
  });
});
