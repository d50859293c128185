import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { derive } from '../../shared/profile/derive';
import type { FirewallBackend, Profile } from '../../shared/profile/types';
import { renderFirewall } from '../../shared/render/firewall';
import { firewallProfile } from '../../tests/helpers/firewall-fixtures';
import { FIREWALL_STATE } from './scripts';

/**
 * Other tools' firewalls next to v6wizard's, in a real kernel (a network namespace per case): Docker's
 * chains (DOCKER, DOCKER-USER, a FORWARD policy of DROP, its NAT rule), and a `table inet foreign`,
 * must come through v6wizard's load, reload, stop, and a backup → apply → restore (backup.sh's
 * fw_save, restore.sh's fw_unload + fw_reload) byte for byte, counters aside.
 */
const pid = process.pid;
const made: string[] = [];
const dirs: string[] = [];
afterAll(() => {
  for (const ns of made) spawnSync('ip', ['netns', 'del', ns]);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function sh(ns: string, script: string, ...args: string[]): string {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'bash', '-c', script, 'x', ...args], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.status !== 0) throw new Error(`${script.slice(0, 200)} failed (${r.status}): ${r.stdout}${r.stderr}`);
  return r.stdout;
}

function netns(name: string): string {
  const ns = `v6wfs-${name}-${pid}`;
  const r = spawnSync('ip', ['netns', 'add', ns], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  made.push(ns);
  return ns;
}

/** Docker-like chains in the given iptables flavour, plus a foreign nftables table. */
const FOREIGN = (flavour: 'nft' | 'legacy'): string => `set -e
t6=ip6tables-${flavour} t4=iptables-${flavour}
$t6 -w -N DOCKER
$t6 -w -N DOCKER-USER
$t6 -w -A DOCKER-USER -j RETURN
$t6 -w -A FORWARD -j DOCKER-USER
$t6 -w -A FORWARD -o docker0 -j DOCKER
$t6 -w -A DOCKER -d fd00:d0c::2/128 ! -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT
$t6 -w -P FORWARD DROP
$t6 -w -A INPUT -p tcp --dport 9999 -j ACCEPT
$t4 -w -N DOCKER-USER
$t4 -w -A DOCKER-USER -j RETURN
$t4 -w -A FORWARD -j DOCKER-USER
$t4 -w -P FORWARD DROP
$t4 -w -t nat -N DOCKER
$t4 -w -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
nft -f - <<'NFT'
table inet foreign {
	chain input {
		type filter hook input priority filter - 5; policy accept;
		tcp dport 9999 accept comment "someone else's"
	}
}
NFT
`;

/** The whole firewall, counters removed: nft's view (iptables-nft's tables included) and legacy's saves. */
const SNAPSHOT = `
nft list ruleset | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'
for t in ip6tables iptables; do
  f=/proc/net/\${t%tables}_tables_names; [ "$t" = ip6tables ] && f=/proc/net/ip6_tables_names || f=/proc/net/ip_tables_names
  if grep -qsx filter "$f"; then "$t-legacy-save" | grep -v '^#' | sed -E 's/\\[[0-9]+:[0-9]+\\]//'; fi
done
`;

/**
 * What iptables and the foreign table show, counters aside: the comparison for a load and a stop with
 * an iptables backend, because iptables-nft creates a missing built-in chain (an empty one that
 * accepts, invisible to iptables-save) when the jump goes in, and the loader cannot know whether it was
 * there. A rollback (fw_save / fw_reload) knows, and is compared with the whole ruleset.
 */
const IPTABLES_VIEW = (flavour: 'nft' | 'legacy'): string => `
for t in ip6tables iptables; do "$t-${flavour}-save" | grep -v '^#' | sed -E 's/\\[[0-9]+:[0-9]+\\]//'; done
nft list table inet foreign
`;

/** The snapshot with v6wizard's own lines taken out: what the other tools see of the firewall. */
const theirs = (snapshot: string): string =>
  snapshot
    .replace(/table inet v6wizard \{[\s\S]*?\n\}\n/, '')
    .replace(/\tchain V6WIZARD-[A-Z0-9-]+ \{[\s\S]*?\n\t\}\n/g, '')
    .split('\n')
    .filter((l) => !/V6WIZARD-/.test(l))
    .join('\n')
    .replace(/\n\n+/g, '\n\n');

/**
 * The snapshot with each table's chains in name order. nft lists chains in the order they were made;
 * rolling back to an earlier v6wizard state remakes its chain after a built-in chain that its own
 * first jump had created, so that one comparison is by chain, every chain's text byte for byte.
 */
const byChain = (snapshot: string): string =>
  snapshot.replace(/(\t(?:chain [^\n]*\{[\s\S]*?\n\t\}\n)\n?)+/g, (block) =>
    [...block.matchAll(/\tchain [^\n]*\{[\s\S]*?\n\t\}\n/g)]
      .map((m) => m[0])
      .sort()
      .join('\n'),
  );

/** Writes the rendered firewall for one backend; returns the folder (the script's V6WIZARD_RULES_DIR). */
function rendered(backend: FirewallBackend, change: (p: Profile) => void = () => undefined): string {
  const profile = firewallProfile((p) => {
    p.router.firewallBackend = backend;
    change(p);
  });
  const dir = mkdtempSync(join(tmpdir(), 'v6wfs-'));
  dirs.push(dir);
  for (const f of renderFirewall(profile, derive(profile), { profileSource: 'state-test' })) {
    if (!f.path.endsWith('.service')) writeFileSync(join(dir, basename(f.path)), f.content, { mode: f.mode });
  }
  return dir;
}
const script = (ns: string, dir: string, action: 'start' | 'stop'): string =>
  sh(ns, 'V6WIZARD_RULES_DIR="$1" bash "$1/v6wizard-firewall" "$2"', dir, action);

const CASES: [FirewallBackend, 'nft' | 'legacy'][] = [
  ['nftables', 'nft'],
  ['iptables-nft', 'nft'],
  ['iptables-legacy', 'legacy'],
];

describe.each(CASES)('other tools’ firewalls next to the %s backend', (backend, flavour) => {
  const ns = netns(backend);
  sh(ns, FOREIGN(flavour));
  const before = sh(ns, SNAPSHOT);
  const view = backend === 'nftables' ? SNAPSHOT : IPTABLES_VIEW(flavour);
  const beforeView = sh(ns, view);

  it('the test sees the foreign chains and table it made', () => {
    expect(before).toContain('table inet foreign');
    expect(before).toMatch(/DOCKER-USER/);
    expect(before).toMatch(/MASQUERADE|masquerade/);
  });

  it('survive a load and a reload byte for byte, while v6wizard’s part is there', () => {
    const dir = rendered(backend);
    script(ns, dir, 'start');
    const loaded = sh(ns, view);
    expect(loaded).toMatch(backend === 'nftables' ? /table inet v6wizard/ : /V6WIZARD-INPUT/);
    expect(theirs(loaded)).toBe(theirs(beforeView));
    script(ns, dir, 'start');
    expect(sh(ns, view)).toBe(loaded);
  });

  it('are exactly as before after stop', () => {
    script(ns, rendered(backend), 'stop');
    expect(sh(ns, view)).toBe(beforeView);
  });

  it('backup → apply → restore puts back v6wizard’s old part and nothing else, byte for byte', () => {
    // A fresh router with the same foreign firewall, so "before" is exact.
    const fresh = netns(`${backend}-rb`);
    sh(fresh, FOREIGN(flavour));
    const untouched = sh(fresh, SNAPSHOT);
    const backup = (): string => {
      const b = mkdtempSync(join(tmpdir(), 'v6wfs-backup-'));
      dirs.push(b);
      sh(fresh, `${FIREWALL_STATE}\nfw_save "$1"`, b);
      return b;
    };
    // restore.sh's firewall part, twice as restore.sh runs it (before and after the services restart).
    const restore = (b: string): string =>
      sh(fresh, `${FIREWALL_STATE}\nfw_unload; fw_reload "$1"; fw_unload; fw_reload "$1"`, b);

    // First apply, then a second one with another profile on the other kind of backend.
    const b0 = backup();
    script(fresh, rendered(backend), 'start');
    const first = sh(fresh, SNAPSHOT);
    const b1 = backup();
    const other: FirewallBackend = backend === 'nftables' ? 'iptables-nft' : 'nftables';
    script(
      fresh,
      rendered(other, (p) => (p.firewall.allowEchoFromInternet = false)),
      'start',
    );
    const second = sh(fresh, SNAPSHOT);
    expect(second).not.toBe(first);
    expect(theirs(second)).toContain('table inet foreign');

    // Rolling back the second apply gives the first's firewall; rolling back the first, the untouched one.
    expect(restore(b1)).toMatch(/restored/);
    const back = sh(fresh, SNAPSHOT);
    expect(byChain(back)).toBe(byChain(first));
    expect(back.length).toBe(first.length);
    restore(b0);
    expect(sh(fresh, SNAPSHOT)).toBe(untouched);
  });
});
