/**
 * Where the window opens: the size and position it had last time, but only when that spot is on a
 * display connected now (a laptop undocked from its second monitor must not open its window off
 * screen, where nobody can see or move it); otherwise centred on the primary display.
 * Pure functions; electron/main/window-state-file.ts reads and writes the saved state.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** The bounds when not maximized (BrowserWindow.getNormalBounds), so un-maximizing restores them. */
  bounds: Rect;
  maximized: boolean;
}

/** The part of Electron's Display used here: the area not covered by task bars and docks. */
export interface DisplayLike {
  workArea: Rect;
}

/** The first window's size: the step column and the preview side by side. */
export const DEFAULT_SIZE = { width: 1100, height: 780 } as const;
/** Below this the wizard's step and preview columns stop fitting (main.ts passes it as minWidth/minHeight). */
export const MIN_SIZE = { width: 640, height: 480 } as const;

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v);

/** The saved state if `value` has its exact shape with sane numbers, else undefined (then we centre). */
export function parseWindowState(value: unknown): WindowState | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bounds, maximized } = value as Record<string, unknown>;
  if (typeof maximized !== 'boolean' || typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x) || !isInt(y) || !isInt(width) || !isInt(height) || width <= 0 || height <= 0)
    return undefined;
  return { bounds: { x, y, width, height }, maximized };
}

function contains(area: Rect, px: number, py: number): boolean {
  return px >= area.x && px < area.x + area.width && py >= area.y && py < area.y + area.height;
}

const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(v, hi));

/** `bounds` moved and shrunk as little as possible to lie wholly inside `area`. */
function fitInto(bounds: Rect, area: Rect): Rect {
  const width = Math.min(Math.max(bounds.width, MIN_SIZE.width), area.width);
  const height = Math.min(Math.max(bounds.height, MIN_SIZE.height), area.height);
  return {
    x: clamp(bounds.x, area.x, area.x + area.width - width),
    y: clamp(bounds.y, area.y, area.y + area.height - height),
    width,
    height,
  };
}

/** The default size, centred in `area` (and no larger than it). */
export function centred(area: Rect): Rect {
  const width = Math.min(DEFAULT_SIZE.width, area.width);
  const height = Math.min(DEFAULT_SIZE.height, area.height);
  return {
    x: area.x + Math.floor((area.width - width) / 2),
    y: area.y + Math.floor((area.height - height) / 2),
    width,
    height,
  };
}

/**
 * The window's first bounds. The saved window counts as "on a display" when the middle of its title bar
 * (what a person grabs to move it) lies in the work area of a connected display; it is then fitted into
 * that display. Anything else, including no saved state, is centred on the primary display.
 */
export function initialWindowState(
  saved: WindowState | undefined,
  displays: readonly DisplayLike[],
  primary: DisplayLike,
): WindowState {
  if (saved !== undefined) {
    const { bounds } = saved;
    const grabX = bounds.x + Math.floor(bounds.width / 2);
    const grabY = bounds.y + 10;
    const display = displays.find((d) => contains(d.workArea, grabX, grabY));
    if (display !== undefined)
      return { bounds: fitInto(bounds, display.workArea), maximized: saved.maximized };
  }
  return { bounds: centred(primary.workArea), maximized: saved?.maximized ?? false };
}
