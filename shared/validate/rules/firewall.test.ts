import { describe, expect, it } from 'vitest';
import type { Profile } from '../../profile/types';
import { firewallRule } from './firewall';
import { at, profileWith } from './testing';

const web = {
  host: '2001:db8:1::80',
  protocol: 'tcp' as const,
  port: 443,
  description: 'web server: nginx, port 443',
};

describe('firewallRule', () => {
  const withServices = (...s: Profile['firewall']['routerServices']) =>
    firewallRule(profileWith((p) => (p.firewall.routerServices = s)));
  const withOpenings = (...o: Profile['firewall']['openings']) =>
    firewallRule(profileWith((p) => (p.firewall.openings = o)));

  it('accepts good router services and openings', () => {
    expect(withServices({ name: 'Samba file shares', protocol: 'tcp', port: 445 })).toEqual([]);
    expect(withOpenings(web)).toEqual([]);
  });

  it.each(['', ' x', 'a;b', 'a\nb', 'x'.repeat(33), 'smb$(id)'])('refuses the service name %j', (name) => {
    expect(
      at(withServices({ name, protocol: 'tcp', port: 445 }), 'firewall.routerServices[0].name'),
    ).toHaveLength(1);
  });

  it('checks ports and warns about duplicates', () => {
    expect(
      at(withServices({ name: 'x', protocol: 'udp', port: 0 }), 'firewall.routerServices[0].port'),
    ).toHaveLength(1);
    expect(
      at(
        withServices({ name: 'a', protocol: 'tcp', port: 445 }, { name: 'b', protocol: 'tcp', port: 445 }),
        'firewall.routerServices[1]',
      ),
    ).toEqual([expect.stringMatching(/^warning: opens tcp\/445 again/)]);
    expect(at(withOpenings({ ...web, port: 70000 }), 'firewall.openings[0].port')).toHaveLength(1);
    expect(at(withOpenings(web, { ...web, host: '2001:DB8:1::0080' }), 'firewall.openings[1]')).toHaveLength(
      1,
    );
  });

  it('wants opening hosts inside the LAN and says which LAN', () => {
    expect(at(withOpenings({ ...web, host: '2001:db8:2::80' }), 'firewall.openings[0].host')).toEqual([
      'error: openings reach hosts on the LAN; 2001:db8:2::80 is outside 2001:db8:1::/64',
    ]);
    expect(at(withOpenings({ ...web, host: '2001:db8:1::1' }), 'firewall.openings[0].host')).toEqual([
      expect.stringMatching(/the router itself/),
    ]);
    expect(at(withOpenings({ ...web, host: '2001:db8:1::/64' }), 'firewall.openings[0].host')).toHaveLength(
      1,
    );
  });

  it.each([
    'a "quoted" word',
    'line\nbreak',
    'x; rm -rf /',
    '$(id)',
    'back\\slash',
    'tab\tx',
    'é',
    'x'.repeat(129),
  ])('refuses the opening description %j', (description) => {
    expect(at(withOpenings({ ...web, description }), 'firewall.openings[0].description')).toHaveLength(1);
  });

  it('keeps the log rate within 1–600', () => {
    expect(
      at(firewallRule(profileWith((p) => (p.firewall.logRatePerMinute = 0))), 'firewall.logRatePerMinute'),
    ).toHaveLength(1);
    expect(
      at(firewallRule(profileWith((p) => (p.firewall.logRatePerMinute = 601))), 'firewall.logRatePerMinute'),
    ).toHaveLength(1);
  });
});
