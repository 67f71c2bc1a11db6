import { describe, expect, it } from 'vitest';
import {
  PointGrid,
  REGION_BOXES,
  WORLD_HEIGHT,
  WORLD_WIDTH,
  placeSupernodes,
  projectX,
  projectY,
  regionAt,
} from './geo';

const region = Uint8Array.from({ length: 6000 }, (_, i) => i % 6);

describe('placeSupernodes', () => {
  const pos = placeSupernodes(region);

  it('is deterministic', () => {
    expect(placeSupernodes(region)).toEqual(pos);
  });

  it('keeps every supernode inside one of its own region boxes', () => {
    for (let i = 0; i < region.length; i++) {
      const lon = pos[2 * i]! / 10 - 180;
      const lat = 80 - pos[2 * i + 1]! / 10;
      const inside = REGION_BOXES[region[i]!]!.some(
        (b) => lon >= b[0] - 1e-3 && lon <= b[2] + 1e-3 && lat >= b[1] - 1e-3 && lat <= b[3] + 1e-3,
      );
      expect(inside).toBe(true);
      expect(pos[2 * i]!).toBeGreaterThanOrEqual(0);
      expect(pos[2 * i]!).toBeLessThanOrEqual(WORLD_WIDTH);
      expect(pos[2 * i + 1]!).toBeGreaterThanOrEqual(0);
      expect(pos[2 * i + 1]!).toBeLessThanOrEqual(WORLD_HEIGHT);
    }
  });

  it('spreads a region over its boxes instead of stacking it on one point', () => {
    const europe = new Set<string>();
    for (let i = 0; i < region.length; i += 6)
      europe.add(`${Math.round(pos[2 * i]!)},${Math.round(pos[2 * i + 1]!)}`);
    expect(europe.size).toBeGreaterThan(900);
  });
});

describe('regionAt', () => {
  it('finds London in Europe and São Paulo in South America', () => {
    expect(regionAt(projectX(0), projectY(51.5))).toBe(0);
    expect(regionAt(projectX(-46.6), projectY(-23.5))).toBe(3);
    expect(regionAt(projectX(-150), projectY(-40))).toBe(-1);
  });
});

describe('PointGrid', () => {
  it('finds the nearest accepted point within a radius', () => {
    const pos = Float32Array.from([100, 100, 110, 100, 500, 500]);
    const g = new PointGrid(pos, 20);
    expect(g.nearest(104, 100, 10, () => true)).toBe(0);
    expect(g.nearest(107, 100, 10, () => true)).toBe(1);
    expect(g.nearest(104, 100, 10, (i) => i !== 0)).toBe(1);
    expect(g.nearest(300, 300, 10, () => true)).toBe(-1);
  });
});
