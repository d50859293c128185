import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseIfupdown, type IfupdownFile } from '../../shared/detect/ifupdown';
import { defaultProfile } from '../../shared/profile/defaults';
import { render } from '../../shared/render';

/**
 * The pure interfaces(5) parser (shared/detect/ifupdown.ts) against ifupdown's own: the same files
 * written to a temporary folder and read by `ifquery -i FILE --list --allow=auto|hotplug`, which is what
 * networking.service (auto) and udev's ifup@.service (allow-hotplug) raise at boot.
 */
const dir = mkdtempSync(join(tmpdir(), 'v6w-ifquery-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function ifquery(root: string, allow: string): string[] {
  const r = spawnSync('ifquery', ['-i', root, '--list', `--allow=${allow}`], { encoding: 'utf8' });
  if (r.error) throw r.error;
  // ifupdown always lists lo, with or without a line for it.
  return r.stdout.split('\n').filter((l) => l !== '' && l !== 'lo');
}

/** Each case's files under its own folder; `@` in a text stands for that folder. */
function compare(name: string, files: IfupdownFile[]): void {
  const base = join(dir, name);
  const placed = files.map((f) => ({ path: join(base, f.path), content: f.content.replaceAll('@', base) }));
  for (const f of placed) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content);
  }
  const root = join(base, 'interfaces');
  const parsed = parseIfupdown(placed, root);
  for (const [kind, allow] of [
    ['auto', 'auto'],
    ['allow-hotplug', 'hotplug'],
  ] as const) {
    const ours = [...parsed.raised.entries()]
      .filter(([n, lines]) => n !== 'lo' && lines.some((l) => l.kind === kind))
      .map(([n]) => n)
      .sort();
    expect(ours, `${name} ${allow}`).toEqual(ifquery(root, allow).sort());
  }
}

const stanzas = (...names: string[]): string => names.map((n) => `iface ${n} inet manual\n`).join('');

describe('the interfaces parser agrees with ifquery', () => {
  it('on Debian installer style files with sourced folders', () => {
    compare('installer', [
      {
        path: 'interfaces',
        content: `# The loopback\nsource @/interfaces.d/*\nauto lo\niface lo inet loopback\nallow-hotplug eth0\niface eth0 inet dhcp\n`,
      },
      { path: 'interfaces.d/lan', content: `auto lan0\n${stanzas('lan0')}` },
      { path: 'interfaces.d/wifi.cfg', content: `allow-hotplug wlan0\n${stanzas('wlan0')}` },
    ]);
  });

  it('on several names per line, allow-auto, continuation lines, comments and relative sources', () => {
    compare('lines', [
      {
        path: 'interfaces',
        content:
          'auto a0 b0 \\\n  c0\n# auto not0 \\\nallow-auto d0\nallow-hotplug e0\\\nf0\n  # indented comment\nsource more/*.conf\nsource-directory @/parts\n' +
          stanzas('a0', 'b0', 'c0', 'd0', 'e0f0', 'g0', 'h0', 'i0', 'not0'),
      },
      { path: 'more/x.conf', content: 'allow-hotplug g0\n' },
      { path: 'more/y.txt', content: 'auto i0\n' },
      { path: 'parts/h-part', content: 'auto h0\n' },
      { path: 'parts/skipped.conf', content: 'auto i0\n' },
    ]);
  });

  it('on a mapping stanza and a class the boot does not raise', () => {
    compare('mapping', [
      {
        path: 'interfaces',
        content: `auto eth0\nmapping eth0\n  script /bin/echo\n  map home eth0-home\nallow-ovs br9\n${stanzas('eth0', 'br9')}`,
      },
    ]);
  });

  it('on v6wizard’s file with router.raiseLanAtBoot: ifquery lists the LAN for udev to raise', () => {
    const p = defaultProfile();
    p.router.raiseLanAtBoot = true;
    const ours = render(p).find((f) => f.path === '/etc/network/interfaces.d/v6wizard');
    if (!ours) throw new Error('no ifupdown file rendered');
    const files = [
      { path: 'interfaces', content: 'source @/interfaces.d/*\nauto eth0\niface eth0 inet dhcp\n' },
      { path: 'interfaces.d/v6wizard', content: ours.content },
    ];
    compare('v6wizard', files);
    expect(ifquery(join(dir, 'v6wizard', 'interfaces'), 'hotplug')).toEqual(['eth1']);
  });
});
