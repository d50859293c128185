import { describe, expect, it } from 'vitest';
import { allowPermission } from './permissions';

describe('allowPermission', () => {
  const ours = ['v6wizard://app'];
  it('denies everything a wizard has no use for', () => {
    for (const p of [
      'media',
      'geolocation',
      'notifications',
      'clipboard-read',
      'openExternal',
      'hid',
      'usb',
      'unknown',
    ]) {
      expect(allowPermission(p, 'v6wizard://app', ours)).toBe(false);
    }
  });
  it('lets only our own page write plain text to the clipboard', () => {
    expect(allowPermission('clipboard-sanitized-write', 'v6wizard://app', ours)).toBe(true);
    expect(allowPermission('clipboard-sanitized-write', 'https://evil.example', ours)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', undefined, ours)).toBe(false);
  });
});
