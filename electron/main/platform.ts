import type { Dialogs, Platform, RecentStore, SecretStore } from '../handlers/platform';

/**
 * The Electron flavour of the Platform the shared handlers (electron/handlers) run on: native dialogs,
 * the safeStorage secret store, and the recent list, which also feeds File ▸ Open Recent.
 */
export interface ElectronPlatformParts {
  version: string;
  dialogs: Dialogs;
  secrets: SecretStore;
  recent: RecentStore;
  /** Called after the recent list changed (a profile was opened or saved), to rebuild the menu. */
  onRecentChanged: () => void;
}

/** A RecentStore that reports every change, so the native menu never shows a stale list. */
export function observeRecent(store: RecentStore, onChanged: () => void): RecentStore {
  return {
    list: () => store.list(),
    async add(path) {
      await store.add(path);
      onChanged();
    },
  };
}

/** The Platform main.ts hands to createHandlers. */
export function createElectronPlatform(parts: ElectronPlatformParts): Platform {
  return {
    runtime: 'electron',
    version: parts.version,
    dialogs: parts.dialogs,
    secrets: parts.secrets,
    recent: observeRecent(parts.recent, parts.onRecentChanged),
  };
}
