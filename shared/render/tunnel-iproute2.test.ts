import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDaemonCheck } from '../../tests/helpers/daemon-check';
import { verifyUnits } from '../../tests/helpers/verify-units';
import { defaultProfile } from '../profile/defaults';
import { derive } from '../profile/derive';
import type { DadStrategy, Profile } from '../profile/types';
import { netDeviceUnit, renderTunnelIproute2 } from './tunnel-iproute2';
import type { RenderedFile } from './types';

function iproute2Profile(dad: DadStrategy, lanInterface = 'eth1'): Profile {
  const p = structuredClone(defaultProfile());
  p.router.networkSystem = 'iproute2';
  p.router.lanInterface = lanInterface;
  p.dad.strategy = dad;
  return p;
}

function renderOf(p: Profile): { script: RenderedFile; unit: RenderedFile; files: RenderedFile[] } {
  const files = renderTunnelIproute2(p, derive(p), { profileSource: p.name });
  const script = files.find((f) => f.path === '/usr/local/sbin/v6wizard-tunnel');
  const unit = files.find((f) => f.path === '/etc/systemd/system/v6wizard-tunnel.service');
  if (!script || !unit) throw new Error('script or unit missing');
  return { script, unit, files };
}

/**
 * Runs the script with a stand-in `ip` first on PATH that records every call. This kernel has no sit
 * support, so the real commands cannot run here; what is tested is the script's own logic: which
 * commands it issues when the tunnel and the LAN address already exist or not.
 */
