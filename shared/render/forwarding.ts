import unitTemplate from '../../templates/forwarding/v6wizard-forwarding.service.tmpl?raw';
import { FIREWALL_SERVICE } from './firewall-backend';
import { header } from './header';
import type { Renderer } from './index';
import { fill } from './template';
import { UNIT_CHECK } from './unit-check';

/** The kernel switch that makes the router forward IPv6 (dotted form, as `sysctl -w` takes it). */
export const FORWARDING_SYSCTL = 'net.ipv6.conf.all.forwarding';
export const FORWARDING_SERVICE = 'v6wizard-forwarding';
export const FORWARDING_UNIT_PATH = `/etc/systemd/system/${FORWARDING_SERVICE}.service`;

/**
 * The last stage: a unit that switches IPv6 forwarding on only once the firewall unit has loaded its
 * rules, and off when that unit stops. Forwarding is not in /etc/sysctl.d, because systemd-sysctl runs
 * early at boot whether or not the firewall will load; a failed firewall must leave forwarding off.
 */
export const renderForwarding: Renderer = (_profile, _derived, ctx) => [
  {
    path: FORWARDING_UNIT_PATH,
    mode: 0o644,
    owner: 'root:root',
    service: FORWARDING_SERVICE,
    content: fill(unitTemplate, {
      header: header(ctx),
      firewall: FIREWALL_SERVICE,
      sysctl: '/usr/sbin/sysctl',
      systemctl: '/usr/bin/systemctl',
      key: FORWARDING_SYSCTL,
    }),
    validate: [...UNIT_CHECK],
    stage: 'forwarding',
    description: `Switches IPv6 forwarding on at boot only after ${FIREWALL_SERVICE}.service has loaded the firewall, and off whenever the firewall unit stops.`,
  },
];
