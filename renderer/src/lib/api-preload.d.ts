import type { PreloadApi } from '../../../shared/ipc/preload-api';

declare global {
  interface Window {
    /**
     * Set by Electron's preload (electron/preload.ts, contextBridge); absent in the browser host,
     * which is how api.ts tells the two apart.
     */
    readonly v6wizard?: PreloadApi;
  }
}

export {};
