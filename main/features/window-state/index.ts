/**
 * Remembers the main window's position, size and maximised state between runs.
 *
 * The logic is plain Node so it can be tested without Electron: the window is any object with the few
 * BrowserWindow methods used here, and the displays are passed in as rectangles. The one thing worth
 * guarding: a saved position may point at a monitor that is no longer attached, so a remembered window
 * that would not be visible is re-centred instead of restored off-screen.
 */
import path from 'node:path';
import { z } from 'zod';
import { readJsonLenient, writeFileAtomic, writeFileAtomicSync } from '../../lib/atomic-file';

/** File name of the bounds file inside the userData directory. */
export const WINDOW_STATE_FILE = 'window-state.json';

/** A rectangle in screen coordinates (Electron's `Rectangle`). */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What is persisted: the normal (un-maximised) bounds and whether the window was maximised. */
export interface WindowState {
  bounds: Rect;
  isMaximized: boolean;
}

/** Size of a first-run window and the floor below which a remembered size is not trusted. */
export const DEFAULT_SIZE = { width: 1280, height: 800 } as const;
/** Smallest usable window; also passed to BrowserWindow as minWidth/minHeight. */
export const MIN_SIZE = { width: 800, height: 560 } as const;

const coordinate = z.number().int().min(-100_000).max(100_000);
const WindowStateSchema = z.object({
  bounds: z.object({
    x: coordinate,
    y: coordinate,
    width: z.number().int().min(MIN_SIZE.width).max(100_000),
    height: z.number().int().min(MIN_SIZE.height).max(100_000),
  }),
  isMaximized: z.boolean(),
});

/** Parse a stored window state; anything malformed yields `null` (use defaults), never an exception. */
export function parseWindowState(raw: unknown): WindowState | null {
  const parsed = WindowStateSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/**
 * Where the window should open: the saved bounds if their title-bar area overlaps a work area enough to be
 * grabbed, otherwise a default-sized window with no position (Electron centres it). Size is clamped to the
 * display it lands on so a window saved on a large monitor still fits a laptop screen.
 */
export function resolveInitialBounds(
  saved: WindowState | null,
  workAreas: readonly Rect[],
): { bounds: Partial<Rect> & Pick<Rect, 'width' | 'height'>; isMaximized: boolean } {
  if (!saved) return { bounds: { ...DEFAULT_SIZE }, isMaximized: false };
  const { bounds } = saved;
  // The top strip is what the user drags; require a reasonable part of it to be on some display.
  const titleBar: Rect = { x: bounds.x, y: bounds.y, width: bounds.width, height: 40 };
  const host = workAreas.find((area) => overlap(titleBar, area) >= Math.min(100, bounds.width) * 20);
  if (!host) return { bounds: { ...DEFAULT_SIZE }, isMaximized: saved.isMaximized };
  return {
    bounds: {
      x: bounds.x,
      y: bounds.y,
      width: Math.min(bounds.width, Math.max(host.width, MIN_SIZE.width)),
      height: Math.min(bounds.height, Math.max(host.height, MIN_SIZE.height)),
    },
    isMaximized: saved.isMaximized,
  };
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** The subset of BrowserWindow this feature needs (so tests can pass a fake). */
export interface TrackableWindow {
  getNormalBounds(): Rect;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close', listener: () => void): unknown;
}

/** Load and track window state for one window. */
export interface WindowStateFeature {
  /** The bounds to create the window with, given the current displays' work areas. */
  load(workAreas: readonly Rect[]): Promise<ReturnType<typeof resolveInitialBounds>>;
  /**
   * Persist `win`'s state on moves/resizes (debounced) and on close. The close write is synchronous: the
   * app may quit right after the last window closes, before an async write would finish.
   */
  track(win: TrackableWindow): void;
  /** Write the latest state now (also used by tests); resolves when it is on disk. */
  flush(): Promise<void>;
}

/** Set up window-state persistence in `userDataDir`. */
export function setupWindowState(userDataDir: string, debounceMs = 400): WindowStateFeature {
  const file = path.join(userDataDir, WINDOW_STATE_FILE);
  let pending: WindowState | null = null;
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const state = pending;
    pending = null;
    if (state) {
      // Chain so an older snapshot can never land after a newer one.
      writing = writing
        .then(() => writeFileAtomic(file, `${JSON.stringify(state)}\n`))
        .catch((error: unknown) => {
          // Losing the window position is not worth crashing or nagging the user over.
          console.warn(`cascade-drill: could not save window state: ${String(error)}`);
        });
    }
    return writing;
  };

  return {
    async load(workAreas) {
      return resolveInitialBounds(parseWindowState(await readJsonLenient(file)), workAreas);
    },
    track(win) {
      const capture = (): void => {
        if (win.isDestroyed()) return;
        pending = { bounds: win.getNormalBounds(), isMaximized: win.isMaximized() };
      };
      const schedule = (): void => {
        capture();
        if (timer) clearTimeout(timer);
        timer = setTimeout(() => void flush(), debounceMs);
      };
      for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, schedule);
      win.on('close', () => {
        capture();
        if (timer) clearTimeout(timer);
        timer = undefined;
        const state = pending;
        pending = null;
        if (!state) return;
        try {
          writeFileAtomicSync(file, `${JSON.stringify(state)}\n`);
        } catch (error) {
          console.warn(`cascade-drill: could not save window state: ${String(error)}`);
        }
      });
    },
    flush,
  };
}
