import type { Channel, RequestOf, ResponseOf, Result } from '../../../shared/ipc/contract';
import type { PreloadApi } from '../../../shared/ipc/preload-api';
import { failure, isResult } from './api-result';
import type { Api } from './api-types';

/**
 * The Api over Electron's preload global: one function per channel (`window.v6wizard[channel]`),
 * each resolving to the channel's Result. A rejected promise (a preload bug, a main process that
 * threw) still becomes a failed Result here, so callers only ever handle Results.
 */
export function createElectronApi(preload: PreloadApi): Api {
  return {
    runtime: 'electron',
    async call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>> {
      const send = preload[channel] as (r: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
      try {
        const result: unknown = await send(request);
        return isResult(result)
          ? (result as Result<ResponseOf<C>>)
          : failure('INTERNAL', `${channel}: the app answered with something that is not a Result`);
      } catch (e) {
        return failure('INTERNAL', `${channel} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    onMenuCommand: (listener) => preload.onMenuCommand(listener),
    onOpenRecent: (listener) => preload.onOpenRecent(listener),
  };
}
