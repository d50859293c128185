import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildExport } from '../../shared/export';
import { defaultProfile } from '../../shared/profile/defaults';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import { renderTunnelNetplan } from '../../shared/render/tunnel-netplan';
import type { RenderedFile } from '../../shared/render/types';
import { makeFakeRoot, runAsRouter, snapshot, undoScripts } from './fake-root';
import { checkScript } from './script-checks';
import { PERSON_BRIDGE } from '../helpers/person-netplan';

/**
 * install.sh's behaviour on a fixed set of files that exercise every path through it — independent
 * of what the renderers produce, which tests/daemons/examples.test.ts covers.
 */
const RADVD_OK = 'interface eth1 {\n  AdvSendAdvert on;\n  prefix 2001:db8:1::/64 { };\n};\n';
const ODD = "/etc/v6wizard/odd name's $(touch pwned)";

function files(radvd = RADVD_OK): RenderedFile[] {
  return [
    {
      path: '/etc/sysctl.d/60-v6wizard-test.conf',
      mode: 0o644,
      owner: 'root',
      content: 'net/ipv6/conf/eth1/accept_ra = 0\n',
      stage: 'sysctl',
      description: 'No RAs on the LAN.',
    },
    {
      path: ODD,
      mode: 0o600,
      owner: 'root:root',
      content: 'a file whose name needs quoting\n',
      stage: 'network',
      description: 'Quoting.',
    },
    {
      path: '/etc/systemd/system/v6wizard-test-wait.service',
      mode: 0o644,
      owner: 'root',
      service: 'v6wizard-test-wait.service',
      content:
        '[Unit]\nDescription=test\n\n[Service]\nType=oneshot\nExecStart=/usr/local/sbin/v6wizard-test-wait\n\n[Install]\nWantedBy=multi-user.target\n',
      validate: ['systemd-analyze', 'verify', '{file}'],
      stage: 'dad',
      description: 'A unit whose check needs the script below installed first.',
    },
    {
      path: '/usr/local/sbin/v6wizard-test-wait',
      mode: 0o755,
      owner: 'root',
      content: '#!/bin/sh\nexit 0\n',
      stage: 'dad',
      description: 'The script.',
    },
    {
      path: '/etc/radvd.conf',
      mode: 0o644,
      owner: 'root',
      service: 'radvd.service',
      content: radvd,
      validate: ['radvd', '--configtest', '-C', '{file}'],
      stage: 'ra',
      description: 'RAs.',
    },
    {
      path: '/etc/v6wizard/rules.v6',
      mode: 0o644,
      owner: 'root',
      content:
        '*filter\n:INPUT DROP [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A INPUT -i lo -j ACCEPT\nCOMMIT\n',
      validate: ['ip6tables-nft-restore', '--test', '{file}'],
      stage: 'firewall',
      description: 'Rules.',
    },
    {
      path: '/etc/v6wizard/forwarding-test',
      mode: 0o644,
      owner: 'root',
      content: 'the last stage\n',
      stage: 'forwarding',
      description: 'Stands for the forwarding unit.',
    },
  ];
}

let work: string;
let root: string;
let out: string;

/** Lay the export out on disk (the CLI's writer is tested on its own in electron/export). */
function exportFiles(list: RenderedFile[], profile = defaultProfile()): string {
  for (const e of buildExport({
    profile,
    files: list,
    version: '0.0.0-test',
    folder: 'out',
  })) {
    const file = join(out, e.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, e.content);
    chmodSync(file, e.mode);
  }
  return join(out, 'install.sh');
}

const tempLeftovers = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) =>
    p.split('/').some((s) => s.startsWith('.v6wizard-')),
  );

beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'v6wizard-install-'));
  out = join(work, 'out');
  root = makeFakeRoot();
  writeFileSync(join(root, 'etc/radvd.conf'), '# the old radvd.conf\n', { mode: 0o640 });
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
});

