import { describe, expect, it } from 'vitest';
import { MAX_SCALE, POINT_SHAPES, packMeta } from './point-meta';
import { SHAPES } from './glyph-table';

describe('point glyph look word', () => {
  it('puts the shape in byte 0 and the scale in byte 1, as the shader reads them', () => {
    const w = packMeta(3, 1);
    expect(w & 0xff).toBe(3);
    expect((((w >> 8) & 0xff) / 255) * MAX_SCALE).toBeCloseTo(1, 1);
  });

  it('clamps the scale and hides at 0', () => {
    expect(packMeta(0, 0) >> 8).toBe(0);
    expect(packMeta(0, -1) >> 8).toBe(0);
    expect(packMeta(0, 99) >> 8).toBe(255);
    // The largest glyph the view draws (a death flash, 0.55 + 1.6) fits without clamping.
    expect(((packMeta(0, 2.15) >> 8) / 255) * MAX_SCALE).toBeCloseTo(2.15, 1);
  });

  it('uses the glyph table order for shapes', () => {
    expect([...POINT_SHAPES]).toEqual([...SHAPES]);
  });
});
