import { describe, expect, it } from 'vitest';
import { expectGolden } from '../../tests/helpers/golden';
import { defaultProfile } from '../profile/defaults';
import { FIREWALL_SERVICE } from './firewall-backend';
import { FORWARDING_SYSCTL, FORWARDING_UNIT_PATH } from './forwarding';
import { render } from './index';
import { STAGES } from './types';

describe('IPv6 forwarding follows the firewall (fail closed)', () => {
  const files = render(defaultProfile());
  const unit = files.find((f) => f.path === FORWARDING_UNIT_PATH);

  it('is switched on by its own unit: after the firewall unit, only while it is active, stopped with it', () => {
    expect(unit?.stage).toBe('forwarding');
    const lines = (unit?.content ?? '').split('\n');
    expect(lines).toContain(`After=${FIREWALL_SERVICE}.service`);
    expect(lines).toContain(`PartOf=${FIREWALL_SERVICE}.service`);
    expect(lines).toContain(`ExecCondition=/usr/bin/systemctl is-active --quiet ${FIREWALL_SERVICE}.service`);
    expect(lines).toContain(`ExecStart=/usr/sbin/sysctl -q -w ${FORWARDING_SYSCTL}=1`);
    expect(lines).toContain(`ExecStop=/usr/sbin/sysctl -q -w ${FORWARDING_SYSCTL}=0`);
    expect(lines).toContain('WantedBy=multi-user.target');
    expectGolden('forwarding', unit ? [unit] : []);
  });

  it('no other file switches forwarding on (systemd-sysctl runs at boot whether or not the firewall loads)', () => {
    const others = files.filter((f) => f !== unit && /forwarding\s*=\s*1/.test(f.content));
    expect(others.map((f) => f.path)).toEqual([]);
  });

  it('the stages fail closed: sysctl, then the firewall before the network, forwarding last', () => {
    expect(STAGES[0]).toBe('sysctl');
    expect(STAGES.indexOf('firewall')).toBeLessThan(STAGES.indexOf('network'));
    expect(STAGES.at(-1)).toBe('forwarding');
  });
});
