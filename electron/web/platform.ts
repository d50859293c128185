import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { createFileRecentStore } from '../handlers/recent-store';
import type { Platform, SecretStore } from '../handlers/platform';

/**
 * Where the browser host keeps its recent list: $XDG_CONFIG_HOME/v6wizard, else ~/.config/v6wizard
 * (the XDG base-directory spec; a relative XDG_CONFIG_HOME is invalid there and ignored). On Linux
 * that is also Electron's userData folder for the app, so both share one recent list.
 */
export function webConfigDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const xdg = env['XDG_CONFIG_HOME'];
  return join(xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.config'), 'v6wizard');
}

/**
 * The browser host keeps no secrets: it has no OS keyring session of its own (it may run on a headless
 * box, as root, reached over an SSH forward), and a file would be a secret in plain text. The handlers
 * check `status()` first and answer SECRET_STORE_UNAVAILABLE, so the methods below only run if that
 * check is ever bypassed, and then they refuse.
 */
const noSecretStore: SecretStore = {
  status: () => ({ available: false, backend: 'none' }),
  set: () => Promise.reject(new Error('the browser host keeps no secrets')),
  has: () => Promise.reject(new Error('the browser host keeps no secrets')),
  delete: () => Promise.reject(new Error('the browser host keeps no secrets')),
  get: () => Promise.reject(new Error('the browser host keeps no secrets')),
};

/** The browser host's Platform: no dialogs (the page uses a file input and downloads), no secrets. */
export function webPlatform(version: string, configDir: string = webConfigDir()): Platform {
  return { runtime: 'web', version, secrets: noSecretStore, recent: createFileRecentStore(configDir) };
}
