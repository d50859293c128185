import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../profile/defaults';
import { render } from '../render';
import { parseSsListeners } from '../detect/listeners';
import { derive } from '../profile/derive';
import { noteText } from './notes';
import { buildPlan, planFile } from './plan';
import type { RemoteState } from './types';

const profile = defaultProfile();
const files = render(profile);
const ALL_PROGRAMS = [
  ...new Set(files.flatMap((f) => (f.validate?.[0] !== undefined ? [f.validate[0]] : []))),
  'sysctl',
  'ifup',
  'ip',
  'ping',
  'systemctl',
  'networkctl',
  'netplan',
  'radvd',
  'kea-dhcp6',
  'dhcpd',
  'dnsmasq',
  'dhcp6s',
  'ip6tables-nft-restore',
  'ip6tables-legacy-restore',
];
/** A router that already has exactly the rendered files. */
const applied: RemoteState = {
  files: files.map((f) => ({
    path: f.path,
    content: f.content,
    mode: f.mode,
    owner: f.owner.includes(':') ? f.owner : `${f.owner}:root`,
  })),
  programs: ALL_PROGRAMS,
};

describe('buildPlan', () => {
  it('says "no changes" for a router that already has the profile', () => {
    const plan = buildPlan(profile, files, applied);
    expect(plan.changes).toBe(false);
    expect(plan.summary).toBe('no changes');
    expect(plan.steps).toEqual([]);
    expect(plan.files.every((f) => f.status === 'unchanged' && f.diff === '')).toBe(true);
  });
  it('marks every file new on a fresh router, lists missing packages and the services to restart', () => {
    const plan = buildPlan(profile, files, { files: [], programs: [] });
    expect(plan.files.map((f) => f.status)).toEqual(files.map(() => 'new'));
    expect(plan.packages).toContain('radvd');
    expect(plan.services).toContain('radvd.service');
    expect(plan.steps[0]).toBe('preflight');
    expect(plan.steps).toContain('packages');
    // Armed before the packages and the check step (which already places scripts in /usr/local/sbin);
    // the packages before the check (the checkers are the daemons).
    expect(plan.steps.indexOf('arm')).toBeLessThan(plan.steps.indexOf('packages'));
    expect(plan.steps.indexOf('packages')).toBeLessThan(plan.steps.indexOf('check'));
    expect(plan.steps.at(-1)).toBe('confirm');
    expect(plan.summary).toMatch(/^\d+ new, 0 changed/);
  });
  it('diffs one changed file and switches on only its stage', () => {
    const radvd = files.find((f) => f.path === '/etc/radvd.conf');
    if (!radvd) throw new Error('the default profile renders /etc/radvd.conf');
    const state: RemoteState = {
      ...applied,
      files: applied.files.map((f) =>
        f.path === radvd.path
          ? { ...f, content: (f.content ?? '').replace('AdvSendAdvert on', 'AdvSendAdvert off') }
          : f,
      ),
    };
    const plan = buildPlan(profile, files, state);
    const changed = plan.files.filter((f) => f.status !== 'unchanged');
    expect(changed.map((f) => f.path)).toEqual(['/etc/radvd.conf']);
    expect(changed[0]?.diff).toMatch(/^-\s+AdvSendAdvert off;$/m);
    expect(plan.stages).toEqual(['ra']);
    expect(plan.services).toEqual(['radvd.service']);
    expect(plan.steps).toContain('ra');
    expect(plan.steps).not.toContain('firewall');
  });
  it('notices a mode or owner change even when the bytes are equal', () => {
    const f = files[0]!;
    const plan = planFile(f, { path: f.path, content: f.content, mode: 0o666, owner: 'nobody:root' });
    expect(plan.status).toBe('changed');
    expect(plan.metaChanges[0]).toBe(`mode 0666 → 0${f.mode.toString(8)}`);
    expect(plan.metaChanges[1]).toMatch(/^owner nobody/);
  });
});

