import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import type { RenderedFile } from '../render/types';
import { buildExport, manifest } from './index';
import { unitName } from './install-script';
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
