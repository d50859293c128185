import { assertNever } from '../util/assert-never';
import { renderDadDropins } from './dad-dropins';
import { renderDadWaitScript } from './dad-script';
import { renderDadSleepUnit, renderDadWaitUnit } from './dad-units';
import type { Renderer } from './index';

/**
 * The DAD stage. `wait`: the tool, its unit and the drop-ins; `sleep`: a sleeping unit under the same
 * name and the drop-ins; `optimistic` and `disable`: nothing here, because the addresses are usable at
 * once (their sysctl and address flags belong to the sysctl and tunnel renderers).
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
    case 'disable':
      return [];
    default:
      return assertNever(strategy);
  }
};
