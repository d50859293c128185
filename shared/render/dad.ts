import { assertNever } from '../util/assert-never';
import { renderDadDropins } from './dad-dropins';
import { renderDadWaitScript } from './dad-script';
import { renderDadSleepUnit, renderDadWaitUnit } from './dad-units';
import type { Renderer } from './index';

/**
 * The DAD stage. `wait`: the tool, its unit and the drop-ins; `sleep`: a sleeping unit under the same
 * name and the drop-ins; `optimistic`: the tool in a unit that only reports a duplicate (nothing waits);
 * `disable`: nothing here. The sysctl and address flags belong to the sysctl and tunnel renderers.
 */
export const renderDad: Renderer = (profile, derived, ctx) => {
  const strategy = profile.dad.strategy;
  switch (strategy) {
    case 'wait':
      return [
        renderDadWaitScript(ctx),
        renderDadWaitUnit(profile, derived, ctx),
        ...renderDadDropins(profile, ctx),
      ];
    case 'sleep':
      return [renderDadSleepUnit(profile, ctx), ...renderDadDropins(profile, ctx)];
    case 'optimistic':
      // Nothing waits, but a duplicate is reported (RFC 4429: an optimistic address that fails DAD).
      return [renderDadWaitScript(ctx), renderDadWaitUnit(profile, derived, ctx, 'report')];
    case 'disable':
      return [];
    default:
      return assertNever(strategy);
  }
};
