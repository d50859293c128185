import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { defaultProfile } from '../../../shared/profile/defaults';
import { WizardState } from './state.svelte';

// Needs the Svelte plugin (runes in state.svelte.ts) and the browser build of svelte in vitest.
describe('WizardState', () => {
  it('knows when leaving the profile would lose typing: after an edit, not after open or save', () => {
    const w = new WizardState();
    expect(w.unsaved).toBe(false);
    w.profile.tunnel.interface = 'he-test';
    expect(w.unsaved).toBe(true);
    w.markSaved();
    expect(w.unsaved).toBe(false);
    w.profile.ra.dnssl = ['lan.example'];
    expect(w.unsaved).toBe(true);
    w.openProfile(defaultProfile(), 'other.json');
    expect(w.unsaved).toBe(false);
  });

  it('starts on Start with a valid default profile and its files', () => {
    const w = new WizardState();
    expect(w.step).toBe('start');
    expect(w.validation.ok).toBe(true);
    expect(w.files?.length).toBeGreaterThan(0);
  });

  it('re-validates as the profile changes and hides the files while it has errors', () => {
    const w = new WizardState();
    w.profile.tunnel.mtu = 9000;
    flushSync();
    expect(w.problems.some((p) => p.path === 'tunnel.mtu' && p.severity === 'error')).toBe(true);
    expect(w.files).toBeUndefined();
    w.profile.tunnel.mtu = 1480;
    expect(w.files).toBeDefined();
  });

  it('does not move on with errors: shows the summary and bumps the attempt every time', () => {
    const w = new WizardState();
    w.newProfile();
    w.profile.router.management.sshPort = 0;
    w.next();
    expect(w.step).toBe('router');
    expect(w.summaryStep).toBe('router');
    expect(w.summaryAttempt).toBe(1);
    w.next();
    expect(w.summaryAttempt).toBe(2);
    w.profile.router.management.sshPort = 22;
    w.next();
    expect(w.step).toBe('tunnel');
    expect(w.summaryStep).toBeUndefined();
    expect(w.visited).toContain('tunnel');
  });

  it('keeps typed list text and the networkd names and update credentials when switched off and on', () => {
    const w = new WizardState();
    w.setListText('ra.rdnss', '2001:db8::53\n', (l) => (w.profile.ra.rdnss = l));
    expect(w.listText('ra.rdnss', w.profile.ra.rdnss)).toBe('2001:db8::53\n');
    expect(w.profile.ra.rdnss).toEqual(['2001:db8::53']);

    w.setNetworkSystem('systemd-networkd');
    w.profile.router.wanNetworkFile = '10-wan.network';
    w.setNetworkSystem('ifupdown');
    expect(w.profile.router.wanNetworkFile).toBeUndefined();
    w.setNetworkSystem('systemd-networkd');
    expect(w.profile.router.wanNetworkFile).toBe('10-wan.network');

    w.setUpdateEnabled(true);
    w.profile.tunnel.update!.username = 'me';
    w.setUpdateEnabled(false);
    expect(w.profile.tunnel.update).toBeUndefined();
    expect('update' in w.profile.tunnel).toBe(false);
    w.setUpdateEnabled(true);
    expect(w.profile.tunnel.update?.username).toBe('me');
  });

  it("keeps netplan's device types aside while another system is chosen, and a bridge's ports while the LAN is no bridge", () => {
    const w = new WizardState();
    const r = (): typeof w.profile.router => w.profile.router;
    w.setNetworkSystem('netplan');
    w.setLanDeviceType('bridge');
    expect(r().lanBridgePorts).toEqual([]);
    r().lanBridgePorts = [{ name: 'lan0', deviceType: 'ethernet' }];
    w.setLanDeviceType('ethernet');
    expect('lanBridgePorts' in r()).toBe(false);
    w.setLanDeviceType('bridge');
    expect(r().lanBridgePorts).toEqual([{ name: 'lan0', deviceType: 'ethernet' }]);
    w.setNetworkSystem('ifupdown');
    expect(['wanDeviceType', 'lanDeviceType', 'lanBridgePorts'].filter((k) => k in r())).toEqual([]);
    expect(w.problems.filter((p) => p.path.startsWith('router.'))).toEqual([]);
    w.setNetworkSystem('netplan');
    expect(r().lanDeviceType).toBe('bridge');
    expect(r().lanBridgePorts).toEqual([{ name: 'lan0', deviceType: 'ethernet' }]);
  });

  it('opens a profile with every editing step visitable, and New starts over', () => {
    const w = new WizardState();
    const p = defaultProfile();
    p.name = 'opened';
    w.openProfile(p, '/tmp/x.json');
    expect(w.step).toBe('router');
    expect(w.savedPath).toBe('/tmp/x.json');
    expect(w.visited).toContain('dad');
    w.newProfile();
    expect(w.profile.name).toBe('home-router');
    expect(w.savedPath).toBeUndefined();
  });
});
