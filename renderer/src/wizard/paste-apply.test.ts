import { describe, expect, it } from 'vitest';
import { parseBrokerPaste } from '../../../shared/paste';
import { DETAILS_PAGE_SAMPLE, IPROUTE2_SAMPLE } from '../../../shared/paste/samples';
import { defaultProfile } from '../../../shared/profile/defaults';
import { validateProfile } from '../../../shared/validate';
import { applyPaste, DEFAULT_KEY_REF, pasteChanges } from './paste-apply';

describe('filling the tunnel from a paste', () => {
  it('lists only what would change, before anything is filled', () => {
    const tunnel = { ...defaultProfile().tunnel, serverIpv4: '192.0.2.99' };
    const changes = pasteChanges(tunnel, parseBrokerPaste(IPROUTE2_SAMPLE).fields);
    expect(changes).toContainEqual({ path: 'tunnel.serverIpv4', from: '192.0.2.99', to: '192.0.2.1' });
    // The default profile already has the sample's local address: no change listed for it.
    expect(changes.map((c) => c.path)).not.toContain('tunnel.localIpv4');
  });

  it('fills the fields and leaves the rest of the tunnel alone', () => {
    const before = { ...defaultProfile().tunnel, mtu: 1472 };
    const after = applyPaste(before, { serverIpv4: '192.0.2.7', routedPrefix: '2001:db8:9::/64' });
    expect(after.serverIpv4).toBe('192.0.2.7');
    expect(after.routedPrefix).toBe('2001:db8:9::/64');
    expect(after.mtu).toBe(1472);
    expect(before.serverIpv4).toBe('192.0.2.1');
  });

  it('turns the broker update on from a details page, with a key reference and never a key', () => {
    const pasted = parseBrokerPaste(DETAILS_PAGE_SAMPLE);
    const profile = defaultProfile();
    profile.tunnel = applyPaste(profile.tunnel, pasted.fields);
    expect(profile.tunnel.update).toEqual({
      username: 'example-user',
      tunnelId: '654321',
      updateKey: { secretRef: DEFAULT_KEY_REF },
    });
    expect(validateProfile(profile).ok).toBe(true);
  });

  it('keeps a key reference the person already chose', () => {
    const stashed = { username: 'old', tunnelId: '1', updateKey: { secretRef: 'my-key' } };
    const after = applyPaste(defaultProfile().tunnel, { tunnelId: '42' }, stashed);
    expect(after.update).toEqual({ username: 'old', tunnelId: '42', updateKey: { secretRef: 'my-key' } });
  });
});
