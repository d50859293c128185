import {
  CHANNELS,
  MENU_COMMANDS,
  type Channel,
  type MenuCommand,
  type Result,
} from '../../shared/ipc/contract';
import type { ChannelFunctions, PreloadApi } from '../../shared/ipc/preload-api';
import { MENU_COMMAND_CHANNEL, MENU_OPEN_RECENT_CHANNEL } from './menu-channels';

/**
 * What electron/preload.ts exposes as `window.v6wizard`, built here from two small transport functions
 * so it is tested under Node. One function per channel, each bound to its own channel name: the page can
 * call exactly the contract and nothing else (no generic invoke it could point at any channel).
 */

export type MainMessageChannel = typeof MENU_COMMAND_CHANNEL | typeof MENU_OPEN_RECENT_CHANNEL;

/** The preload's side of Electron IPC: ipcRenderer.invoke and ipcRenderer.on/removeListener. */
export interface BridgeTransport {
  invoke(channel: Channel, request: unknown): Promise<unknown>;
  /** Subscribes to a message from the main process; returns the unsubscribe function. */
  on(channel: MainMessageChannel, listener: (payload: unknown) => void): () => void;
}

/** What the preload exposes: exactly the shared PreloadApi. */
export type ElectronBridge = PreloadApi;

const internal = (message: string): Result<never> => ({ ok: false, error: { code: 'INTERNAL', message } });

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const { ok } = value as { ok?: unknown };
  return ok === true || ok === false;
}

function channelFunction(transport: BridgeTransport, channel: Channel) {
  // Never rejects: a failed invoke (main crashed, no handler) becomes an INTERNAL Result like any other.
  return async (request: unknown): Promise<Result<unknown>> => {
    try {
      const response = await transport.invoke(channel, request);
      return isResult(response) ? response : internal(`${channel}: the main process sent no result`);
    } catch (e) {
      return internal(`${channel}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

const isMenuCommand = (v: unknown): v is MenuCommand => MENU_COMMANDS.some((c) => c === v);

/** The object exposed as `window.v6wizard`, talking to the main process through `transport`. */
export function createBridge(transport: BridgeTransport): ElectronBridge {
  const functions = Object.fromEntries(
    CHANNELS.map((channel) => [channel, channelFunction(transport, channel)]),
  ) as unknown as ChannelFunctions;
  return {
    ...functions,
    runtime: 'electron',
    // Only the checked payload reaches the page, never Electron's event object (it holds ipcRenderer).
    onMenuCommand: (listener) =>
      transport.on(MENU_COMMAND_CHANNEL, (payload) => {
        if (isMenuCommand(payload)) listener(payload);
      }),
    onOpenRecent: (listener) =>
      transport.on(MENU_OPEN_RECENT_CHANNEL, (payload) => {
        if (typeof payload === 'string' && payload !== '') listener(payload);
      }),
  };
}
