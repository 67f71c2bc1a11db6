import { describe, expect, it } from 'vitest';
import { DENSITY_COLS, aggregate, cellIndex, intensity } from './density';
import { WORLD_HEIGHT, WORLD_WIDTH } from './geo';

describe('density grid', () => {
  it('puts slots in cells and sums attached clients per cell', () => {
    const pos = new Float32Array([0, 0, 1, 1, WORLD_WIDTH - 1, WORLD_HEIGHT - 1, 25, 0]);
    const cells = cellIndex(pos);
    expect(cells[0]).toBe(0);
    expect(cells[1]).toBe(0);
    expect(cells[3]).toBe(1);
    expect(cells[2]).toBe(DENSITY_COLS * 69 - 1);
    const sums = new Float64Array(DENSITY_COLS * 69);
    const max = aggregate(new Int32Array([100, 50, 7, -1]), cells, sums);
    expect(sums[0]).toBe(150);
    expect(sums[1]).toBe(0);
    expect(max).toBe(150);
  });
  it('scales intensity on a log scale, clamped', () => {
    expect(intensity(0, 1000)).toBe(0);
    expect(intensity(1000, 1000)).toBe(1);
    expect(intensity(5000, 1000)).toBe(1);
    expect(intensity(100, 1000)).toBeCloseTo(0.5);
  });
});
