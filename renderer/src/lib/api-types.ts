import type {
  Channel,
  MenuCommand,
  RequestOf,
  ResponseOf,
  Result,
  Runtime,
} from '../../../shared/ipc/contract';

/**
 * How the page talks to the Node side, the same in Electron (through the preload) and in the browser
 * host (through fetch with the run's token). Every call resolves to a Result; it never throws.
 */
export interface Api {
  runtime: Runtime;
  call<C extends Channel>(channel: C, request: RequestOf<C>): Promise<Result<ResponseOf<C>>>;
  /** Native menu commands (Electron); the browser host never sends any. Returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** File ▸ Open Recent in the native menu (Electron); the browser host lists recent files on Start instead. */
  onOpenRecent(listener: (path: string) => void): () => void;
}
