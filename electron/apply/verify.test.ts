import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { derive } from '../../shared/profile/derive';
import { describe, expect, it } from 'vitest';
import { FIREWALL_BACKENDS, type FirewallBackend, type Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { VERIFY } from './scripts';
import { likelyCause, parseVerify, type VerifyResult } from './verify';

/**
 * verify.sh run for real in a throwaway network namespace (`unshare -n`, as root) that plays a router
 * whose tunnel, broker and LAN address are all up: a veth stands in for the tunnel (this kernel has no
 * sit; the VM tests run it against a real one), and the "broker" and the "outside host" are addresses
 * on the namespace's own loopback, so they answer without anything outside. What it prints must read
 * back through parseVerify, and the outside ping must be there only when asked for.
 */
const example = (name: string): Profile =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../examples', `${name}.json`), 'utf8')) as Profile;

const SETUP = [
  'set -e',
  'ip link set lo up',
  // No DAD on the new links: their link-local addresses would still be tentative while verify runs
  // (which verify rightly reports; here the router is meant to be settled).
  'sysctl -q -w net.ipv6.conf.default.accept_dad=0',
  'ip link add tun6 type veth peer name tun6-peer',
  'ip link set tun6 up',
  'ip link set tun6-peer up',
  'ip -6 addr add 2001:db8:0:1::2/64 dev tun6 nodad',
  'ip -6 addr add 2001:db8:0:1::1/128 dev lo', // the broker's end of the tunnel
  'ip -6 addr add 2001:db8:eeee::1/128 dev lo', // the outside host
  'ip -6 addr add 2001:db8:5::1/64 dev tun6-peer nodad', // the router's LAN address
  'ip -6 route add default dev tun6',
  'sysctl -q -w net.ipv6.conf.all.forwarding=1',
].join('\n');

function runVerify(
  outside: string,
  boot?: { etcNetwork: string; lan6: string },
): { stdout: string; stderr: string; status: number | null } {
  // The boot check reads /etc/network through ifquery: a private mount namespace shows it the test's.
  const mount = boot ? `mount --make-rprivate / && mount --bind "$V6W_ETC_NETWORK" /etc/network\n` : '';
  const args = [
    'tun6',
    '2001:db8:0:1::1',
    'tun6-peer',
    '0',
    '0',
    '0',
    'iptables-nft',
    outside,
    boot?.lan6 ?? '2001:db8:5::1',
    ...(boot ? ['ifupdown'] : []),
  ];
  const r = spawnSync(
    'unshare',
    [
      ...(boot ? ['-m'] : []),
      '-n',
      'bash',
      '-c',
      `${mount}${SETUP}\nexec bash -c "$1" verify "\${@:2}"`,
      'setup',
      VERIFY,
      ...args,
    ],
    { encoding: 'utf8', timeout: 30_000, env: { ...process.env, V6W_ETC_NETWORK: boot?.etcNetwork ?? '' } },
  );
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

describe('verify.sh on a namespace router', () => {
  it('says ok for a working router, with the outside ping only when an address is given', () => {
    const files = render(example('he-ifupdown-slaac'));
    const without = runVerify('');
    expect(without.status, without.stderr).toBe(0);
    const plain = parseVerify(without.stdout, files);
    expect(plain.map((v) => `${v.name}:${v.ok}`)).toEqual([
      'tunnel:true',
      'broker:true',
      'route:true',
      'forwarding:true',
      'dad:true',
    ]);

    const withOutside = parseVerify(runVerify('2001:db8:eeee::1').stdout, files);
    expect(withOutside.find((v) => v.name === 'outside')).toMatchObject({ ok: true });
    expect(withOutside.find((v) => v.name === 'outside')?.detail).toMatch(/3 received/);
  });

  it('fails the outside ping for an address that does not answer, and names the likely cause', () => {
    const profile = example('he-ifupdown-slaac');
    const results = parseVerify(runVerify('2001:db8:ffff::1').stdout, render(profile));
    expect(results.filter((v) => !v.ok).map((v) => v.name)).toEqual(['outside']);
    const cause = likelyCause(results, profile);
    expect(cause).toMatch(/^the broker's tunnel address answers, but the outside address does not answer/);
    expect(cause).toContain(profile.tunnel.routedPrefix);
  });
});

describe('verify.sh boot check (ifupdown)', () => {
  /** An /etc/network whose interfaces file sources v6wizard's rendered file, for the namespace's names. */
  function etcNetwork(raise: boolean): { etcNetwork: string; lan6: string } {
    const profile = example('he-ifupdown-slaac');
    profile.router.lanInterface = 'tun6-peer';
    profile.tunnel.interface = 'tun6';
    profile.router.raiseLanAtBoot = raise;
    const ours = render(profile).find((f) => f.path === '/etc/network/interfaces.d/v6wizard');
    if (!ours) throw new Error('no ifupdown file rendered');
    const dir = mkdtempSync(join(tmpdir(), 'v6w-etc-network-'));
    mkdirSync(join(dir, 'interfaces.d'));
    writeFileSync(
      join(dir, 'interfaces'),
      'source /etc/network/interfaces.d/*\nauto lo\niface lo inet loopback\n',
    );
    writeFileSync(join(dir, 'interfaces.d/v6wizard'), ours.content);
    return { etcNetwork: dir, lan6: derive(profile).lanRouter };
  }

  it('fails "set live only" for a LAN no line raises at boot, and passes once v6wizard’s file raises it', () => {
    const files = render(example('he-ifupdown-slaac'));
    const live = etcNetwork(false);
    const failed = parseVerify(runVerify('', live).stdout, files).find((v) => v.name === 'boot');
    rmSync(live.etcNetwork, { recursive: true });
    expect(failed).toMatchObject({ ok: false });
    expect(failed?.detail).toMatch(/^set live only: no auto or allow-hotplug line raises tun6-peer at boot/);
    expect(likelyCause([failed!], example('he-ifupdown-slaac'))).toMatch(/only live/);

    const raised = etcNetwork(true);
    const ok = parseVerify(runVerify('', raised).stdout, files).find((v) => v.name === 'boot');
    rmSync(raised.etcNetwork, { recursive: true });
    expect(ok, ok?.detail).toMatchObject({ ok: true });
    expect(ok?.detail).toContain(`tun6-peer with ${raised.lan6}`);
  });
});

describe('likelyCause', () => {
  const profile = example('he-ifupdown-slaac');
  const r = (failed: string[]) =>
    ['tunnel', 'broker', 'route', 'outside', 'dad'].map((name) => ({
      name,
      ok: !failed.includes(name),
      detail: '',
    }));

  it('names the first broken link in the chain, not a later symptom of it', () => {
    // A broker that does not answer also makes the outside ping fail; protocol 41 is the cause to say.
    expect(likelyCause(r(['broker', 'outside']), profile)).toMatch(/protocol 41 may be blocked upstream/);
    expect(likelyCause(r(['tunnel', 'broker', 'outside']), profile)).toMatch(/did not come up/);
    expect(likelyCause(r(['dad']), profile)).toMatch(/duplicate address detection/);
    expect(likelyCause(r([]), profile)).toBe('');
  });
});

describe('verify.sh judges only v6wizard’s own firewall part', () => {
  /**
   * The rendered firewall loaded by its rendered script in a throwaway namespace, then verify.sh's
   * firewall line, for each backend; then the same after the wiring is cut (the jumps, or the table),
   * which must fail.
   */
  function verifyFirewall(backend: FirewallBackend, cut: string): VerifyResult | undefined {
    const profile = example('he-ifupdown-slaac');
    profile.router.firewallBackend = backend;
    const files = render(profile).filter((f) => f.stage === 'firewall' && !f.path.endsWith('.service'));
    const dir = mkdtempSync(join(tmpdir(), 'v6w-verify-fw-'));
    try {
      for (const f of files) writeFileSync(join(dir, basename(f.path)), f.content, { mode: f.mode });
      const script = [
        'set -e',
        `V6WIZARD_RULES_DIR="$1" bash "$1/v6wizard-firewall" start`,
        cut,
        'exec bash -c "$2" verify x x x 0 0 1 "$3"',
      ].join('\n');
      const r = spawnSync('unshare', ['-n', 'bash', '-c', script, 'fw', dir, VERIFY, backend], {
        encoding: 'utf8',
        timeout: 30_000,
      });
      return parseVerify(r.stdout, render(profile)).find((v) => v.name === 'firewall');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  for (const backend of FIREWALL_BACKENDS) {
    it(`says ok when the rendered rules are loaded, and fails once they are cut off (${backend})`, () => {
      const loaded = verifyFirewall(backend, ':');
      expect(loaded?.ok, loaded?.detail).toBe(true);
      const cut =
        backend === 'nftables'
          ? 'nft delete table inet v6wizard'
          : `${backend === 'iptables-nft' ? 'ip6tables-nft' : 'ip6tables-legacy'} -w -D FORWARD -j V6WIZARD-FORWARD`;
      const broken = verifyFirewall(backend, cut);
      expect(broken?.ok, broken?.detail).toBe(false);
    });
  }
});
