/**
 * The per-glyph look word of {@link PointGlyphs} (./point-glyphs.ts), kept free of Pixi so it can be tested
 * and used by pure code.
 */

/** Shapes the fragment shader draws; the index is stored per glyph. */
export const POINT_SHAPES = ['disc', 'ring', 'square', 'squareRing'] as const;
/** One of {@link POINT_SHAPES}. */
export type PointShape = (typeof POINT_SHAPES)[number];

/** Largest scale a glyph can carry (its scale is stored in one byte, in steps of MAX_SCALE / 255). */
export const MAX_SCALE = 4;
/**
 * The per-glyph word after the colour: byte 0 = shape index, byte 1 = scale in 1/255 steps of
 * {@link MAX_SCALE}. Scale 0 hides the glyph.
 */
export function packMeta(shape: number, scale: number): number {
  const s = Math.round((Math.min(MAX_SCALE, Math.max(0, scale)) / MAX_SCALE) * 255);
  return ((s << 8) | (shape & 0xff)) >>> 0;
}
