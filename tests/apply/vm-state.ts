import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import type { Vm } from '../lab/vm/vm';

/**
 * Everything an apply may touch on the lab router, as text: each rendered path's hash, mode and owner
 * (or "absent"), the units' states, the IPv6 filter rules, global IPv6 addresses, sit links and
 * forwarding. Two snapshots are equal exactly when the router is in the same state.
 */
export async function snapshot(vm: Vm, profile: Profile): Promise<string> {
  const r = await vm.exec([
    'bash',
    '-c',
    'for p in "$@"; do if [ -e "$p" ]; then printf "%s %s\\n" "$(sha256sum <"$p" | cut -c1-16)" "$(stat -c "%a %U:%G %n" "$p")"; else echo "absent $p"; fi; done; for u in radvd.service v6wizard-firewall.service v6wizard-dad.service; do echo "$u $(systemctl is-enabled $u 2>/dev/null) $(systemctl is-active $u 2>/dev/null)"; done; ip6tables-save -t filter | grep -v "^#" | sed "s/\\[[0-9:]*\\]//"; ip -6 -o addr show scope global | cut -d" " -f2,7; ip -o link show type sit | cut -d: -f2; sysctl net.ipv6.conf.all.forwarding',
    'x',
    ...render(profile).map((f) => f.path),
  ]);
  if (r.code !== 0) throw new Error(`snapshot failed in the VM: ${r.stderr}`);
  return r.stdout;
}

export interface RevertSeen {
  /** Who decided the newest apply ("reverted" or "confirmed"), '' when nobody yet. */
  by: string;
  /** Host time (Date.now()) when the decision was first seen. */
  decidedAt: number;
  /** Whether restore.sh finished. */
  finished: boolean;
  /** restore.sh's log (for the assertion message when something is off). */
  log: string;
}

/**
 * Poll the newest backup folder until its restore has finished, the apply was confirmed instead, or
 * limitMs passes: when the decision was first seen and by whom. Polled over the lab's own management connection, every second.
 */
export async function waitForRevert(vm: Vm, limitMs: number): Promise<RevertSeen> {
  const t0 = Date.now();
  let by = '';
  let decidedAt = 0;
  while (Date.now() - t0 < limitMs) {
    const r = await vm.exec([
      'bash',
      '-c',
      'd=$(ls -d /var/backups/v6wizard/*/ | tail -n1); cat "$d/decision/by" 2>/dev/null; if [ -e "$d/rolled-back" ]; then echo finished; fi',
    ]);
    const lines = r.stdout.split('\n');
    if (by === '' && lines[0] !== undefined && lines[0] !== '' && lines[0] !== 'finished') {
      by = lines[0];
      decidedAt = Date.now();
    }
    if (lines.includes('finished')) return { by, decidedAt, finished: true, log: await restoreLog(vm) };
    // Confirmed: nothing will be restored, so there is nothing more to wait for.
    if (by === 'confirmed') return { by, decidedAt, finished: false, log: await restoreLog(vm) };
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  return { by, decidedAt, finished: false, log: await restoreLog(vm) };
}

async function restoreLog(vm: Vm): Promise<string> {
  const r = await vm.exec([
    'bash',
    '-c',
    'd=$(ls -d /var/backups/v6wizard/*/ | tail -n1); cat "$d/restore.log"; journalctl -o short-precise --no-pager -u "v6wizard-revert-*"',
  ]);
  return `${r.stdout}${r.stderr}`;
}

/** The router's link-local address on its LAN interface, scoped for the pc namespace (fe80::…%pc0). */
export async function lanLinkLocal(vm: Vm, lan: string, pcInterface: string): Promise<string> {
  const r = await vm.exec(['ip', '-6', '-o', 'addr', 'show', 'dev', lan, 'scope', 'link']);
  const m = /inet6 (fe80:[0-9a-f:]+)\//.exec(r.stdout);
  if (m?.[1] === undefined) throw new Error(`no link-local address on ${lan}: ${r.stdout}${r.stderr}`);
  return `${m[1]}%${pcInterface}`;
}

/** The v6wizard revert timers the router still has (one line each); '' when none is left to fire. */
export async function revertTimers(vm: Vm): Promise<string> {
  const r = await vm.exec(['systemctl', 'list-timers', '--all', '--no-legend', 'v6wizard-revert-*']);
  return r.stdout.trim();
}

/**
 * The boot guards the router has (sh/boot-guard.sh: units that restore an unconfirmed apply at the next
 * boot), their files and their sysinit.target.wants links, one per line; '' when none is left.
 */
export async function bootGuards(vm: Vm): Promise<string> {
  const r = await vm.exec([
    'bash',
    '-c',
    'ls -1d /etc/systemd/system/v6wizard-revert-*-boot.service /etc/systemd/system/sysinit.target.wants/v6wizard-revert-*-boot.service 2>/dev/null; true',
  ]);
  return r.stdout.trim();
}
