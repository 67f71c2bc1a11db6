/**
 * The density layer's Pixi side: one filled rectangle per lit grid cell (see ./density.ts). Only populated cells
 * are drawn: a world-sized textured sprite cost a full-screen blended fill every frame, which under software
 * WebGL (SwiftShader) tripled the main thread's time per frame at 600x (measured with `npm run bench:render`).
 */
import { Graphics } from 'pixi.js';
import { withFlatShader } from './flat-shader';
import {
  DENSITY_COLOUR,
  DENSITY_COLS,
  DENSITY_MAX_ALPHA,
  DENSITY_MIN_INTERVAL_MS,
  DENSITY_ROWS,
  aggregate,
  intensity,
} from './density';
import { WORLD_HEIGHT, WORLD_WIDTH } from './geo';

/** Alpha steps: cells are drawn in a few shades so the fills batch. */
const SHADES = 12;

export class DensityLayer {
  readonly sprite: Graphics;
  private readonly sums = new Float64Array(DENSITY_COLS * DENSITY_ROWS);
  private readonly shade = new Uint8Array(DENSITY_COLS * DENSITY_ROWS);
  private ref = 0;
  private pending: Int32Array | null = null;
  /** Zoomed in: only cells meeting this world rectangle are drawn (every primitive costs under SwiftShader). */
  private clip: { x0: number; y0: number; x1: number; y1: number } | null = null;
  private lastAt = -Infinity;
  /** Clients on the map in the last rebuild, and cells lit. */
  total = 0;
  litCells = 0;

  constructor(private readonly cells: Uint16Array) {
    this.sprite = withFlatShader(new Graphics());
  }

  /** A new snapshot's attached counts (kept, not copied: snapshots are fresh arrays). */
  offer(attached: Int32Array): void {
    this.pending = attached;
  }

  /** The world rectangle on screen when zoomed in, or null for the whole world; redraws the cells. */
  setView(clip: { x0: number; y0: number; x1: number; y1: number } | null): void {
    this.clip = clip;
    if (this.ref > 0) this.draw();
  }

  /** Rebuilds the cells if new counts are waiting and the interval has passed; true when it did. */
  flush(now: number): boolean {
    if (!this.pending || now - this.lastAt < DENSITY_MIN_INTERVAL_MS) return false;
    const attached = this.pending;
    this.pending = null;
    this.lastAt = now;
    const max = aggregate(attached, this.cells, this.sums);
    if (this.ref === 0) this.ref = max;
    let total = 0;
    let lit = 0;
    for (let k = 0; k < this.sums.length; k++) {
      const v = this.sums[k]!;
      total += v;
      const a = intensity(v, this.ref);
      this.shade[k] = a > 0 ? Math.max(1, Math.ceil(a * SHADES)) : 0;
      if (a > 0) lit++;
    }
    this.total = total;
    this.litCells = lit;
    this.draw();
    return true;
  }

  private draw(): void {
    const cw = WORLD_WIDTH / DENSITY_COLS;
    const ch = WORLD_HEIGHT / DENSITY_ROWS;
    const c = this.clip;
    const g = this.sprite;
    g.clear();
    for (let shade = 1; shade <= SHADES; shade++) {
      let any = false;
      for (let k = 0; k < this.shade.length; k++) {
        if (this.shade[k] !== shade) continue;
        const x = (k % DENSITY_COLS) * cw;
        const y = Math.floor(k / DENSITY_COLS) * ch;
        if (c && (x + cw < c.x0 || x > c.x1 || y + ch < c.y0 || y > c.y1)) continue;
        g.rect(x, y, cw, ch);
        any = true;
      }
      if (any) g.fill({ color: DENSITY_COLOUR, alpha: (shade / SHADES) * DENSITY_MAX_ALPHA });
    }
  }

  destroy(): void {
    this.sprite.destroy();
  }
}
