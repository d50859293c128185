import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { DadStrategy, Profile } from '../profile/types';
import { renderTunnelNetworkd } from './tunnel-networkd';

const NETWORK_DIR = '/etc/systemd/network';

/** The person's own WAN and LAN files, which v6wizard's drop-ins extend. */
const PERSON_FILES: Record<string, string> = {
  '10-wan.network': '[Match]\nName=eth0\n\n[Network]\nDHCP=ipv4\n',
  '20-lan.network': '[Match]\nName=eth1\n\n[Network]\nAddress=192.168.1.1/24\n',
};

function networkdProfile(dad: DadStrategy): Profile {
  const p = structuredClone(defaultProfile());
  p.router.networkSystem = 'systemd-networkd';
  p.router.wanNetworkFile = '10-wan.network';
  p.router.lanNetworkFile = '20-lan.network';
  p.dad.strategy = dad;
  return p;
}

/**
 * Runs the real systemd-networkd (252) on a folder of configuration, in private mount and network
 * namespaces so the host's network and its networkd are untouched: the folder is bind-mounted over
 * /etc/systemd/network, tmpfs hides /run/systemd and /run/dbus, and veths named eth0/eth1 exist.
 * networkd parses every file at start-up and logs each key it cannot use with the file's path, so
 * the output is the parser's verdict. It is stopped after a few seconds.
 */
function runNetworkd(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'v6wizard-networkd-'));
  try {
    // networkd drops to the systemd-network user before it reads its configuration.
    chmodSync(dir, 0o755);
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true, mode: 0o755 });
      writeFileSync(join(dir, rel), content, { mode: 0o644 });
    }
    const script = [
      'set -e',
      'mount -t tmpfs tmpfs /run/systemd',
      'if [ -d /run/dbus ]; then mount -t tmpfs tmpfs /run/dbus; fi',
      `mount --bind "$1" ${NETWORK_DIR}`,
      'ip link add eth0 type veth peer name eth0p',
      'ip link add eth1 type veth peer name eth1p',
      'SYSTEMD_LOG_LEVEL=debug SYSTEMD_LOG_TARGET=console timeout 4 /lib/systemd/systemd-networkd || true',
    ].join('\n');
    const run = spawnSync('unshare', ['--mount', '--net', '--fork', 'sh', '-c', script, 'sh', dir], {
      encoding: 'utf8',
      timeout: 30_000,
    });
    if (run.status !== 0) throw new Error(`could not run systemd-networkd in a namespace: ${run.stderr}`);
    return `${run.stdout}${run.stderr}`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Lines where networkd complains about one of the configuration files (it names the file). */
function complaints(output: string): string[] {
  return output.split('\n').filter((l) => l.includes(`${NETWORK_DIR}/`) || l.includes(`in ${NETWORK_DIR}`));
}

function configFolder(p: Profile): Record<string, string> {
  const rendered = renderTunnelNetworkd(p, derive(p), { profileSource: p.name });
  const files: Record<string, string> = { ...PERSON_FILES };
  for (const f of rendered) files[f.path.slice(NETWORK_DIR.length + 1)] = f.content;
  return files;
}

describe('systemd-networkd accepts the rendered files', () => {
  it('the check itself notices unknown keys, in the main files and in the drop-ins', () => {
    const files = configFolder(networkdProfile('wait'));
    const append = (name: string, text: string): void => {
      files[name] = `${files[name] ?? ''}${text}`;
    };
    append('60-v6wizard-he-ipv6.netdev', 'NoSuchTunnelKey=1\n');
    append('20-lan.network.d/60-v6wizard-lan.conf', 'NoSuchAddressKey=1\n');
    const found = complaints(runNetworkd(files)).join('\n');
    expect(found).toMatch(/NoSuchTunnelKey/);
    expect(found).toMatch(/NoSuchAddressKey/);
  });

  for (const dad of ['wait', 'disable'] as const) {
    it(`DAD ${dad}: no complaint, and the sit netdev is loaded`, () => {
      const output = runNetworkd(configFolder(networkdProfile(dad)));
      expect(complaints(output), output).toEqual([]);
      expect(output).toContain('he-ipv6: loaded "sit"');
    });
  }
});
