import { describe, expect, it } from 'vitest';
import { gridColumns, layoutClusters } from './layout';

describe('gridColumns', () => {
  it('prefers square cells', () => {
    expect(gridColumns(1, 800, 600)).toBe(1);
    expect(gridColumns(6, 1200, 600)).toBe(3);
    expect(gridColumns(4, 400, 1600)).toBe(1);
  });
});

describe('layoutClusters', () => {
  const region = Uint8Array.from({ length: 300 }, (_, i) => i % 5);
  const layout = layoutClusters(region, 5, 1000, 600);

  it('keeps every glyph inside the box', () => {
    for (let i = 0; i < region.length; i++) {
      const x = layout.positions[2 * i]!;
      const y = layout.positions[2 * i + 1]!;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(1000);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(600);
    }
  });

  it('puts each supernode inside its own region cluster', () => {
    for (let i = 0; i < region.length; i++) {
      const c = layout.clusters[region[i]!]!;
      const d = Math.hypot(layout.positions[2 * i]! - c.x, layout.positions[2 * i + 1]! - c.y);
      expect(d).toBeLessThanOrEqual(c.r + 1e-3);
    }
  });

  it('keeps glyphs from overlapping their nearest neighbour', () => {
    let nearest = Infinity;
    for (let i = 0; i < region.length; i++) {
      for (let j = i + 1; j < region.length; j++) {
        const d = Math.hypot(
          layout.positions[2 * i]! - layout.positions[2 * j]!,
          layout.positions[2 * i + 1]! - layout.positions[2 * j + 1]!,
        );
        nearest = Math.min(nearest, d);
      }
    }
    expect(nearest).toBeGreaterThan(layout.glyphRadius * 1.5);
  });

  it('is deterministic', () => {
    expect(layoutClusters(region, 5, 1000, 600).positions).toEqual(layout.positions);
  });
});
