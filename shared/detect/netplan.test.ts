import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netplanDevice, parseNetplanFiles } from './netplan';
import { parseYamlLite } from './yaml-lite';

/** What PyYAML (netplan's own tools use it) reads, every scalar as text (BaseLoader). */
function pyYaml(text: string): unknown {
  const py = spawnSync(
    'python3',
    ['-c', 'import sys, yaml, json; print(json.dumps(yaml.load(sys.stdin, Loader=yaml.BaseLoader)))'],
    { input: text, encoding: 'utf8' },
  );
  if (py.status !== 0) throw new Error(py.stderr);
  return JSON.parse(py.stdout);
}

describe('parseYamlLite', () => {
  it('reads block and flow collections, quotes and comments as netplan files write them', () => {
    const text = `# a comment
network:
  version: 2
  ethernets:
    eth0: {dhcp4: true, nameservers: {addresses: ["1.1.1.1", '9.9.9.9']}}
    "lan0": {} # trailing comment
  bridges:
    br0:
      interfaces:
      - lan0
      - 'lan1'
      addresses: [192.168.1.1/24]
      routes:
        - to: default
          via: 192.168.1.254
      parameters:
        stp: false
`;
    expect(parseYamlLite(text)).toEqual({
      network: {
        version: '2',
        ethernets: {
          eth0: { dhcp4: 'true', nameservers: { addresses: ['1.1.1.1', '9.9.9.9'] } },
          lan0: {},
        },
        bridges: {
          br0: {
            interfaces: ['lan0', 'lan1'],
            addresses: ['192.168.1.1/24'],
            routes: [{ to: 'default', via: '192.168.1.254' }],
            parameters: { stp: 'false' },
          },
        },
      },
    });
  });

  it('refuses what it does not read instead of guessing', () => {
    expect(() => parseYamlLite('network: &n\n  version: 2\n')).toThrow(/anchors/);
    expect(() => parseYamlLite('network:\n  a: [b, c\n')).toThrow(/does not close/);
    expect(() => parseYamlLite('network:\n    a: 1\n  b: 2\n')).toThrow(/indentation/);
  });

  it('agrees with a real YAML reader on what netplan itself generates from (python3 yaml)', () => {
    const text = `network:
  version: 2
  renderer: networkd
  ethernets:
    enp1s0:
      match: {macaddress: "52:54:00:12:34:56"}
      set-name: wan0
      dhcp4: yes
    lan0: {}
  bonds:
    bond0:
      interfaces: [lan0]
      parameters:
        mode: "802.3ad"
`;
    expect(parseYamlLite(text)).toEqual(pyYaml(text));
  });

  it("agrees with python3 yaml on every netplan file v6wizard's goldens hold", () => {
    const golden = join(import.meta.dirname, '../render/golden');
    const texts = readdirSync(golden)
      .filter((c) => c.includes('netplan'))
      .flatMap((c) => {
        const dir = join(golden, c, 'etc/netplan');
        try {
          return readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
        } catch {
          return [];
        }
      });
    expect(texts.length).toBeGreaterThanOrEqual(4);
    for (const t of texts) expect(parseYamlLite(t)).toEqual(pyYaml(t));
  });
});

const file = (path: string, content: string): { path: string; content: string } => ({ path, content });

describe('parseNetplanFiles', () => {
  it('finds the bridge LAN with its ports, a bond WAN and a VLAN, each under its type', () => {
    const f = parseNetplanFiles([
      file(
        '/etc/netplan/01-netcfg.yaml',
        `network:
  version: 2
  ethernets:
    wan0: {}
    wan1: {}
    lan0: {}
    lan1: {}
  bonds:
    bond0: {interfaces: [wan0, wan1], dhcp4: true}
  bridges:
    br0:
      interfaces: [lan0, lan1]
  vlans:
    lan.20: {id: 20, link: br0}
`,
      ),
    ]);
    expect(f.unread).toEqual([]);
    expect(netplanDevice(f, 'br0')).toMatchObject({ type: 'bridge', ports: ['lan0', 'lan1'] });
    expect(netplanDevice(f, 'bond0')).toMatchObject({ type: 'bond', ports: ['wan0', 'wan1'] });
    expect(netplanDevice(f, 'lan.20')).toMatchObject({ type: 'vlan', ports: ['br0'] });
    expect(netplanDevice(f, 'lan0')).toMatchObject({ type: 'ethernet', ports: [] });
  });

  it("follows netplan's order and shadowing, and never reads v6wizard's own file", () => {
    const f = parseNetplanFiles([
      file('/lib/netplan/10-x.yaml', 'network:\n  ethernets:\n    br0: {}\n'),
      file('/etc/netplan/10-x.yaml', 'network:\n  bridges:\n    br0: {interfaces: [lan0]}\n'),
      file('/etc/netplan/60-v6wizard.yaml', 'network:\n  ethernets:\n    br0: {accept-ra: false}\n'),
      file('/etc/netplan/90-more.yaml', 'network:\n  bridges:\n    br0: {interfaces: [lan1]}\n'),
    ]);
    expect(f.devices).toEqual([
      { name: 'br0', type: 'bridge', ports: ['lan0', 'lan1'], file: '/etc/netplan/10-x.yaml' },
    ]);
  });

  it('names a file it cannot read and still reads the others', () => {
    const f = parseNetplanFiles([
      file('/etc/netplan/01-a.yaml', 'network:\n  ethernets:\n    eth0: &x {}\n'),
      file('/etc/netplan/02-b.yaml', 'network:\n  ethernets:\n    eth1: {}\n'),
    ]);
    expect(f.unread).toEqual([
      { file: '/etc/netplan/01-a.yaml', why: expect.stringMatching(/anchors/) as string },
    ]);
    expect(f.devices.map((d) => d.name)).toEqual(['eth1']);
  });
});
