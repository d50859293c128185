import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyProfile, rollback } from '../../electron/apply/engine';
import { counters } from '../../electron/apply/remote';
import { derive } from '../../shared/profile/derive';
import type { Profile } from '../../shared/profile/types';
import { render } from '../../shared/render';
import { checkPing, checkSlaac } from '../lab/checks';
import { loadExample } from '../lab/fast/prepare';
import { buildVmImage } from '../lab/vm/build';
import { inNamespace, prepareRouter } from '../lab/vm/example-setup';
import { LAB, labProfile } from '../lab/vm/lab-net';
import { REPO } from '../lab/vm/paths';
import { bootVm, type Vm } from '../lab/vm/vm';
import { vmSession } from './vm-session';

/**
 * Apply over SSH against one router VM (booted once for this file, rolled back between tests): the
 * end-to-end apply with the pc's IPv6 proved, a second apply that changes nothing, rollback byte for
 * byte, a daemon check that fails, and the connection lost before the confirmation. Nothing is
 * skipped: without root, qemu or the image the file fails with the reason.
 */
let vm: Vm | undefined;
const theVm = (): Vm => {
  if (!vm) throw new Error('the router VM did not boot (see beforeAll)');
  return vm;
};
let profile: Profile;
let before: string;
const paths = (): string[] => render(profile).map((f) => f.path);

/** Everything the apply may touch, as text: each file's hash/mode/owner or "absent", unit states, rules, addresses. */
async function snapshot(): Promise<string> {
  const r = await theVm().exec([
    'bash',
    '-c',
    'for p in "$@"; do if [ -e "$p" ]; then printf "%s %s\\n" "$(sha256sum <"$p" | cut -c1-16)" "$(stat -c "%a %U:%G %n" "$p")"; else echo "absent $p"; fi; done; for u in radvd.service v6wizard-firewall.service v6wizard-dad.service; do echo "$u $(systemctl is-enabled $u 2>/dev/null) $(systemctl is-active $u 2>/dev/null)"; done; ip6tables-save -t filter | grep -v "^#" | sed "s/\\[[0-9:]*\\]//"; ip -6 -o addr show scope global | cut -d" " -f2,7; ip -o link show type sit | cut -d: -f2; sysctl net.ipv6.conf.all.forwarding',
    'x',
    ...paths(),
  ]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(async () => {
  const image = await buildVmImage({ log: (l) => process.stdout.write(`${l}\n`) });
  vm = await bootVm(image, { name: 'apply-test', log: (l) => process.stdout.write(`${l}\n`) });
  const { $schema: _s, ...example } = loadExample(join(REPO, 'examples/he-ifupdown-slaac.json'));
  profile = labProfile(example);
  await prepareRouter(vm, profile);
  before = await snapshot();
}, 300_000);

afterAll(async () => {
  await vm?.stop();
});

const connect = (): ReturnType<typeof vmSession> => vmSession(theVm());

describe('apply over SSH on a router VM (ifupdown, SLAAC)', () => {
  it(
    'applies end to end, the pc gets working IPv6, and a second apply changes nothing',
    { timeout: 300_000 },
    async () => {
      counters.connections = 0;
      counters.commands = 0;
      const events: string[] = [];
      const result = await applyProfile({
        profile,
        connect,
        confirmTimeoutS: 90,
        onEvent: (e) => events.push(`${e.step}:${e.status}`),
      });
      expect(result.message, result.log).toMatch(/^applied/);
      expect(result.ok).toBe(true);
      expect(result.verify.map((v) => `${v.name}:${v.ok}`)).toEqual(
        expect.arrayContaining([
          'tunnel:true',
          'broker:true',
          'route:true',
          'forwarding:true',
          'ra:true',
          'firewall:true',
          'dad:true',
        ]),
      );
      expect(events).toContain('confirm:ok');
      process.stdout.write(`apply: ${counters.connections} connections, ${counters.commands} commands\n`);
      expect(counters.connections).toBe(2);
      const pc = inNamespace(theVm(), 'pc');
      const slaac = await checkSlaac(pc, derive(profile).lanCidr, {
        iface: LAB.pcInterface,
        timeoutMs: 30_000,
      });
      expect(slaac.pass, slaac.saw).toBe(true);
      const ping = await checkPing(pc, LAB.internetV6, slaac.address);
      expect(ping.pass, ping.saw).toBe(true);
      // The revert timer was disarmed: nothing is left to fire.
      const timers = await theVm().exec([
        'systemctl',
        'list-timers',
        '--all',
        '--no-legend',
        'v6wizard-revert-*',
      ]);
      expect(timers.stdout.trim()).toBe('');

      const applied = await snapshot();
      const again = await applyProfile({ profile, connect });
      expect(again.ok).toBe(true);
      expect(again.message).toBe('no changes');
      expect(again.plan.changes).toBe(false);
      expect(await snapshot()).toBe(applied);
    },
  );

  it(
    'rolls back on request: every touched file byte for byte, units, rules and addresses as before',
    { timeout: 180_000 },
    async () => {
      const s = await connect();
      try {
        const r = await rollback(s);
        expect(r.ok, r.output).toBe(true);
      } finally {
        await s.close();
      }
      expect(await snapshot()).toBe(before);
    },
  );

  it('switches nothing when a daemon refuses its uploaded config', { timeout: 180_000 }, async () => {
    const result = await applyProfile({
      profile,
      connect,
      testHooks: {
        files: (files) =>
          files.map((f) =>
            f.path === '/etc/radvd.conf'
              ? { ...f, content: `${f.content}\nthis is not radvd syntax {\n` }
              : f,
          ),
      },
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^check failed: a daemon refused/);
    expect(result.message).toMatch(/radvd/);
    expect(result.message).toMatch(/rolled back/);
    expect(await snapshot()).toBe(before);
  });

  it(
    'reverts by itself when the connection is lost before the confirmation',
    { timeout: 240_000 },
    async () => {
      let refuse = false;
      const t0 = Date.now();
      const result = await applyProfile({
        profile,
        confirmTimeoutS: 20,
        connect: async () => {
          if (refuse) throw new Error('network unreachable (test)');
          return connect();
        },
        testHooks: {
          beforeStep: (step) => {
            // From the reconnect on, no connection can be made: the app has lost the router.
            if (step === 'reconnect') refuse = true;
            return Promise.resolve();
          },
        },
      });
      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/revert timer restores|restores the old settings by itself/);
      // The router is on the new settings until the timer fires, then back on the old ones.
      let state = '';
      while (Date.now() - t0 < 120_000) {
        const r = await theVm().exec([
          'bash',
          '-c',
          'd=$(ls -d /var/backups/v6wizard/*/ | tail -n1); cat "$d/decision/by" 2>/dev/null; if [ -e "$d/rolled-back" ]; then echo finished; fi',
        ]);
        state = r.stdout;
        if (state.includes('finished')) break;
        await new Promise((r) => setTimeout(r, 2000));
      }
      expect(state).toMatch(/reverted\nfinished/);
      process.stdout.write(
        `reverted by the timer ${((Date.now() - t0) / 1000).toFixed(1)} s after the apply started\n`,
      );
      expect(await snapshot()).toBe(before);
      // And still reachable over a new connection.
      const s = await connect();
      expect((await s.exec(['true'])).code).toBe(0);
      await s.close();
    },
  );
});
