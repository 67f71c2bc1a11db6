/**
 * Clients as a density layer: attached clients summed per supernode into a coarse grid of 2° cells over the
 * world, drawn as one low-resolution texture (one RGBA texel per cell, linear filtering) under the supernode
 * glyphs. Redrawn only when a snapshot brought new counts, at most {@link DENSITY_MIN_INTERVAL_MS} apart.
 *
 * Brightness is log-scaled against the busiest cell of the first snapshot (the normal network), so the layer
 * dims where clients are lost and brightens where they pile onto survivors.
 */
import { WORLD_HEIGHT, WORLD_WIDTH } from './geo';

/** Grid size: 2° cells over the projected world (3600 x 1380 world units). */
export const DENSITY_COLS = 180;
export const DENSITY_ROWS = 69;
/** At most this often (ms) is the texture rebuilt. */
export const DENSITY_MIN_INTERVAL_MS = 300;
/** The layer's colour (a cool blue, outside the load ramp's yellows) and its strongest alpha. */
export const DENSITY_COLOUR = 0x5b8fd6;
export const DENSITY_MAX_ALPHA = 0.7;

/** Cell index for every supernode slot from its world position. */
export function cellIndex(positions: Float32Array): Uint16Array {
  const n = positions.length / 2;
  const out = new Uint16Array(n);
  const cw = WORLD_WIDTH / DENSITY_COLS;
  const ch = WORLD_HEIGHT / DENSITY_ROWS;
  for (let i = 0; i < n; i++) {
    const c = Math.min(DENSITY_COLS - 1, Math.max(0, Math.floor(positions[2 * i]! / cw)));
    const r = Math.min(DENSITY_ROWS - 1, Math.max(0, Math.floor(positions[2 * i + 1]! / ch)));
    out[i] = r * DENSITY_COLS + c;
  }
  return out;
}

/** Sums attached clients per cell into `into` (cleared first); returns the largest cell. */
export function aggregate(attached: Int32Array, cells: Uint16Array, into: Float64Array): number {
  into.fill(0);
  const n = Math.min(attached.length, cells.length);
  for (let i = 0; i < n; i++) {
    const a = attached[i]!;
    if (a > 0) into[cells[i]!]! += a;
  }
  let max = 0;
  for (let k = 0; k < into.length; k++) if (into[k]! > max) max = into[k]!;
  return max;
}

/** Intensity 0..1 of a cell: log scale against `ref` (10 clients barely show, `ref` is full). */
export function intensity(clients: number, ref: number): number {
  if (!(clients > 10) || !(ref > 10)) return 0;
  return Math.min(1, Math.log(clients / 10) / Math.log(ref / 10));
}
