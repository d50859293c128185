import {
  CHANNELS,
  type Channel,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/ipc/contract';
import { validateRequest } from '../../shared/ipc/validate-request';
import { fail } from './result';
import type { Handlers } from './types';

/** Whether a name received from outside (an HTTP path, an IPC channel) is one of the contract's channels. */
export function isChannel(name: string): name is Channel {
  return (CHANNELS as readonly string[]).includes(name);
}

async function call<C extends Channel>(
  handlers: Handlers,
  channel: C,
  request: unknown,
): Promise<Result<ResponseOf<C>>> {
  const checked = validateRequest(channel, request);
  if (!checked.ok) return checked;
  const handler = handlers[channel] as (r: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
  return handler(checked.value);
}

/**
 * The one entry from the outside world into the handlers, for Electron's IPC wrapper and the browser
 * host alike: the channel name is checked against the contract, the payload re-validated with the
 * shared/ validator (it arrives as `unknown`, whatever the page's types said), then the handler runs.
 * Resolves to a Result in every case.
 */
export async function dispatch(
  handlers: Handlers,
  channel: string,
  request: unknown,
): Promise<Result<unknown>> {
  if (!isChannel(channel)) return fail('BAD_REQUEST', `${channel}: is not a v6wizard channel`);
  try {
    return await call(handlers, channel, request);
  } catch (e) {
    return fail('INTERNAL', `${channel} failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`);
  }
}
