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

  /** Rebuilds the texture if new counts are waiting and the interval has passed; true when it did. */
  flush(now: number): boolean {
    if (!this.pending || now - this.lastAt < DENSITY_MIN_INTERVAL_MS) return false;
    const attached = this.pending;
    this.pending = null;
    this.lastAt = now;
    const max = aggregate(attached, this.cells, this.sums);
    if (this.ref === 0) this.ref = max;
    const cw = WORLD_WIDTH / DENSITY_COLS;
    const ch = WORLD_HEIGHT / DENSITY_ROWS;
    let total = 0;
    let lit = 0;
    for (let k = 0; k < this.sums.length; k++) {
      const v = this.sums[k]!;
      total += v;
      const a = intensity(v, this.ref);
      this.shade[k] = a > 0 ? Math.max(1, Math.ceil(a * SHADES)) : 0;
      if (a > 0) lit++;
    }
    const g = this.sprite;
    g.clear();
    for (let shade = 1; shade <= SHADES; shade++) {
      let any = false;
      for (let k = 0; k < this.shade.length; k++) {
        if (this.shade[k] !== shade) continue;
        g.rect((k % DENSITY_COLS) * cw, Math.floor(k / DENSITY_COLS) * ch, cw, ch);
        any = true;
      }
      if (any) g.fill({ color: DENSITY_COLOUR, alpha: (shade / SHADES) * DENSITY_MAX_ALPHA });
    }
    this.total = total;
    this.litCells = lit;
    return true;
  }

  destroy(): void {
    this.sprite.destroy();
  }
}
