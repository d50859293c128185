import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_SIZE, initialWindowState, parseWindowState, type WindowState } from './window-state';
import { createWindowStateTracker, loadWindowState, saveWindowState } from './window-state-file';

const laptop = { workArea: { x: 0, y: 0, width: 1920, height: 1050 } };
/** A second monitor to the right of the laptop. */
const monitor = { workArea: { x: 1920, y: 0, width: 2560, height: 1410 } };

const state = (x: number, y: number, width = 1000, height = 700, maximized = false): WindowState => ({
  bounds: { x, y, width, height },
  maximized,
});

describe('initialWindowState', () => {
  it('centres the default size on the primary display when nothing is saved', () => {
    expect(initialWindowState(undefined, [laptop], laptop)).toEqual({
      bounds: { x: 410, y: 135, width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height },
      maximized: false,
    });
  });

  it('restores bounds that are on a connected display, including a second monitor', () => {
    expect(initialWindowState(state(100, 50), [laptop], laptop)).toEqual(state(100, 50));
    expect(initialWindowState(state(2500, 200, 1200, 900, true), [laptop, monitor], laptop)).toEqual(
      state(2500, 200, 1200, 900, true),
    );
  });

  it('centres on the primary display when the saved display is gone (monitor unplugged)', () => {
    const restored = initialWindowState(state(2500, 200), [laptop], laptop);
    expect(restored.bounds).toEqual({ x: 410, y: 135, width: 1100, height: 780 });
  });

  it('centres when only a sliver of the window was on screen, with its title bar off it', () => {
    // Title bar above the top of the screen: nobody could grab it.
    expect(initialWindowState(state(100, -600), [laptop], laptop).bounds.x).toBe(410);
    // Window almost wholly to the left of the screen.
    expect(initialWindowState(state(-950, 100), [laptop], laptop).bounds.x).toBe(410);
  });

  it('pulls a window that hangs over an edge back inside the display, and shrinks one too big for it', () => {
    expect(initialWindowState(state(1200, 600), [laptop], laptop).bounds).toEqual({
      x: 920,
      y: 350,
      width: 1000,
      height: 700,
    });
    expect(initialWindowState(state(10, 10, 3000, 2000), [laptop], laptop).bounds).toEqual({
      x: 0,
      y: 0,
      width: 1920,
      height: 1050,
    });
  });

  it('fits the default size into a display smaller than it', () => {
    const small = { workArea: { x: 0, y: 0, width: 800, height: 600 } };
    expect(initialWindowState(undefined, [small], small).bounds).toEqual({
      x: 0,
      y: 0,
      width: 800,
      height: 600,
    });
  });
});

describe('parseWindowState', () => {
  it('accepts exactly the saved shape', () => {
    expect(parseWindowState(state(1, 2))).toEqual(state(1, 2));
  });
  it('rejects anything else', () => {
    for (const bad of [
      null,
      'x',
      {},
      { bounds: { x: 1, y: 2, width: 3 }, maximized: false },
      { bounds: { x: 1, y: 2, width: 0, height: 4 }, maximized: false },
      { bounds: { x: 1.5, y: 2, width: 3, height: 4 }, maximized: false },
      { bounds: { x: '1', y: 2, width: 3, height: 4 }, maximized: false },
      { bounds: { x: 1, y: 2, width: 3, height: 4 }, maximized: 'no' },
    ]) {
      expect(parseWindowState(bad)).toBeUndefined();
    }
  });
});

describe('the window-state file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'v6w-window-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips, and treats a missing or broken file as nothing saved', async () => {
    const file = join(dir, 'window-state.json');
    const logs: string[] = [];
    expect(await loadWindowState(file, (m) => logs.push(m))).toBeUndefined();
    await saveWindowState(file, state(5, 6, 700, 500, true));
    expect(await loadWindowState(file, (m) => logs.push(m))).toEqual(state(5, 6, 700, 500, true));
    writeFileSync(file, '{not json');
    expect(await loadWindowState(file, (m) => logs.push(m))).toBeUndefined();
    expect(logs.join('\n')).toMatch(/ignoring .*window-state\.json/);
  });
});

describe('the window-state tracker', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  function setup() {
    let current = state(0, 0);
    const saved: WindowState[] = [];
    const tracker = createWindowStateTracker({
      read: () => current,
      save: (s) => {
        saved.push(s);
        return Promise.resolve();
      },
      debounceMs: 500,
      log: () => undefined,
    });
    return { tracker, saved, move: (x: number) => (current = state(x, 0)) };
  }

  it('saves once after a burst of moves has been quiet for the debounce time', async () => {
    const { tracker, saved, move } = setup();
    for (let x = 1; x <= 30; x++) {
      move(x);
      tracker.changed();
      await vi.advanceTimersByTimeAsync(16);
    }
    expect(saved).toEqual([]);
    await vi.advanceTimersByTimeAsync(500);
    expect(saved).toEqual([state(30, 0)]);
  });

  it('saves at once on close, cancels the pending save and ignores later events', async () => {
    const { tracker, saved, move } = setup();
    move(5);
    tracker.changed();
    move(9);
    await tracker.closed();
    expect(saved).toEqual([state(9, 0)]);
    tracker.changed();
    await tracker.closed();
    await vi.advanceTimersByTimeAsync(2000);
    expect(saved).toEqual([state(9, 0)]);
  });

  it('logs, rather than crashes, when the file cannot be written', async () => {
    const logs: string[] = [];
    const tracker = createWindowStateTracker({
      read: () => state(1, 1),
      save: () => Promise.reject(new Error('EACCES')),
      debounceMs: 10,
      log: (m) => logs.push(m),
    });
    await tracker.closed();
    expect(logs).toEqual(['v6wizard: could not save the window position: EACCES']);
  });

  it('writes real JSON through saveWindowState', async () => {
    vi.useRealTimers();
    const dir = mkdtempSync(join(tmpdir(), 'v6w-window-'));
    try {
      const file = join(dir, 'w.json');
      const tracker = createWindowStateTracker({
        read: () => state(3, 4),
        save: (s) => saveWindowState(file, s),
        debounceMs: 10,
        log: () => undefined,
      });
      await tracker.closed();
      expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(state(3, 4));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
