import { describe, expect, it } from 'vitest';
import { WORLD_WIDTH } from './geo';
import { MAX_ZOOM, fitViewport, panBy, visibleWorld, zoomAt } from './viewport';

describe('viewport', () => {
  const W = 1000;
  const H = 500;

  it('fits the world and centres it', () => {
    const v = fitViewport(W, H);
    expect(v.zoom).toBe(1);
    expect(WORLD_WIDTH * v.scale).toBeLessThanOrEqual(W + 1e-9);
    expect(v.x).toBeGreaterThanOrEqual(0);
  });

  it('zooms around the cursor: the point under it stays put', () => {
    const v = fitViewport(W, H);
    const z = zoomAt(v, 4, 600, 200, W, H);
    const before = [(600 - v.x) / v.scale, (200 - v.y) / v.scale];
    const after = [(600 - z.x) / z.scale, (200 - z.y) / z.scale];
    expect(after[0]).toBeCloseTo(before[0]!);
    expect(after[1]).toBeCloseTo(before[1]!);
    expect(z.zoom).toBe(4);
  });

  it('clamps zoom and keeps the map on screen when panning', () => {
    const v = fitViewport(W, H);
    expect(zoomAt(v, 1000, 0, 0, W, H).zoom).toBe(MAX_ZOOM);
    expect(zoomAt(v, 0.1, 0, 0, W, H).zoom).toBe(1);
    const z = zoomAt(v, 4, 500, 250, W, H);
    const p = panBy(z, 1e6, 1e6, W, H);
    expect(p.x).toBe(0);
    expect(p.y).toBe(0);
  });

  it('reports the visible world rectangle', () => {
    const z = zoomAt(fitViewport(W, H), 4, 500, 250, W, H);
    const r = visibleWorld(z, W, H);
    expect(r.x1 - r.x0).toBeCloseTo(W / z.scale);
  });
});
