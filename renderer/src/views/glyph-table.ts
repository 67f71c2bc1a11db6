/**
 * {@link glyphFor} precomputed for every (state, dedicated, load bucket), so the view paints ~65k particles
 * per snapshot with table lookups instead of an object per particle. Colours are stored the way Pixi's
 * particle shader reads them: 0xAABBGGRR (tint in BGR order, alpha in the top byte).
 */
import { LOAD_RAMP_MAX } from './colour';
import { glyphFor, type GlyphShape } from './glyph';

/** Texture order in the view's atlas. */
export const SHAPES: readonly Exclude<GlyphShape, 'none'>[] = ['disc', 'ring', 'square', 'squareRing'];
/** Load buckets across 0..LOAD_RAMP_MAX (the ramp saturates above). */
export const LOAD_BUCKETS = 48;
const STATES = 6;

/** 0xRRGGBB + alpha -> the particle colour word. */
export function particleColour(rgb: number, alpha: number): number {
  const bgr = ((rgb & 0xff) << 16) | (rgb & 0xff00) | ((rgb >> 16) & 0xff);
  return (bgr + (((alpha * 255) | 0) << 24)) >>> 0;
}

export interface GlyphTable {
  /** SHAPES index per look, or 255 for hidden. */
  readonly shape: Uint8Array;
  readonly colour: Uint32Array;
  readonly scale: Float32Array;
}

/** Look index for a slot. */
export function lookIndex(state: number, dedicated: boolean, load: number): number {
  const b = Math.min(
    LOAD_BUCKETS - 1,
    Math.max(0, Math.floor((load / LOAD_RAMP_MAX) * (LOAD_BUCKETS - 1) + 0.5)),
  );
  const s = state >= 0 && state < STATES ? state : 0;
  return ((s << 1) | (dedicated ? 1 : 0)) * LOAD_BUCKETS + (Number.isFinite(load) ? b : 0);
}

/** Builds the table from glyphFor (no flash: flashes are painted per slot while they last). */
export function buildGlyphTable(): GlyphTable {
  const n = STATES * 2 * LOAD_BUCKETS;
  const shape = new Uint8Array(n);
  const colour = new Uint32Array(n);
  const scale = new Float32Array(n);
  for (let s = 0; s < STATES; s++)
    for (let d = 0; d < 2; d++)
      for (let b = 0; b < LOAD_BUCKETS; b++) {
        const i = ((s << 1) | d) * LOAD_BUCKETS + b;
        const g = glyphFor(s, (b / (LOAD_BUCKETS - 1)) * LOAD_RAMP_MAX, d === 1, 0);
        shape[i] = g.shape === 'none' ? 255 : SHAPES.indexOf(g.shape);
        colour[i] = g.shape === 'none' ? 0 : particleColour(g.tint, g.alpha);
        scale[i] = g.scale;
      }
  return { shape, colour, scale };
}
