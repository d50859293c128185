import template from '../../templates/dad/dad-dropin.conf.tmpl?raw';
import type { Profile } from '../profile/types';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

const UNIT_SUFFIX = /\.(service|socket|device|mount|automount|swap|target|path|timer|slice|scope)$/;

/** A unit name as systemd wants it in a drop-in folder: `nginx` becomes `nginx.service`. */
export function normaliseUnitName(name: string): string {
  return UNIT_SUFFIX.test(name) ? name : `${name}.service`;
}

/** The SSH server's unit names on Debian (ssh.service, and its alias sshd.service). */
const SSH_UNITS = new Set(['ssh.service', 'sshd.service']);

/**
 * What keeps a unit from starting when the wait failed (a duplicate address, or one that never
 * appeared): a check before its own start, in its journal with the reason. Not Requires=, which would
 * also stop and restart the unit whenever the wait is restarted (every apply's DAD stage). Only a
 * service has ExecStartPre; SSH is never held back, because the way into this router must not depend
 * on an address of the LAN (the lock-out guard): it starts late, not never.
 */
function startGuard(unit: string): { why: string; guard: string } {
  if (SSH_UNITS.has(unit))
    return {
      why: `# ${unit} starts even when the wait failed: the way into this router never depends on it.`,
      guard: '',
    };
  if (!unit.endsWith('.service'))
    return { why: `# ${unit} is not a service, so only the order applies.`, guard: '' };
  const message = `v6wizard: ${unit} not started: its IPv6 addresses did not pass duplicate address detection (see: systemctl status v6wizard-dad-wait)`;
  return {
    why: [
      `# When the wait failed, ${unit} does not start at all (it could not bind anyway), and its journal`,
      '# says why. Not Requires=, which would also restart it whenever the wait is restarted.',
    ].join('\n'),
    guard: [
      '',
      '[Service]',
      `ExecStartPre=/bin/sh -c 'systemctl is-active --quiet v6wizard-dad-wait.service || { echo "${message}" >&2; exit 1; }'`,
    ].join('\n'),
  };
}

/**
 * One drop-in per unit in `dad.services`, ordering it after the DAD wait and keeping it from starting
 * when the wait failed (startGuard). A drop-in (not an edit of the unit) because the unit belongs to
 * its package and is replaced on every upgrade.
 */
export function renderDadDropins(profile: Profile, ctx: RenderContext): RenderedFile[] {
  const units = [...new Set(profile.dad.services.map(normaliseUnitName))];
  return units.map((unit) => ({
    path: `/etc/systemd/system/${unit}.d/60-v6wizard-dad.conf`,
    mode: 0o644,
    owner: 'root:root',
    content: fill(template, { header: header(ctx), unit, ...startGuard(unit) }),
    stage: 'dad',
    description: SSH_UNITS.has(unit)
      ? `Starts ${unit} after the IPv6 addresses passed duplicate address detection (and even when they did not: SSH is never held back).`
      : `Starts ${unit} only after the IPv6 addresses passed duplicate address detection, and not at all when they did not.`,
  }));
}
