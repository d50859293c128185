import type { Runtime } from '../../shared/ipc/contract';

/**
 * What differs between the Electron app and the browser host, injected into the shared handlers.
 * Nothing here imports `electron`: main.ts builds the Electron flavour from Electron's APIs and the
 * browser host builds its own, so every handler runs and is tested under plain Node.
 */
export interface Dialogs {
  /** A native open dialog; resolves to the chosen path, or undefined when the person cancelled. */
  openProfile(): Promise<string | undefined>;
  /** A native save dialog suggesting `suggestedName`; undefined when cancelled. */
  saveProfile(suggestedName: string): Promise<string | undefined>;
  /** A native folder dialog for the export; undefined when cancelled. */
  chooseExportFolder(): Promise<string | undefined>;
}

export interface SecretStore {
  /** Whether secrets can be kept, and by which backend (e.g. `gnome_libsecret`, `basic_text`). */
  status(): { available: boolean; backend: string };
  set(ref: string, value: string): Promise<void>;
  has(ref: string): Promise<boolean>;
  delete(ref: string): Promise<boolean>;
  /** For the Node side only (broker update, SSH): never crosses to the renderer. */
  get(ref: string): Promise<string | undefined>;
}

export interface RecentStore {
  list(): Promise<string[]>;
  add(path: string): Promise<void>;
}

export interface Platform {
  runtime: Runtime;
  version: string;
  /** Absent in the browser host: the page uses a file input and downloads instead. */
  dialogs?: Dialogs;
  secrets: SecretStore;
  recent: RecentStore;
}