function runWithFakeIp(
  script: string,
  arg: string,
  state: { tunnelExists: boolean; lanAddressPresent: boolean },
): { status: number | null; calls: string[]; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'v6wizard-fakeip-'));
  try {
    const log = join(dir, 'calls');
    writeFileSync(log, '');
    writeFileSync(
      join(dir, 'ip'),
      [
        '#!/bin/sh',
        `printf '%s\\n' "$*" >> '${log}'`,
        `case "$*" in`,
        `  "link show dev "*) exit ${state.tunnelExists ? 0 : 1} ;;`,
        `  "-6 -o addr show dev eth1 "*) ${state.lanAddressPresent ? "echo '2: eth1    inet6 2001:db8:1::1/64 scope global'" : 'true'} ;;`,
        'esac',
        'exit 0',
      ].join('\n'),
    );
    chmodSync(join(dir, 'ip'), 0o755);
    // sysctl too: the script must not change this machine's own interfaces.
    writeFileSync(join(dir, 'sysctl'), `#!/bin/sh\nprintf 'sysctl %s\\n' "$*" >> '${log}'\n`);
    chmodSync(join(dir, 'sysctl'), 0o755);
    const path = join(dir, 'v6wizard-tunnel');
    writeFileSync(path, script, { mode: 0o755 });
    const run = spawnSync('sh', [path, arg], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env['PATH'] ?? ''}` },
    });
    return {
      status: run.status,
      calls: readFileSync(log, 'utf8').split('\n').filter(Boolean),
      stderr: run.stderr,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('iproute2 script and unit pass their checkers', () => {
  for (const dad of ['wait', 'optimistic', 'disable'] as const) {
    it(`DAD ${dad}: sh -n, shellcheck, systemd-analyze verify`, () => {
      const { script, files } = renderOf(iproute2Profile(dad, 'eth1.10'));
      const syntax = runDaemonCheck(script);
      expect(syntax.ok, `${syntax.argv.join(' ')}\n${syntax.output}`).toBe(true);
      const shellcheck = spawnSync('shellcheck', ['--shell=sh', '-'], {
        input: script.content,
        encoding: 'utf8',
      });
      expect(shellcheck.status, `${shellcheck.stdout}${shellcheck.stderr}`).toBe(0);
      const units = verifyUnits(files);
      expect(units).toHaveLength(1);
      for (const u of units) expect(u.ok, `systemd-analyze verify ${u.path}\n${u.output}`).toBe(true);
    });
  }
});

describe('iproute2 script behaviour', () => {
  const { script } = renderOf(iproute2Profile('optimistic'));

  it('up on a fresh router adds the tunnel, then replaces addresses and the route', () => {
    const r = runWithFakeIp(script.content, 'up', { tunnelExists: false, lanAddressPresent: false });
    expect(r.status, r.stderr).toBe(0);
    expect(r.calls).toEqual([
      'link show dev he-ipv6',
      'tunnel add he-ipv6 mode sit remote 192.0.2.1 local 198.51.100.20 ttl 255',
      'link set dev he-ipv6 mtu 1480 up',
      '-6 -o addr show dev he-ipv6 to 2001:db8:0:1::2/128',
      '-6 addr replace 2001:db8:0:1::2/64 dev he-ipv6',
      '-6 route replace default via 2001:db8:0:1::1 dev he-ipv6 onlink',
      '-6 route replace unreachable 2001:db8:1::/48',
      'sysctl -q -w net.ipv6.conf.eth1.keep_addr_on_down=1',
      '-6 -o addr show dev eth1 to 2001:db8:1::1/128',
      '-6 addr replace 2001:db8:1::1/64 dev eth1 optimistic',
    ]);
  });

  it('up again changes the existing tunnel instead of failing on "add"', () => {
    const r = runWithFakeIp(script.content, 'up', { tunnelExists: true, lanAddressPresent: true });
    expect(r.status, r.stderr).toBe(0);
    expect(r.calls[1]).toBe('tunnel change he-ipv6 mode sit remote 192.0.2.1 local 198.51.100.20 ttl 255');
    expect(r.calls.some((c) => c.startsWith('tunnel add'))).toBe(false);
  });

  it('down removes the LAN address and the tunnel when present, and nothing when already gone', () => {
    const present = runWithFakeIp(script.content, 'down', { tunnelExists: true, lanAddressPresent: true });
    expect(present.status, present.stderr).toBe(0);
    expect(present.calls).toEqual([
      '-6 -o addr show dev eth1 to 2001:db8:1::1/128',
      '-6 addr del 2001:db8:1::1/64 dev eth1',
      '-6 route del unreachable 2001:db8:1::/48',
      'link show dev he-ipv6',
      'tunnel del he-ipv6',
    ]);
    const gone = runWithFakeIp(script.content, 'down', { tunnelExists: false, lanAddressPresent: false });
    expect(gone.status, gone.stderr).toBe(0);
    expect(gone.calls).toEqual([
      '-6 -o addr show dev eth1 to 2001:db8:1::1/128',
      '-6 route del unreachable 2001:db8:1::/48',
      'link show dev he-ipv6',
    ]);
  });

  it('refuses anything but up and down', () => {
    const r = runWithFakeIp(script.content, 'restart', { tunnelExists: false, lanAddressPresent: false });
    expect(r.status).toBe(2);
    expect(r.calls).toEqual([]);
    expect(r.stderr).toContain('usage:');
  });

  it('stops at the first failing command (set -eu)', () => {
    const broken = script.content.replace(
      'ip link set dev "$TUNNEL"',
      'false && ip link set dev "$TUNNEL"; false; ip link set dev "$TUNNEL"',
    );
    const r = runWithFakeIp(broken, 'up', { tunnelExists: false, lanAddressPresent: false });
    expect(r.status).not.toBe(0);
    expect(r.calls.some((c) => c.includes('route replace'))).toBe(false);
  });
});

describe('the tunnel unit waits for the LAN device', () => {
  it('names the device unit as systemd-escape --path does', () => {
    for (const iface of ['eth1', 'eth1.10', 'lan-1', 'br_0']) {
      const want = spawnSync(
        'systemd-escape',
        ['--path', '--suffix=device', `/sys/subsystem/net/devices/${iface}`],
        {
          encoding: 'utf8',
        },
      ).stdout.trim();
      expect(netDeviceUnit(iface), iface).toBe(want);
    }
  });

  it('wants and orders after the LAN device, so a LAN made late (a VLAN) is there when the address is set', () => {
    const { unit } = renderOf(iproute2Profile('wait', 'lan-1.10'));
    expect(unit.content).toContain(
      'Wants=sys-subsystem-net-devices-lan\\x2d1.10.device\nAfter=sys-subsystem-net-devices-lan\\x2d1.10.device\n',
    );
  });
});
