import {
  CHANNELS,
  type Channel,
  type RequestOf,
  type ResponseOf,
  type Result,
} from '../../shared/ipc/contract';
import type { ChannelFunctions } from '../../shared/ipc/preload-api';
import { validateRequest } from '../../shared/ipc/validate-request';

/**
 * The one place the main process answers IPC (with electron/preload.ts, the only files that touch
 * ipcMain/ipcRenderer). Every channel goes through the same steps, so no handler can forget one:
 *   1. the sender must be the main frame of our window, showing our own origin (Electron security
 *      checklist #17: any frame, including a compromised or injected one, can send IPC);
 *   2. the payload arrives as `unknown` and is re-validated with shared/ipc/validate-request.ts;
 *   3. the handler's Result goes back; a throw (a bug) becomes an INTERNAL Result, never a rejection
 *      whose details Electron would strip on the way.
 * Written against structural slices of Electron's types so it is tested under Node with fake events.
 */

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: FrameLike | null;
}

/** The parts of Electron's IpcMainInvokeEvent the sender check reads. */
export interface InvokeEventLike {
  readonly sender: { readonly id: number };
  /** Null when the frame navigated away or was destroyed before the message was handled. */
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface IpcOptions {
  ipcMain: IpcMainLike;
  handlers: ChannelFunctions;
  /** The id of our window's webContents; undefined while there is no window. */
  trustedWebContentsId: () => number | undefined;
  /** Origins (`scheme://host[:port]`) the page may be served from: our custom scheme, the dev server in dev. */
  trustedOrigins: readonly string[];
  /** Where refusals and bugs are reported (console.warn in main.ts). */
  log: (message: string) => void;
}

/** `scheme://host[:port]` of a URL; computed by hand because Node's URL gives `null` as the origin of custom schemes. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.host === '' ? undefined : `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/** Why the sender is refused, or undefined when it is trusted. */
export function senderProblem(
  event: InvokeEventLike,
  options: Pick<IpcOptions, 'trustedWebContentsId' | 'trustedOrigins'>,
): string | undefined {
  const frame = event.senderFrame;
  if (frame === null) return 'the sending frame is gone';
  if (event.sender.id !== options.trustedWebContentsId()) return 'it does not come from the v6wizard window';
  // Only the top-level document is ours; any iframe (which the CSP forbids anyway) is refused.
  if (frame.parent !== null) return 'it comes from a subframe, not the main frame';
  const origin = originOf(frame.url);
  if (origin === undefined || !options.trustedOrigins.includes(origin)) {
    return `the frame shows ${JSON.stringify(frame.url.slice(0, 200))}, not the v6wizard page`;
  }
  return undefined;
}

const failure = (code: 'BAD_REQUEST' | 'INTERNAL', message: string): Result<never> => ({
  ok: false,
  error: { code, message },
});

async function dispatch<C extends Channel>(
  handlers: ChannelFunctions,
  channel: C,
  request: RequestOf<C>,
): Promise<Result<ResponseOf<C>>> {
  const handler: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>> = handlers[channel];
  return handler(request);
}

/** The listener for one channel: checks, validation, dispatch. Exported for the tests. */
export function channelListener<C extends Channel>(
  channel: C,
  options: IpcOptions,
): (event: InvokeEventLike, ...args: unknown[]) => Promise<Result<ResponseOf<C>>> {
  return async (event, ...args) => {
    const problem = senderProblem(event, options);
    if (problem !== undefined) {
      options.log(`v6wizard: refused IPC on ${channel}: ${problem}`);
      // The refusal carries no data; the sender learns only that it was refused.
      return failure('BAD_REQUEST', `refused: ${problem}`);
    }
    // The preload sends exactly one argument; anything else did not come through it.
    if (args.length !== 1)
      return failure('BAD_REQUEST', `${channel}: expected one request, got ${args.length}`);
    const request = validateRequest(channel, args[0]);
    if (!request.ok) return request;
    try {
      return await dispatch(options.handlers, channel, request.value);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      options.log(
        `v6wizard: handler for ${channel} threw (a bug): ${e instanceof Error ? (e.stack ?? message) : message}`,
      );
      return failure('INTERNAL', `v6wizard hit a bug while handling ${channel}: ${message}`);
    }
  };
}

/** Registers one handler per channel of the contract; returns the function that removes them again. */
export function registerIpc(options: IpcOptions): () => void {
  for (const channel of CHANNELS) options.ipcMain.handle(channel, channelListener(channel, options));
  return () => {
    for (const channel of CHANNELS) options.ipcMain.removeHandler(channel);
  };
}
