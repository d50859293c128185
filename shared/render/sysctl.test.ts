import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectGolden } from '../../tests/helpers/golden';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { DadStrategy, Profile } from '../profile/types';
import { renderSysctl } from './sysctl';
import type { RenderedFile } from './types';

function sysctlProfile(dad: DadStrategy, lanInterface = 'eth1'): Profile {
  const p = structuredClone(defaultProfile());
  p.dad.strategy = dad;
  p.router.lanInterface = lanInterface;
  return p;
}

function renderOne(p: Profile): RenderedFile {
  const [file, ...rest] = renderSysctl(p, derive(p), { profileSource: p.name });
  if (!file || rest.length > 0) throw new Error('expected exactly one sysctl file');
  return file;
}

function sh(argv: string[]): { status: number | null; output: string } {
  const run = spawnSync(argv[0] ?? '', argv.slice(1), { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

const namespaces: string[] = [];
let counter = 0;

afterEach(() => {
  for (const ns of namespaces.splice(0)) sh(['ip', 'netns', 'del', ns]);
});

/** A throwaway network namespace holding veths with the profile's WAN and LAN names. */
function namespaceWith(interfaces: string[]): string {
  const ns = `v6wsysctl${process.pid}x${counter++}`;
  const add = sh(['ip', 'netns', 'add', ns]);
  if (add.status !== 0) throw new Error(`ip netns add: ${add.output}`);
  namespaces.push(ns);
  interfaces.forEach((name, i) => {
    const link = sh(['ip', '-n', ns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', `peer${i}`]);
    if (link.status !== 0) throw new Error(`ip link add ${name}: ${link.output}`);
  });
  return ns;
}

function read(ns: string, key: string): string {
  const r = sh(['ip', 'netns', 'exec', ns, 'cat', `/proc/sys/${key}`]);
  if (r.status !== 0) throw new Error(`cannot read ${key}: ${r.output}`);
  return r.output.trim();
}

/** Applies the file inside the namespace with the given tool; the copy keeps the file's name. */
function apply(
  ns: string,
  file: RenderedFile,
  tool: 'sysctl' | 'systemd-sysctl',
): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'v6wizard-sysctl-'));
  try {
    const copy = join(dir, basename(file.path));
    writeFileSync(copy, file.content);
    const argv = tool === 'sysctl' ? ['sysctl', '-p', copy] : ['/lib/systemd/systemd-sysctl', copy];
    return sh(['ip', 'netns', 'exec', ns, ...argv]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const CASES = [
  { name: 'sysctl-wait', dad: 'wait', lan: 'eth1' },
  { name: 'sysctl-optimistic', dad: 'optimistic', lan: 'eth1' },
  { name: 'sysctl-disable', dad: 'disable', lan: 'eth1' },
  { name: 'sysctl-vlan-disable', dad: 'disable', lan: 'eth1.10' },
] as const;

describe('renderSysctl golden cases', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const file = renderOne(sysctlProfile(c.dad, c.lan));
      expect(file.stage).toBe('sysctl');
      expect(file.content.startsWith('# Made by v6wizard from the profile "home-router".')).toBe(true);
      expectGolden(c.name, [file]);
    });
  }

  it('sleep leaves the kernel defaults, like wait', () => {
    expect(renderOne(sysctlProfile('sleep')).content).toBe(renderOne(sysctlProfile('wait')).content);
  });

  it('writes every per-interface key in the slash form and none for the tunnel', () => {
    const content = renderOne(sysctlProfile('optimistic', 'eth1.10')).content;
    const keys = content.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    // Forwarding is the forwarding unit's, switched on only after the firewall (forwarding.test.ts).
    expect(keys).toEqual([
      'net/ipv6/conf/eth0/accept_ra = 0',
      'net/ipv6/conf/eth1.10/accept_ra = 0',
      'net/ipv6/conf/eth1.10/optimistic_dad = 1',
      'net/ipv6/conf/eth1.10/use_optimistic = 1',
    ]);
    expect(content).not.toContain('he-ipv6');
  });
});

describe('the kernel accepts the file (sysctl -p and systemd-sysctl in a network namespace)', () => {
  const expected: Record<DadStrategy, Record<string, string>> = {
    wait: { accept_dad: '1', optimistic_dad: '0', use_optimistic: '0' },
    sleep: { accept_dad: '1', optimistic_dad: '0', use_optimistic: '0' },
    optimistic: { accept_dad: '1', optimistic_dad: '1', use_optimistic: '1' },
    disable: { accept_dad: '0', optimistic_dad: '0', use_optimistic: '0' },
  };
  for (const c of CASES) {
    for (const tool of ['sysctl', 'systemd-sysctl'] as const) {
      it(`${c.name} with ${tool}: exits 0 and every value reads back`, () => {
        const ns = namespaceWith(['eth0', c.lan]);
        // Start from the opposite of what the file sets, so reading back proves the file did it.
        expect(read(ns, 'net/ipv6/conf/all/forwarding')).toBe('0');
        expect(read(ns, `net/ipv6/conf/${c.lan}/accept_ra`)).toBe('1');
        const r = apply(ns, renderOne(sysctlProfile(c.dad, c.lan)), tool);
        expect(r.status, r.output).toBe(0);
        // The file never switches forwarding on: that is the forwarding unit's, after the firewall.
        expect(read(ns, 'net/ipv6/conf/all/forwarding')).toBe('0');
        expect(read(ns, 'net/ipv6/conf/eth0/accept_ra')).toBe('0');
        expect(read(ns, `net/ipv6/conf/${c.lan}/accept_ra`)).toBe('0');
        for (const [key, value] of Object.entries(expected[c.dad])) {
          expect(read(ns, `net/ipv6/conf/${c.lan}/${key}`), key).toBe(value);
        }
      });
    }
  }
});