describe('buildPlan: the boot path on ifupdown', () => {
  const ifupdown = structuredClone(profile);
  ifupdown.router.networkSystem = 'ifupdown';
  const interfaces = (text: string) => [
    { path: '/etc/network/interfaces', content: `source /etc/network/interfaces.d/*\n${text}` },
    // v6wizard's own file from an earlier apply, which raises the LAN: never counted as the person's.
    { path: '/etc/network/interfaces.d/v6wizard', content: 'allow-hotplug eth1\nauto eth0\n' },
  ];
  const plan = (p: typeof ifupdown, text: string) =>
    buildPlan(p, render(p), { ...applied, networkFiles: interfaces(text) });
  const codes = (p: typeof ifupdown, text: string) =>
    plan(p, text).notes.map((n) => `${n.severity}:${n.code}`);

  it('refuses a LAN nothing raises at boot, even when the files are already in place', () => {
    const p = plan(ifupdown, 'auto eth0\niface eth0 inet dhcp\n');
    expect(p.notes).toEqual([
      {
        code: 'lanNotRaised',
        severity: 'refuse',
        params: { lan: 'eth1', files: '/etc/network/interfaces' },
      },
    ]);
    expect(noteText(p.notes[0]!)).toMatch(
      /^No auto or allow-hotplug line in \/etc\/network\/interfaces raises eth1/,
    );
  });
  it('lets v6wizard’s file raise it when router.raiseLanAtBoot is on, and says so', () => {
    const raise = structuredClone(ifupdown);
    raise.router.raiseLanAtBoot = true;
    expect(codes(raise, 'auto eth0\niface eth0 inet dhcp\n')).toEqual(['info:lanRaisedByV6wizard']);
  });
  it('is quiet when the person’s own stanza raises the LAN', () => {
    expect(codes(ifupdown, 'auto eth0 eth1\niface eth1 inet static\n')).toEqual([]);
  });
  it('refuses a LAN the person declares but keeps from the boot, whatever the profile says', () => {
    const raise = structuredClone(ifupdown);
    raise.router.raiseLanAtBoot = true;
    for (const p of [ifupdown, raise]) {
      expect(codes(p, 'auto eth0\niface eth1 inet manual\n')).toEqual(['refuse:lanDeclaredNotRaised']);
    }
    expect(codes(ifupdown, 'auto eth0\nmapping eth1\n  script /bin/true\n')).toEqual(['refuse:lanMapped']);
  });
  it('warns when the WAN the tunnel needs is not raised by ifupdown', () => {
    expect(codes(ifupdown, 'allow-hotplug eth1\n')).toEqual(['warning:wanNotRaised']);
  });
  it('refuses when the configuration is missing; other network systems are not asked', () => {
    expect(buildPlan(ifupdown, render(ifupdown), { ...applied, networkFiles: [] }).notes[0]?.code).toBe(
      'ifupdownUnread',
    );
    const iproute2 = structuredClone(profile);
    iproute2.router.networkSystem = 'iproute2';
    expect(buildPlan(iproute2, render(iproute2), { ...applied, networkFiles: [] }).notes).toEqual([]);
  });
});

describe('buildPlan: dnsmasq and port 53', () => {
  const dnsmasq = structuredClone(profile);
  dnsmasq.dhcpv6.server = 'dnsmasq';
  dnsmasq.dhcpv6.mode = 'stateless';
  const resolved = parseSsListeners(
    [
      'udp UNCONN 0 0 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=556,fd=13))',
      'udp UNCONN 0 0 127.0.0.54:53 0.0.0.0:* users:(("systemd-resolve",pid=556,fd=15))',
      'tcp LISTEN 0 4096 127.0.0.53%lo:53 0.0.0.0:* users:(("systemd-resolve",pid=556,fd=14))',
    ].join('\n'),
  );
  it('says dnsmasq serves DHCPv6 only (port=0) and names resolved’s stub', () => {
    const p = buildPlan(dnsmasq, render(dnsmasq), { ...applied, dnsListeners: resolved });
    expect(p.notes.map((n) => n.code)).toEqual(['dnsmasqDnsOff', 'port53Now']);
    expect(noteText(p.notes[1]!)).toBe(
      'Listening on port 53 on the router now: 127.0.0.53:53 (systemd-resolve), 127.0.0.54:53 (systemd-resolve).',
    );
  });
  it('says dnsmasq answers on the LAN only when the router is a DNS server', () => {
    const lan = structuredClone(dnsmasq);
    lan.ra.rdnss = [derive(lan).lanRouter];
    const p = buildPlan(lan, render(lan), { ...applied, dnsListeners: [] });
    expect(p.notes).toEqual([
      { code: 'dnsmasqDnsLan', severity: 'info', params: { lan: 'eth1', address: '2001:db8:1::1' } },
    ]);
  });
  it('warns when dnsmasq answers DNS now and this profile switches that off', () => {
    const now = parseSsListeners('udp UNCONN 0 0 0.0.0.0:53 0.0.0.0:* users:(("dnsmasq",pid=9,fd=4))\n');
    const p = buildPlan(dnsmasq, render(dnsmasq), { ...applied, dnsListeners: now });
    expect(p.notes.find((n) => n.code === 'dnsmasqDnsStops')).toMatchObject({
      severity: 'warning',
      params: { now: '0.0.0.0:53' },
    });
  });
  it('has nothing to say without dnsmasq', () => {
    expect(buildPlan(profile, files, { ...applied, dnsListeners: resolved }).notes).toEqual([]);
  });
});
