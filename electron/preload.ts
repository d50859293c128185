import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createBridge } from './main/preload-bridge';

/**
 * The preload: exposes `window.v6wizard` (shared/ipc/preload-api.ts) with contextBridge, one function per
 * channel and never a generic send/invoke (Electron's context-isolation guide). Everything it does is
 * built in electron/main/preload-bridge.ts and tested there; this file only hands it ipcRenderer.
 * It is bundled as CommonJS (electron.vite.config.ts): a sandboxed preload cannot be an ES module.
 */
contextBridge.exposeInMainWorld(
  'v6wizard',
  createBridge({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    on: (channel, listener) => {
      // Electron's event object stays here: it exposes ipcRenderer and must never reach the page.
      const wrapped = (_event: IpcRendererEvent, payload: unknown): void => {
        listener(payload);
      };
      ipcRenderer.on(channel, wrapped);
      return () => {
        ipcRenderer.removeListener(channel, wrapped);
      };
    },
  }),
);
