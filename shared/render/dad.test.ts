import { expectRealChecksPass } from '../../tests/helpers/expect-checks';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../tests/helpers/golden';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { Profile } from '../profile/types';
import { renderDad } from './dad';
import { normaliseUnitName } from './dad-dropins';
import { networkUnitFor } from './dad-units';
import type { RenderedFile } from './types';

const ctx = { profileSource: 'test' };
const renderOf = (profile: Profile): RenderedFile[] => renderDad(profile, derive(profile), ctx);
function profileWith(change: (p: Profile) => void): Profile {
  const p = defaultProfile();
  change(p);
  return p;
}
const UNIT = '/etc/systemd/system/v6wizard-dad-wait.service';
const SCRIPT = '/usr/local/sbin/v6wizard-dad-wait';
const unitOf = (files: RenderedFile[]): string => files.find((f) => f.path === UNIT)?.content ?? '';

const CASES: Record<string, Profile> = {
  'dad-wait-ifupdown': profileWith((p) => (p.dad.services = ['nginx', 'ssh.service', 'chrony'])),
  'dad-wait-networkd': profileWith((p) => {
    p.router.networkSystem = 'systemd-networkd';
    p.dad.timeoutSeconds = 10;
  }),
  'dad-wait-iproute2': profileWith((p) => (p.router.networkSystem = 'iproute2')),
  'dad-sleep-ifupdown': profileWith((p) => {
    p.dad.strategy = 'sleep';
    p.dad.services = ['apache2'];
  }),
  'dad-sleep-netplan': profileWith((p) => {
    p.router.networkSystem = 'netplan';
    p.dad.strategy = 'sleep';
    p.dad.timeoutSeconds = 7;
  }),
  'dad-optimistic': profileWith((p) => {
    p.dad.strategy = 'optimistic';
    p.dad.services = ['nginx'];
  }),
  'dad-disable': profileWith((p) => {
    p.dad.strategy = 'disable';
    p.dad.services = ['nginx'];
  }),
};

describe('DAD golden cases', () => {
  for (const [name, profile] of Object.entries(CASES)) {
    it(`${name} matches its golden files and passes the real checkers`, () => {
      const files = renderOf(profile);
      expectGolden(name, files);
      expectRealChecksPass(files);
    });
  }
});

describe('DAD strategies', () => {
  it('wait: the tool on exactly the derived addresses, ordered before network-online', () => {
    const profile = profileWith((p) => (p.tunnel.clientIpv6 = '2001:DB8:0:1:0::2/64'));
    const unit = unitOf(renderOf(profile));
    expect(unit).toContain(`ExecStart=${SCRIPT} he-ipv6=2001:db8:0:1::2/64 eth1=2001:db8:1::1/64\n`);
    expect(unit).toContain('Before=network-online.target');
    expect(unit).toContain('WantedBy=network-online.target');
    // 60 s for the addresses to appear, at most 60 s of DAD each, 5 s for systemd to come after the tool.
    expect(unit).toContain('TimeoutStartSec=125');
  });

  it('wait: an explicit timeout goes to the tool and systemd waits a little longer', () => {
    const unit = unitOf(renderOf(profileWith((p) => (p.dad.timeoutSeconds = 12))));
    expect(unit).toContain(`ExecStart=${SCRIPT} --timeout 12 he-ipv6=`);
    expect(unit).toContain('TimeoutStartSec=77');
  });

  it('sleep: the same unit name, a fixed pause, and a warning', () => {
    const files = renderOf(profileWith((p) => (p.dad.strategy = 'sleep')));
    expect(files.map((f) => f.path)).toEqual([UNIT]);
    expect(unitOf(files)).toContain('ExecStart=/bin/sleep 4\n');
    expect(unitOf(files)).toContain('This is a race and slow');
  });

  it('disable: no unit, no drop-ins', () => {
    expect(
      renderOf(profileWith((p) => ((p.dad.strategy = 'disable'), (p.dad.services = ['nginx'])))),
    ).toEqual([]);
  });

  it('optimistic: the tool in a unit that only reports a duplicate; nothing waits for it, no drop-ins', () => {
    const files = renderOf(
      profileWith((p) => ((p.dad.strategy = 'optimistic'), (p.dad.services = ['nginx']))),
    );
    expect(files.map((f) => f.path)).toEqual([SCRIPT, '/etc/systemd/system/v6wizard-dad-wait.service']);
    const unit = files[1]!.content;
    expect(unit).toContain('Description=Report a duplicate');
    expect(unit).not.toContain('Before=network-online.target');
    expect(unit).toContain('WantedBy=multi-user.target');
    expect(unit).toMatch(
      /^ExecStart=\/usr\/local\/sbin\/v6wizard-dad-wait he-ipv6=2001:db8:0:1::2\/64 eth1=2001:db8:1::1\/64$/m,
    );
  });

  it('orders after the unit that brings the addresses up', () => {
    expect(networkUnitFor('ifupdown')).toBe('networking.service');
    expect(networkUnitFor('systemd-networkd')).toBe('systemd-networkd.service');
    expect(networkUnitFor('netplan')).toBe('systemd-networkd.service');
    expect(networkUnitFor('iproute2')).toBe('v6wizard-tunnel.service');
    expect(unitOf(renderOf(profileWith((p) => (p.router.networkSystem = 'netplan'))))).toContain(
      'After=network.target systemd-networkd.service\n',
    );
  });
});

