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

/**
 * One drop-in per unit in `dad.services`, ordering it after the DAD wait. A drop-in (not an edit of
 * the unit) because the unit belongs to its package and is replaced on every upgrade.
 */
export function renderDadDropins(profile: Profile, ctx: RenderContext): RenderedFile[] {
  const units = [...new Set(profile.dad.services.map(normaliseUnitName))];
  return units.map((unit) => ({
    path: `/etc/systemd/system/${unit}.d/60-v6wizard-dad.conf`,
    mode: 0o644,
    owner: 'root:root',
    content: fill(template, { header: header(ctx), unit }),
    stage: 'dad',
    description: `Starts ${unit} only after the IPv6 addresses passed duplicate address detection.`,
  }));
}
