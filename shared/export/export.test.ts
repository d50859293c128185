import { describe, expect, it } from 'vitest';
import { expectGoldenText } from '../../tests/helpers/golden';
import { derive } from '../profile/derive';
import { renderTunnelNetplan } from '../render/tunnel-netplan';
import { defaultProfile } from '../profile/defaults';
import type { RenderedFile } from '../render/types';
import { buildExport, manifest } from './index';
import { unitName } from './stage-units';
import { sha256 } from './sha256';

const FILES: RenderedFile[] = [
  {
    path: '/etc/systemd/system/v6wizard-x.service',
    mode: 0o644,
    owner: 'root',
    service: 'v6wizard-x',
    content: '[Unit]\n',
    validate: ['systemd-analyze', 'verify', '{file}'],
    stage: 'dad',
    description: 'The unit.',
  },
  {
    path: '/usr/local/sbin/v6wizard-x',
    mode: 0o755,
    owner: 'root',
    content: '#!/bin/sh\n',
    stage: 'dad',
    description: 'The script it starts.',
  },
  {
    path: '/etc/sysctl.d/60-v6wizard.conf',
    mode: 0o644,
    owner: 'root',
    content: 'net.ipv6.conf.all.forwarding = 1\n',
    stage: 'sysctl',
    description: 'Forwarding.',
  },
];

describe('manifest', () => {
  it('lists files in install order: stage first, then scripts before the units that start them', () => {
    const m = manifest(defaultProfile(), FILES, '1.2.3');
    expect(m.files.map((f) => f.path)).toEqual([
      '/etc/sysctl.d/60-v6wizard.conf',
      '/usr/local/sbin/v6wizard-x',
      '/etc/systemd/system/v6wizard-x.service',
    ]);
    expect(m).toMatchObject({ v6wizard: '1.2.3', profile: 'home-router' });
  });

  it('writes modes as octal text, hashes the content, and omits service and validate when absent', () => {
    const [sysctl, script, unit] = manifest(defaultProfile(), FILES, '1').files;
    expect(sysctl).toEqual({
      path: '/etc/sysctl.d/60-v6wizard.conf',
      mode: '0644',
      owner: 'root',
      stage: 'sysctl',
      sha256: sha256('net.ipv6.conf.all.forwarding = 1\n'),
      description: 'Forwarding.',
    });
    expect(script?.mode).toBe('0755');
    expect(unit).toMatchObject({ service: 'v6wizard-x', validate: ['systemd-analyze', 'verify', '{file}'] });
  });
});

describe('buildExport', () => {
  const entries = buildExport({ profile: defaultProfile(), files: FILES, version: '1', folder: 'out' });
  const byPath = new Map(entries.map((e) => [e.path, e]));

  it('lays out files/, manifest.json, install.sh and README.txt', () => {
    expect([...byPath.keys()].sort()).toEqual(
      [
        'README.txt',
        'files/etc/sysctl.d/60-v6wizard.conf',
        'files/etc/systemd/system/v6wizard-x.service',
        'files/usr/local/sbin/v6wizard-x',
        'install.sh',
        'manifest.json',
      ].sort(),
    );
    expect(byPath.get('install.sh')?.mode).toBe(0o755);
    expect(byPath.get('install.sh')?.content.startsWith('#!/bin/bash\n# Made by v6wizard')).toBe(true);
  });

  it('explains every file in README.txt', () => {
    const readme = byPath.get('README.txt')?.content ?? '';
    for (const f of FILES) {
      expect(readme).toContain(f.path);
      expect(readme).toContain(f.description);
    }
    expect(readme).toContain('sudo ./install.sh --dry-run');
    expect(readme).toContain('undo.sh');
  });

  it('refuses paths that could leave files/', () => {
    for (const path of ['etc/x', '/etc/../x', '/etc//x', '/etc/./x']) {
      expect(
        () =>
          buildExport({
            profile: defaultProfile(),
            files: [{ ...FILES[0]!, path }],
            version: '1',
            folder: 'o',
          }),
        path,
      ).toThrow(/unsafe path/);
    }
  });

  it('refuses a profile name that would break out of the header comment', () => {
    const profile = { ...defaultProfile(), name: 'x\nreboot' };
    expect(() => buildExport({ profile, files: FILES, version: '1', folder: 'o' })).toThrow(
      /control character/,
    );
  });
});

describe('unitName', () => {
  it('adds .service only when no unit suffix is there', () => {
    expect(unitName('radvd')).toBe('radvd.service');
    expect(unitName('radvd.service')).toBe('radvd.service');
    expect(unitName('v6wizard-dad.target')).toBe('v6wizard-dad.target');
  });
});

describe('an export for a netplan router whose LAN is a bridge', () => {
  const p = defaultProfile();
  p.name = 'netplan-bridge';
  p.router.networkSystem = 'netplan';
  p.router.lanInterface = 'br0';
  p.router.lanDeviceType = 'bridge';
  p.router.lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
  const files = renderTunnelNetplan(p, derive(p), { profileSource: p.name });
  const entries = buildExport({ profile: p, files, version: '0.0.0-golden', folder: 'out' });
  const text = (path: string): string => entries.find((e) => e.path === path)?.content ?? '';

  it("lists the netplan check on a copy of netplan's folders in the manifest", () => {
    const m = JSON.parse(text('manifest.json')) as ReturnType<typeof manifest>;
    expect(m.files[0]).toMatchObject({
      path: '/etc/netplan/60-v6wizard.yaml',
      validate: ['netplan', 'generate', '--root-dir', '{root}'],
      checkRoot: ['/lib/netplan', '/etc/netplan', '/run/netplan'],
    });
    expectGoldenText('shared/export/golden/netplan-bridge/manifest.json', text('manifest.json'));
  });

  it('puts the netplan file with its folders and its check in install.sh', () => {
    const install = text('install.sh');
    expect(install).toMatch(
      /^put '\/etc\/netplan\/60-v6wizard\.yaml' '0600' 'root:root' '[0-9a-f]{64}' '' '' '3' '\/lib\/netplan' '\/etc\/netplan' '\/run\/netplan' 'netplan' 'generate' '--root-dir' '\{root\}'$/m,
    );
    expectGoldenText('shared/export/golden/netplan-bridge/install.sh.golden', install);
    expectGoldenText('shared/export/golden/netplan-bridge/README.txt', text('README.txt'));
  });
});