describe('drop-ins', () => {
  it('normalises unit names', () => {
    expect(normaliseUnitName('nginx')).toBe('nginx.service');
    expect(normaliseUnitName('ssh.service')).toBe('ssh.service');
    expect(normaliseUnitName('avahi-daemon.socket')).toBe('avahi-daemon.socket');
    expect(normaliseUnitName('my.app')).toBe('my.app.service');
  });

  it('writes one drop-in per unit, once, with Wants, After and a start guard; SSH gets no guard', () => {
    const files = renderOf(
      profileWith((p) => (p.dad.services = ['nginx', 'nginx.service', 'ntpsec', 'ssh', 'chrony.socket'])),
    );
    const dropins = files.filter((f) => f.path.endsWith('/60-v6wizard-dad.conf'));
    expect(dropins.map((f) => f.path)).toEqual([
      '/etc/systemd/system/nginx.service.d/60-v6wizard-dad.conf',
      '/etc/systemd/system/ntpsec.service.d/60-v6wizard-dad.conf',
      '/etc/systemd/system/ssh.service.d/60-v6wizard-dad.conf',
      '/etc/systemd/system/chrony.socket.d/60-v6wizard-dad.conf',
    ]);
    const order = '\n[Unit]\nWants=v6wizard-dad-wait.service\nAfter=v6wizard-dad-wait.service\n';
    for (const d of dropins) expect(d.content).toContain(order);
    const [nginx, ntpsec, ssh, socket] = dropins.map((d) => d.content);
    for (const guarded of [nginx, ntpsec])
      expect(guarded).toMatch(
        /\n\[Service\]\nExecStartPre=\/bin\/sh -c 'systemctl is-active --quiet v6wizard-dad-wait\.service \|\| /,
      );
    for (const free of [ssh, socket]) {
      expect(free).not.toContain('[Service]');
      expect(free?.endsWith(order)).toBe(true);
    }
    expect(ssh).toContain('never depends on it');
  });

  it("the start guard fails a service's start exactly when the wait is not active, saying why", () => {
    const dropin = renderOf(profileWith((p) => (p.dad.services = ['nginx']))).find((f) =>
      f.path.endsWith('nginx.service.d/60-v6wizard-dad.conf'),
    );
    const line = /^ExecStartPre=\/bin\/sh -c '(.*)'$/m.exec(dropin?.content ?? '')?.[1];
    if (line === undefined) throw new Error('no guard');
    const dir = mkdtempSync(join(tmpdir(), 'v6wdad-guard-'));
    try {
      const guard = (waitState: 'active' | 'failed') => {
        writeFileSync(
          join(dir, 'systemctl'),
          `#!/bin/sh\n[ "$*" = "is-active --quiet v6wizard-dad-wait.service" ] && [ ${waitState} = active ]\n`,
          { mode: 0o755 },
        );
        return spawnSync('sh', ['-c', line], {
          encoding: 'utf8',
          env: { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` },
        });
      };
      expect(guard('active').status).toBe(0);
      const failed = guard('failed');
      expect(failed.status).toBe(1);
      expect(failed.stderr).toContain(
        'v6wizard: nginx.service not started: its IPv6 addresses did not pass duplicate address detection',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are read by systemd from the folder they are written to, without a warning', () => {
    const files = renderOf(profileWith((p) => (p.dad.services = ['v6wdadsvc'])));
    const dropin = files.find(
      (f) => f.path === '/etc/systemd/system/v6wdadsvc.service.d/60-v6wizard-dad.conf',
    );
    if (!dropin) throw new Error('no drop-in');
    // systemd-analyze verify loads units, and their .d folders, from SYSTEMD_UNIT_PATH. It only warns
    // about a bad key, so a deliberately bad copy proves the drop-in is read at all.
    const verify = (content: string): string => {
      const dir = mkdtempSync(join(tmpdir(), 'v6wdad-dropin-'));
      try {
        const oneshot = '[Service]\nType=oneshot\nExecStart=/bin/true\n';
        writeFileSync(join(dir, 'v6wdadsvc.service'), oneshot);
        writeFileSync(join(dir, 'v6wizard-dad-wait.service'), oneshot);
        mkdirSync(join(dir, 'v6wdadsvc.service.d'));
        writeFileSync(join(dir, 'v6wdadsvc.service.d', '60-v6wizard-dad.conf'), content);
        const r = spawnSync('systemd-analyze', ['verify', join(dir, 'v6wdadsvc.service')], {
          encoding: 'utf8',
          env: { ...process.env, SYSTEMD_UNIT_PATH: `${dir}:` },
        });
        expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
        return `${r.stdout}${r.stderr}`;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    };
    expect(verify(`${dropin.content}V6wizardBogus=1\n`)).toContain("Unknown key 'V6wizardBogus'");
    expect(verify(dropin.content)).toBe('');
  });
});

describe('the wait tool script', () => {
  it('passes shellcheck and bash -n, and starts with the shebang then the header', () => {
    const script = renderOf(defaultProfile()).find((f) => f.path === SCRIPT);
    if (!script) throw new Error('no script');
    expect(script.mode).toBe(0o755);
    expect(script.content.startsWith('#!/bin/bash\n# Made by v6wizard')).toBe(true);
    expect(script.content).not.toMatch(/\{\{/);
    const dir = mkdtempSync(join(tmpdir(), 'v6wdad-sc-'));
    try {
      const path = join(dir, 'v6wizard-dad-wait');
      writeFileSync(path, script.content, { mode: 0o755 });
      const sc = spawnSync('shellcheck', ['--shell=bash', '--severity=style', path], { encoding: 'utf8' });
      expect(sc.status, `${sc.stdout}${sc.stderr}`).toBe(0);
      const n = spawnSync('bash', ['-n', path], { encoding: 'utf8' });
      expect(n.status, n.stderr).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
