import template from '../../templates/dad/v6wizard-dad-wait.sh.tmpl?raw';
import { DAD_PATHS, DAD_SERVICE } from './dad-paths';
import { DAD_APPEAR_SECONDS, DAD_CEILING_SECONDS, DAD_MARGIN_MS, DAD_RECHECK_SECONDS } from './dad-timing';
import { header } from './header';
import { fill } from './template';
import type { RenderContext, RenderedFile } from './types';

/**
 * `/usr/local/sbin/v6wizard-dad-wait`: the event-driven wait for exactly the given addresses. The
 * script takes the addresses as arguments, so its text depends on the profile only through the header.
 */
export function renderDadWaitScript(ctx: RenderContext): RenderedFile {
  return {
    path: DAD_PATHS.script,
    mode: 0o755,
    owner: 'root:root',
    service: DAD_SERVICE,
    content: fill(template, {
      header: header(ctx),
      recheckSeconds: String(DAD_RECHECK_SECONDS),
      marginMs: String(DAD_MARGIN_MS),
      ceilingSeconds: String(DAD_CEILING_SECONDS),
      appearSeconds: String(DAD_APPEAR_SECONDS),
    }),
    validate: ['bash', '-n', '{file}'],
    stage: 'dad',
    description:
      "Waits until the router's IPv6 addresses passed duplicate address detection and reports a duplicate.",
  };
}
