import { describe, expect, it } from 'vitest';
import { WORLD_WIDTH } from './geo';
import { groupRings, landRings, ringSegments, splitAtAntimeridian } from './land-geometry';

describe('land geometry', () => {
  it('closes every ring: one segment per point, the last back to the first', () => {
    const seg = ringSegments([[0, 0, 10, 0, 10, 5]]);
    expect(Array.from(seg)).toEqual([0, 0, 10, 0, 10, 0, 10, 5, 10, 5, 0, 0]);
  });

  it('groups every ring exactly once, each inside its group box', () => {
    const rings = landRings();
    const groups = groupRings(rings, 450);
    expect(groups.reduce((n, g) => n + g.rings.length, 0)).toBe(rings.length);
    expect(new Set(groups.flatMap((g) => g.rings)).size).toBe(rings.length);
    for (const g of groups)
      for (const r of g.rings)
        for (let i = 0; i < r.length; i += 2) {
          expect(r[i]).toBeGreaterThanOrEqual(g.box.x0);
          expect(r[i]).toBeLessThanOrEqual(g.box.x1);
          expect(r[i + 1]).toBeGreaterThanOrEqual(g.box.y0);
          expect(r[i + 1]).toBeLessThanOrEqual(g.box.y1);
        }
    // Few enough draw calls, yet split enough that a zoomed view skips most of the world.
    expect(groups.length).toBeGreaterThan(8);
    expect(groups.length).toBeLessThan(40);
  });

  it('leaves out the antimeridian cuts: no coast segment spans half the map', () => {
    const seg = ringSegments(landRings());
    let longest = 0;
    for (let i = 0; i < seg.length; i += 4) longest = Math.max(longest, Math.abs(seg[i + 2]! - seg[i]!));
    expect(longest).toBeLessThan(WORLD_WIDTH / 10);
    expect(ringSegments([[0, 0, WORLD_WIDTH, 0, WORLD_WIDTH, 5, 0, 5]])).toHaveLength(8);
  });

  it('splits a ring cut at the antimeridian into its two sides, so no fill spans the map', () => {
    const W = WORLD_WIDTH;
    const cut = [W - 2, 10, W, 10, W, 14, 0, 14, 2, 14, 2, 10, 0, 10, W - 2, 12];
    expect(splitAtAntimeridian(cut)).toEqual([
      [W - 2, 10, W, 10, W, 14, W - 2, 12],
      [0, 14, 2, 14, 2, 10, 0, 10],
    ]);
    expect(splitAtAntimeridian([0, 0, 10, 0, 10, 5])).toEqual([[0, 0, 10, 0, 10, 5]]);
    for (const r of landRings())
      for (let i = 0; i < r.length; i += 2) {
        const j = (i + 2) % r.length;
        expect(Math.abs(r[j]! - r[i]!)).toBeLessThan(W / 2);
      }
  });
});
