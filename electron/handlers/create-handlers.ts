import {
  CHANNELS,
  type Channel,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/ipc/contract';
import { exportHandlers } from './export-handlers';
import type { Platform } from './platform';
import { profileHandlers } from './profile-handlers';
import { errorText, fail, ok } from './result';
import { realRouterDeps, routerHandlers, type RouterDeps } from './router-handlers';
import { secretHandlers } from './secret-handlers';
import type { Handlers } from './types';

type Handler<C extends Channel> = (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;

/**
 * A handler that never rejects: anything it throws becomes INTERNAL. A rejected promise would reach
 * the page as a bare message (Electron) or a 500 (browser host); a Result keeps the code.
 */
function neverThrows<C extends Channel>(channel: C, handler: Handler<C>): Handler<C> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (e) {
      return fail('INTERNAL', `${channel} failed unexpectedly: ${errorText(e)}`);
    }
  };
}

/**
 * Every channel's handler for one runtime. The differences between Electron and the browser host are
 * all in `platform` (dialogs, secret store, recent list), so both run this same code, and the tests run
 * it under plain Node with a fake platform. Requests must already be validated (see dispatch.ts).
 */
export function createHandlers(
  platform: Platform,
  now: () => Date = () => new Date(),
  router: Partial<RouterDeps> = {},
): Handlers {
  const all: Handlers = {
    'app:info': () =>
      Promise.resolve(
        ok({ version: platform.version, runtime: platform.runtime, secretStore: platform.secrets.status() }),
      ),
    ...profileHandlers(platform),
    ...exportHandlers(platform, now),
    ...secretHandlers(platform),
    ...routerHandlers(platform, { ...realRouterDeps(), ...router }),
  };
  const guarded: Partial<Record<Channel, unknown>> = {};
  for (const channel of CHANNELS)
    guarded[channel] = neverThrows(channel, all[channel] as Handler<typeof channel>);
  return guarded as Handlers;
}
