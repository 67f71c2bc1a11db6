import { describe, expect, it } from 'vitest';
import { groupRings, landRings, ringSegments } from './land-geometry';

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
});
