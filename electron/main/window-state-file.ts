import { readJsonFile, writeJsonFileAtomic } from './json-file';
import { parseWindowState, type WindowState } from './window-state';

/**
 * Remembering the window: userData/window-state.json, and a tracker that saves it on close and, debounced,
 * while the window is moved or resized (so a crash or a killed session still keeps the last place).
 */

/** The saved state, or undefined when there is none or it is unreadable: the window then opens centred. */
export async function loadWindowState(
  file: string,
  log: (message: string) => void,
): Promise<WindowState | undefined> {
  try {
    const state = parseWindowState(await readJsonFile(file));
    return state;
  } catch (e) {
    // Losing the window position is harmless; refusing to start over it would not be.
    log(`v6wizard: ignoring ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** Writes the state atomically (a half-written file would be ignored, but a whole one is better). */
export function saveWindowState(file: string, state: WindowState): Promise<void> {
  return writeJsonFileAtomic(file, state, 0o644);
}

export interface WindowStateTrackerOptions {
  /** The window's current state (getNormalBounds() and isMaximized()). */
  read: () => WindowState;
  save: (state: WindowState) => Promise<void>;
  /** Quiet time after the last move/resize event before saving; dragging fires dozens per second. */
  debounceMs: number;
  log: (message: string) => void;
}

export interface WindowStateTracker {
  /** Call on every 'move' and 'resize' (and maximize/unmaximize). */
  changed(): void;
  /** Call on 'close': saves at once; the returned promise settles when the file is written. */
  closed(): Promise<void>;
}

/** Saves the window's state debounced while it changes and at once when it closes. */
export function createWindowStateTracker(options: WindowStateTrackerOptions): WindowStateTracker {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const saveNow = async (): Promise<void> => {
    try {
      await options.save(options.read());
    } catch (e) {
      options.log(
        `v6wizard: could not save the window position: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  };
  return {
    changed() {
      if (done) return;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void saveNow();
      }, options.debounceMs);
    },
    closed() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      // Read once, while the window still exists; later events (the window is being destroyed) are ignored.
      if (done) return Promise.resolve();
      done = true;
      return saveNow();
    },
  };
}
