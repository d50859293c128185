import { contextBridge } from 'electron';

/**
 * The preload exposes one global with one function per capability, never a generic send/invoke
 * (Electron's context-isolation guide). The profile viewer needs nothing from the Node side yet;
 * the wizard's typed IPC contract adds its channels here.
 */
contextBridge.exposeInMainWorld('v6wizard', {
  runtime: 'electron',
});