describe('install.sh', () => {
  it('is shellcheck-clean', () => {
    const script = exportFiles(files());
    for (const c of checkScript(script, readFileSync(script, 'utf8')))
      expect(c.ok, `${c.tool}\n${c.output}`).toBe(true);
  });

  it('--dry-run shows the changes with a diff and touches nothing', () => {
    const script = exportFiles(files());
    const before = snapshot(root);
    const run = runAsRouter(root, script, ['--dry-run']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('would replace  /etc/radvd.conf');
    expect(run.stdout).toContain('-# the old radvd.conf');
    expect(run.stdout).toContain('would create  /etc/sysctl.d/60-v6wizard-test.conf');
    expect(run.stdout).toContain('would run: sysctl -p /etc/sysctl.d/60-v6wizard-test.conf');
    // ifupdown (the default profile): the tunnel is re-created, the LAN only gets its address.
    expect(run.stdout).toContain('would run: ifup -- he-ipv6');
    expect(run.stdout).toContain('would run: ip -6 addr replace 2001:db8:1::1/64 dev eth1');
    expect(run.stdout).not.toContain('ifdown -- eth1');
    expect(run.stdout).toContain('would run: systemctl daemon-reload');
    expect(run.stdout).toContain('would run: systemctl restart -- radvd.service');
    expect(run.stdout).toContain('7 file(s) would change');
    expect(snapshot(root)).toEqual(before);
    expect(existsSync(join(root, 'var/backups/v6wizard'))).toBe(false);
  });

  it('installs with backups and checks, is idempotent, and undo.sh restores the root exactly', () => {
    const script = exportFiles(files());
    const before = snapshot(root);
    const first = runAsRouter(root, script);
    expect(first.status, `${first.stdout}\n${first.stderr}`).toBe(0);
    expect(first.stdout).toMatch(
      /installed {2}\/etc\/radvd\.conf \(backed up to .*\/var\/backups\/v6wizard\/[0-9-]+\/files\/etc\/radvd\.conf\)/,
    );
    expect(first.stdout).toContain('installed  /usr/local/sbin/v6wizard-test-wait (new file)');
    expect(first.stdout).toContain('not run (V6WIZARD_ROOT is set): systemctl enable -- radvd.service');
    // Scripts go in before the units that start them, or systemd-analyze verify would fail.
    expect(first.stdout.indexOf('/usr/local/sbin/v6wizard-test-wait')).toBeLessThan(
      first.stdout.indexOf('v6wizard-test-wait.service'),
    );
    for (const f of files()) {
      const st = statSync(join(root, f.path));
      expect(readFileSync(join(root, f.path), 'utf8')).toBe(f.content);
      expect(st.mode & 0o7777, f.path).toBe(f.mode);
    }
    expect(existsSync(join(root, 'pwned'))).toBe(false);
    expect(tempLeftovers(root)).toEqual([]);

    const [undo] = undoScripts(root);
    expect(undo).toBeDefined();
    expect(readFileSync(join(undo!, '../files/etc/radvd.conf'), 'utf8')).toBe('# the old radvd.conf\n');
    for (const c of checkScript(undo!, readFileSync(undo!, 'utf8')))
      expect(c.ok, `${c.tool}\n${c.output}`).toBe(true);

    const second = runAsRouter(root, script);
    expect(second.status, second.stderr).toBe(0);
    const reported = second.stdout.split('\n').filter((l) => /^(unchanged|installed) /.test(l));
    expect(reported.sort()).toEqual(
      files()
        .map((f) => `unchanged  ${f.path}`)
        .sort(),
    );
    expect(second.stdout).toContain('nothing changed');
    expect(undoScripts(root)).toHaveLength(1);

    const undone = runAsRouter(root, undo!);
    expect(undone.status, undone.stderr).toBe(0);
    expect(undone.stdout).toContain('restored /etc/radvd.conf');
    expect(snapshot(root)).toEqual(before);
  });

  it('stops at a file that fails its check, leaving the old file and installing nothing after it', () => {
    const script = exportFiles(files('interface eth1 { this is not radvd syntax\n'));
    const run = runAsRouter(root, script);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('/etc/radvd.conf failed its check (radvd --configtest -C ');
    expect(readFileSync(join(root, 'etc/radvd.conf'), 'utf8')).toBe('# the old radvd.conf\n');
    // Fail closed: the firewall (an earlier stage) is in place, the forwarding stage never came.
    expect(existsSync(join(root, 'etc/v6wizard/rules.v6'))).toBe(true);
    expect(existsSync(join(root, 'etc/v6wizard/forwarding-test'))).toBe(false);
    expect(existsSync(join(root, 'etc/sysctl.d/60-v6wizard-test.conf'))).toBe(true);
    expect(tempLeftovers(root)).toEqual([]);
  });

  it('refuses an export whose files were changed after it was made', () => {
    const script = exportFiles(files());
    writeFileSync(join(out, 'files/etc/radvd.conf'), 'tampered\n');
    const before = snapshot(root);
    const run = runAsRouter(root, script);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('does not match manifest.json (sha256)');
    expect(readFileSync(join(root, 'etc/radvd.conf'), 'utf8')).toBe('# the old radvd.conf\n');
    // Only the files before the tampered one may have been installed; radvd.conf and after were not.
    expect(existsSync(join(root, 'etc/v6wizard/forwarding-test'))).toBe(false);
    expect(Object.keys(snapshot(root)).length).toBeGreaterThanOrEqual(Object.keys(before).length);
  });

  it('names the missing package and changes nothing when a program is missing', () => {
    const list = files();
    list[0] = { ...list[0]!, validate: ['v6wizard-no-such-checker', '{file}'] };
    const script = exportFiles(list);
    const before = snapshot(root);
    const run = runAsRouter(root, script);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('These programs are needed and missing: v6wizard-no-such-checker');
    expect(run.stdout).toContain('  sudo apt-get install v6wizard-no-such-checker');
    expect(snapshot(root)).toEqual(before);
  });

  it('refuses, before any change, an ifupdown LAN that nothing raises at boot (ifquery), unless its own file does', () => {
    const interfaces = (text: string): void => {
      mkdirSync(join(root, 'etc/network/interfaces.d'), { recursive: true });
      writeFileSync(
        join(root, 'etc/network/interfaces'),
        `source interfaces.d/*\nauto lo\niface lo inet loopback\n${text}`,
      );
    };
    interfaces('iface eth0 inet dhcp\nauto eth0\n');
    const before = snapshot(root);
    const refused = runAsRouter(root, exportFiles(files()));
    expect(refused.status, refused.stderr).toBe(1);
    expect(refused.stdout).toContain(
      'No auto or allow-hotplug line in /etc/network/interfaces and the files it sources raises eth1, so the LAN address',
    );
    expect(refused.stdout).toContain('Nothing was changed.');
    expect(snapshot(root)).toEqual(before);

    // The export's own file raises the LAN (router.raiseLanAtBoot): nothing to refuse.
    const raise = defaultProfile();
    raise.router.raiseLanAtBoot = true;
    rmSync(out, { recursive: true });
    const own = runAsRouter(root, exportFiles(files(), raise));
    expect(own.status, own.stdout + own.stderr).toBe(0);

    // The person's own line raises it (in a sourced file): installs as well.
    rmSync(root, { recursive: true });
    root = makeFakeRoot();
    interfaces('');
    writeFileSync(join(root, 'etc/network/interfaces.d/lan'), 'allow-hotplug eth1\niface eth1 inet manual\n');
    rmSync(out, { recursive: true });
    const person = runAsRouter(root, exportFiles(files()));
    expect(person.status, person.stdout + person.stderr).toBe(0);
  });

  it('rejects unknown options with status 2', () => {
    const script = exportFiles(files());
    const run = runAsRouter(root, script, ['--force']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown option: --force');
  });
});

describe("install.sh on a netplan router whose LAN is the person's bridge br0", () => {
  let tmp: string;
  beforeEach(() => {
    mkdirSync(join(root, 'etc/netplan'), { recursive: true });
    writeFileSync(join(root, 'etc/netplan/01-person.yaml'), PERSON_BRIDGE, { mode: 0o600 });
    tmp = join(work, 'tmp');
    mkdirSync(tmp);
  });

  const netplanExport = (bridge: boolean): string => {
    const p: Profile = structuredClone(defaultProfile());
    p.router.networkSystem = 'netplan';
    p.router.lanInterface = 'br0';
    if (bridge) {
      p.router.lanDeviceType = 'bridge';
      p.router.lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
    }
    return exportFiles(renderTunnelNetplan(p, derive(p), { profileSource: p.name }), p);
  };

  it("checks the new file beside the person's own and installs it", () => {
    const script = netplanExport(true);
    const dry = runAsRouter(root, script, ['--dry-run']);
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('  checked first with: netplan generate --root-dir {root}');
    expect(dry.stdout).toContain(
      '  ({root}: a copy of /lib/netplan /etc/netplan /run/netplan with the new file in place)',
    );
    const run = runAsRouter(root, script, [], undefined, { TMPDIR: tmp });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
    expect(run.stdout).toContain('installed  /etc/netplan/60-v6wizard.yaml (new file)');
    expect(readdirSync(join(root, 'etc/netplan')).sort()).toEqual(['01-person.yaml', '60-v6wizard.yaml']);
    // The check's copy is gone, and netplan wrote nothing into the router root itself.
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(root, 'run'))).toBe(false);
  });

  it('refuses ethernets: br0 (the old rendering) and switches nothing: the file never lands in /etc/netplan', () => {
    const script = netplanExport(false);
    const before = snapshot(root);
    const run = runAsRouter(root, script, [], undefined, { TMPDIR: tmp });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('changes device type');
    expect(run.stderr).toContain(
      '/etc/netplan/60-v6wizard.yaml failed its check (netplan generate --root-dir ',
    );
    expect(readdirSync(join(root, 'etc/netplan'))).toEqual(['01-person.yaml']);
    expect(tempLeftovers(root)).toEqual([]);
    expect(readdirSync(tmp)).toEqual([]);
    // Only the backup folder (which holds undo.sh for nothing) may differ.
    expect(snapshot(root)).toEqual(before);
  });
});
