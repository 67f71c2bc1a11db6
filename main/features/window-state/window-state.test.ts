import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import {
  DEFAULT_SIZE,
  parseWindowState,
  resolveInitialBounds,
  setupWindowState,
  WINDOW_STATE_FILE,
  type Rect,
  type TrackableWindow,
} from './index';

const screen: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const saved = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, isMaximized: false };

describe('parseWindowState', () => {
  it('accepts a well-formed state', () => {
    expect(parseWindowState(saved)).toEqual(saved);
  });

  it('returns null for anything malformed', () => {
    for (const raw of [
      undefined,
      null,
      'x',
      {},
      { bounds: { x: 0, y: 0, width: 'wide', height: 600 }, isMaximized: false },
      { bounds: { x: 0, y: 0, width: 10, height: 10 }, isMaximized: false },
      { bounds: { x: 1e9, y: 0, width: 1000, height: 800 }, isMaximized: false },
      { bounds: saved.bounds },
    ]) {
      expect(parseWindowState(raw)).toBeNull();
    }
  });
});

describe('resolveInitialBounds', () => {
  it('uses defaults without a saved state', () => {
    expect(resolveInitialBounds(null, [screen])).toEqual({ bounds: DEFAULT_SIZE, isMaximized: false });
  });

  it('restores bounds that are on a display', () => {
    expect(resolveInitialBounds(saved, [screen])).toEqual(saved);
  });

  it('re-centres a window whose monitor is gone, keeping maximised state', () => {
    const offscreen = { bounds: { x: 4000, y: 100, width: 1000, height: 800 }, isMaximized: true };
    expect(resolveInitialBounds(offscreen, [screen])).toEqual({ bounds: DEFAULT_SIZE, isMaximized: true });
  });

  it('shrinks a window saved on a larger display to fit', () => {
    const big = { bounds: { x: 0, y: 0, width: 3000, height: 2000 }, isMaximized: false };
    expect(resolveInitialBounds(big, [screen]).bounds).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
  });
});

class FakeWindow implements TrackableWindow {
  listeners = new Map<string, (() => void)[]>();
  bounds: Rect = { x: 10, y: 20, width: 1000, height: 700 };
  maximized = false;
  getNormalBounds = (): Rect => this.bounds;
  isMaximized = (): boolean => this.maximized;
  isDestroyed = (): boolean => false;
  on(event: string, listener: () => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string): void {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
}

describe('setupWindowState', () => {
  it('ignores a corrupt bounds file', async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, WINDOW_STATE_FILE), '\u0000garbage{');
    await expect(setupWindowState(dir).load([screen])).resolves.toEqual({
      bounds: DEFAULT_SIZE,
      isMaximized: false,
    });
  });

  it('saves after moves (debounced, flushable) and synchronously on close, then restores', async () => {
    const dir = tempDir();
    const feature = setupWindowState(dir, 10_000);
    const win = new FakeWindow();
    feature.track(win);
    win.bounds = { x: 50, y: 60, width: 900, height: 650 };
    win.emit('move');
    await feature.flush();
    expect(JSON.parse(readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual({
      bounds: win.bounds,
      isMaximized: false,
    });

    win.maximized = true;
    win.emit('close');
    // No await: the close write must already be on disk when the handler returns.
    expect(JSON.parse(readFileSync(path.join(dir, WINDOW_STATE_FILE), 'utf8')).isMaximized).toBe(true);
    expect(await setupWindowState(dir).load([screen])).toEqual({ bounds: win.bounds, isMaximized: true });
  });
});
