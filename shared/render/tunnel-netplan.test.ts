import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { Profile } from '../profile/types';
import { renderTunnelNetplan } from './tunnel-netplan';

function netplanProfile(lanInterface = 'eth1', subnetId = 0): Profile {
  const p = structuredClone(defaultProfile());
  p.router.networkSystem = 'netplan';
  p.router.lanInterface = lanInterface;
  p.lan.subnetId = subnetId;
  return p;
}

interface Generated {
  output: string;
  status: number | null;
  file: (name: string) => string;
}

/**
 * Runs the real `netplan generate --root-dir` on the person's own file plus v6wizard's, and returns
 * the networkd files netplan wrote, so the test sees what the router would actually apply.
 */
function generate(personYaml: string, p: Profile, personName = '01-netcfg.yaml'): Generated {
  const root = mkdtempSync(join(tmpdir(), 'v6wizard-netplan-'));
  try {
    const etc = join(root, 'etc/netplan');
    mkdirSync(etc, { recursive: true });
    writeFileSync(join(etc, personName), personYaml, { mode: 0o600 });
    const [ours] = renderTunnelNetplan(p, derive(p), { profileSource: p.name });
    if (!ours) throw new Error('no netplan file rendered');
    writeFileSync(join(etc, ours.path.split('/').pop() ?? ''), ours.content, { mode: ours.mode });
    const run = spawnSync('netplan', ['generate', '--root-dir', root], { encoding: 'utf8', timeout: 30_000 });
    const files = new Map<string, string>();
    const dir = join(root, 'run/systemd/network');
    if (run.status === 0) {
      for (const name of spawnSync('ls', [dir], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean)) {
        files.set(name, readFileSync(join(dir, name), 'utf8'));
      }
    }
    return {
      output: `${run.stdout}${run.stderr}`,
      status: run.status,
      file: (name) => {
        const content = files.get(name);
        if (content === undefined)
          throw new Error(
            `netplan did not write ${name}; it wrote ${[...files.keys()].join(', ')}\n${run.stderr}`,
          );
        return content;
      },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const PERSON_ETHERNETS = `network:
  version: 2
  renderer: networkd
  ethernets:
    eth0:
      dhcp4: true
    eth1:
      addresses: [192.168.1.1/24]
      nameservers:
        addresses: [192.168.1.1]
`;

describe('netplan generate accepts and merges the rendered file', () => {
  it("keeps the person's LAN configuration and adds the router's LAN address", () => {
    const g = generate(PERSON_ETHERNETS, netplanProfile());
    expect(g.status, g.output).toBe(0);
    // mode 0600: netplan says nothing about permissions.
    expect(g.output).not.toMatch(/permission/i);
    const lan = g.file('10-netplan-eth1.network');
    expect(lan).toContain('Address=192.168.1.1/24');
    expect(lan).toContain('DNS=192.168.1.1');
    expect(lan).toContain('Address=2001:db8:1::1/64');
    expect(g.file('10-netplan-eth0.network')).toContain('DHCP=ipv4');
  });

  it("switches off networkd's own RA handling on the WAN, the LAN and the tunnel (it ignores the sysctl)", () => {
    const g = generate(PERSON_ETHERNETS, netplanProfile());
    expect(g.status, g.output).toBe(0);
    for (const name of ['10-netplan-eth0.network', '10-netplan-eth1.network', '10-netplan-he-ipv6.network'])
      expect(g.file(name), name).toMatch(/^IPv6AcceptRA=(no|false)$/m);
    // The person's WAN keeps its own settings.
    expect(g.file('10-netplan-eth0.network')).toContain('DHCP=ipv4');
  });

  it("merges the same way when the person's file sorts after v6wizard's", () => {
    const g = generate(PERSON_ETHERNETS, netplanProfile(), '90-late.yaml');
    expect(g.status, g.output).toBe(0);
    const lan = g.file('10-netplan-eth1.network');
    expect(lan).toContain('Address=192.168.1.1/24');
    expect(lan).toContain('Address=2001:db8:1::1/64');
  });

  it('creates the sit tunnel with its address and the default route via the broker', () => {
    const g = generate(PERSON_ETHERNETS, netplanProfile());
    expect(g.status, g.output).toBe(0);
    const netdev = g.file('10-netplan-he-ipv6.netdev');
    for (const line of [
      'Name=he-ipv6',
      'Kind=sit',
      'MTUBytes=1480',
      'Local=198.51.100.20',
      'Remote=192.0.2.1',
      'TTL=255',
    ]) {
      expect(netdev).toContain(line);
    }
    const network = g.file('10-netplan-he-ipv6.network');
    for (const line of [
      'Address=2001:db8:0:1::2/64',
      'Destination=::/0',
      'Gateway=2001:db8:0:1::1',
      'GatewayOnLink=true',
    ]) {
      expect(network).toContain(line);
    }
  });

  it("a VLAN LAN is merged into the person's vlans: definition (subnet 258 = 0x102)", () => {
    const person = `network:
  version: 2
  ethernets:
    eth0: {dhcp4: true}
    eth1: {}
  vlans:
    eth1.10:
      id: 10
      link: eth1
      addresses: [192.168.10.1/24]
`;
    const g = generate(person, netplanProfile('eth1.10', 258));
    expect(g.status, g.output).toBe(0);
    const vlan = g.file('10-netplan-eth1.10.network');
    expect(vlan).toContain('Address=192.168.10.1/24');
    expect(vlan).toContain('Address=2001:db8:1:102::1/64');
    expect(g.file('10-netplan-eth1.10.netdev')).toContain('Id=10');
  });

  describe("a bridge LAN br0 with the port lan0, declared in the person's own file", () => {
    const person = `network:
  version: 2
  renderer: networkd
  ethernets:
    eth0:
      dhcp4: true
    lan0: {}
  bridges:
    br0:
      interfaces: [lan0]
      addresses: [192.168.1.1/24]
`;
    const bridgeProfile = (): Profile => {
      const p = netplanProfile('br0');
      p.router.lanDeviceType = 'bridge';
      p.router.lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
      return p;
    };

    it('is extended, not redefined: netplan accepts it and the bridge gets the address', () => {
      const g = generate(person, bridgeProfile());
      expect(g.status, g.output).toBe(0);
      expect(g.file('10-netplan-br0.netdev')).toContain('Kind=bridge');
      const br = g.file('10-netplan-br0.network');
      expect(br).toContain('Address=192.168.1.1/24');
      expect(br).toContain('Address=2001:db8:1::1/64');
      expect(br).toMatch(/^IPv6AcceptRA=(no|false)$/m);
    });

    it('the port takes no router advertisements and has no link-local address (seed 004)', () => {
      const g = generate(person, bridgeProfile());
      expect(g.status, g.output).toBe(0);
      const port = g.file('10-netplan-lan0.network');
      expect(port).toContain('Bridge=br0');
      expect(port).toMatch(/^IPv6AcceptRA=(no|false)$/m);
      expect(port).toMatch(/^LinkLocalAddressing=no$/m);
      expect(port).not.toContain('Address=');
    });

    it('the old rendering (ethernets: br0) is refused by netplan beside the same file', () => {
      const g = generate(person, netplanProfile('br0'));
      expect(g.status).not.toBe(0);
      expect(g.output).toContain('changes device type');
    });
  });

  it('a bond WAN is extended under bonds:, its ports untouched', () => {
    const person = `network:
  version: 2
  ethernets:
    wan0: {}
    wan1: {}
    eth1:
      addresses: [192.168.1.1/24]
  bonds:
    bond0:
      interfaces: [wan0, wan1]
      parameters: {mode: active-backup}
      dhcp4: true
`;
    const p = netplanProfile();
    p.router.wanInterface = 'bond0';
    p.router.wanDeviceType = 'bond';
    const g = generate(person, p);
    expect(g.status, g.output).toBe(0);
    expect(g.file('10-netplan-bond0.netdev')).toContain('Kind=bond');
    const bond = g.file('10-netplan-bond0.network');
    expect(bond).toContain('DHCP=ipv4');
    expect(bond).toMatch(/^IPv6AcceptRA=(no|false)$/m);
    expect(g.file('10-netplan-wan0.network')).toContain('Bond=bond0');
  });

  it('a LAN of another device type stops netplan instead of being silently redefined', () => {
    const person = `network:
  version: 2
  bridges:
    eth1:
      addresses: [192.168.1.1/24]
`;
    const g = generate(person, netplanProfile());
    expect(g.status).not.toBe(0);
    expect(g.output).toContain('changes device type');
  });
});
