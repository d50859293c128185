import type { Channel, MenuCommand, RequestOf, ResponseOf, Result } from './contract';

/** One function per channel, named exactly like the channel: the page never gets a generic invoke. */
export type ChannelFunctions = {
  readonly [C in Channel]: (request: RequestOf<C>) => Promise<Result<ResponseOf<C>>>;
};

/**
 * The shape of `window.v6wizard`, the one global Electron's preload exposes with contextBridge.
 * electron/preload.ts builds it (`satisfies PreloadApi`) and renderer/src/lib/api-electron.ts uses it,
 * so both sides are checked against this one declaration.
 */
export type PreloadApi = ChannelFunctions & {
  readonly runtime: 'electron';
  /** Subscribe to native menu commands; returns the function that unsubscribes. */
  readonly onMenuCommand: (listener: (command: MenuCommand) => void) => () => void;
  /** File ▸ Open Recent: the chosen path (a MenuCommand carries none); returns the unsubscribe function. */
  readonly onOpenRecent: (listener: (path: string) => void) => () => void;
};
