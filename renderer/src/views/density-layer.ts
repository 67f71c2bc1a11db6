/** The density layer's Pixi side: one RGBA texel per grid cell, see ./density.ts. */
import { BufferImageSource, Sprite, Texture } from 'pixi.js';
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

export class DensityLayer {
  readonly sprite: Sprite;
  private readonly sums = new Float64Array(DENSITY_COLS * DENSITY_ROWS);
  private readonly pixels = new Uint8Array(DENSITY_COLS * DENSITY_ROWS * 4);
  private readonly source: BufferImageSource;
  private readonly texture: Texture;
  private ref = 0;
  private pending: Int32Array | null = null;
  private lastAt = -Infinity;
  /** Clients on the map in the last rebuild, and cells lit. */
  total = 0;
  litCells = 0;

  constructor(private readonly cells: Uint16Array) {
    this.source = new BufferImageSource({
      resource: this.pixels,
      width: DENSITY_COLS,
      height: DENSITY_ROWS,
      alphaMode: 'premultiplied-alpha',
      scaleMode: 'linear',
    });
    this.texture = new Texture({ source: this.source });
    this.sprite = new Sprite(this.texture);
    this.sprite.width = WORLD_WIDTH;
    this.sprite.height = WORLD_HEIGHT;
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
    const r0 = (DENSITY_COLOUR >> 16) & 0xff;
    const g0 = (DENSITY_COLOUR >> 8) & 0xff;
    const b0 = DENSITY_COLOUR & 0xff;
    let total = 0;
    let lit = 0;
    for (let k = 0; k < this.sums.length; k++) {
      const v = this.sums[k]!;
      total += v;
      const a = intensity(v, this.ref) * DENSITY_MAX_ALPHA;
      if (a > 0) lit++;
      const o = 4 * k;
      this.pixels[o] = Math.round(r0 * a);
      this.pixels[o + 1] = Math.round(g0 * a);
      this.pixels[o + 2] = Math.round(b0 * a);
      this.pixels[o + 3] = Math.round(255 * a);
    }
    this.total = total;
    this.litCells = lit;
    this.source.update();
    return true;
  }

  destroy(): void {
    this.sprite.destroy();
    this.texture.destroy(true);
  }
}
