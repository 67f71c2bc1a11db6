/**
 * The land's geometry in world units, free of Pixi (so it is testable): Natural Earth rings, their edges as
 * line segments, and rings grouped so a zoomed view can skip what it cannot see.
 */
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import land110 from 'world-atlas/land-110m.json';
import { LAT_BOTTOM, projectX, projectY, WORLD_WIDTH } from './geo';

/** Land rings as flat [x0, y0, x1, y1, ...] arrays in world units, Antarctica left out. */
export function landRings(): number[][] {
  const topo = land110 as unknown as Topology<{ land: GeometryCollection }>;
  const fc = feature(topo, topo.objects.land);
  const rings: number[][] = [];
  const add = (ring: number[][]): void => {
    if (ring.every((p) => p[1]! < LAT_BOTTOM)) return;
    const flat: number[] = [];
    for (const p of ring) flat.push(projectX(p[0]!), projectY(p[1]!));
    rings.push(...splitAtAntimeridian(flat));
  };
  for (const f of fc.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') g.coordinates.forEach(add);
    else if (g.type === 'MultiPolygon') g.coordinates.forEach((poly) => poly.forEach(add));
  }
  return rings;
}

/**
 * A ring cut at the antimeridian (Chukotka, Fiji) jumps across the whole map twice once projected; filled as
 * one polygon it paints a sliver the width of the world. Split into the parts between the jumps (points in
 * order), each a closed ring of its own. Rings that do not jump come back as they are.
 */
export function splitAtAntimeridian(flat: readonly number[]): number[][] {
  const m = flat.length >> 1;
  const jump = (i: number) => Math.abs(flat[2 * ((i + 1) % m)]! - flat[2 * i]!) > WORLD_WIDTH / 2;
  let jumps = 0;
  for (let i = 0; i < m; i++) if (jump(i)) jumps++;
  if (jumps === 0) return [[...flat]];
  // Walk the ring and change sides at every jump: Eurasia is one ring from Portugal to Chukotka, so the side
  // is where the walk is, not which half of the map a point lies in.
  const parts: [number[], number[]] = [[], []];
  let side = 0;
  for (let i = 0; i < m; i++) {
    parts[side]!.push(flat[2 * i]!, flat[2 * i + 1]!);
    if (jump(i)) side ^= 1;
  }
  return parts.filter((r) => r.length >= 6);
}

/**
 * Every ring's edges as x0, y0, x1, y1 per segment. Rings cut at the antimeridian (Chukotka, Fiji) have an
 * edge along the cut that runs the width of the map once projected; those are not coast and are left out
 * (as a stroke they drew a line across the whole world).
 */
export function ringSegments(rings: readonly (readonly number[])[]): Float32Array {
  const out: number[] = [];
  for (const r of rings) {
    const m = r.length >> 1;
    for (let i = 0; i < m; i++) {
      const j = (i + 1) % m;
      const x0 = r[2 * i]!;
      const x1 = r[2 * j]!;
      if (Math.abs(x1 - x0) > WORLD_WIDTH / 2) continue;
      out.push(x0, r[2 * i + 1]!, x1, r[2 * j + 1]!);
    }
  }
  return Float32Array.from(out);
}

/** A world-space rectangle. */
export interface WorldRect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/** A set of rings drawn together, and the box around them. */
export interface RingGroup {
  readonly rings: number[][];
  readonly box: WorldRect;
}

/** Rings with at least this many points (the continents) make a group of their own. */
const BIG_RING = 150;

/**
 * Groups rings so a zoomed view can skip the ones it cannot see: each big ring alone, small ones (islands)
 * by the `tile`-sized square their box's centre falls in. Pure (tested).
 */
export function groupRings(rings: readonly number[][], tile: number): RingGroup[] {
  const byKey = new Map<string, { rings: number[][]; box: [number, number, number, number] }>();
  rings.forEach((r, k) => {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let i = 0; i < r.length; i += 2) {
      x0 = Math.min(x0, r[i]!);
      x1 = Math.max(x1, r[i]!);
      y0 = Math.min(y0, r[i + 1]!);
      y1 = Math.max(y1, r[i + 1]!);
    }
    const key =
      r.length / 2 >= BIG_RING
        ? `ring ${k}`
        : `tile ${Math.floor((x0 + x1) / 2 / tile)},${Math.floor((y0 + y1) / 2 / tile)}`;
    const g = byKey.get(key);
    if (!g) byKey.set(key, { rings: [r], box: [x0, y0, x1, y1] });
    else {
      g.rings.push(r);
      g.box[0] = Math.min(g.box[0], x0);
      g.box[1] = Math.min(g.box[1], y0);
      g.box[2] = Math.max(g.box[2], x1);
      g.box[3] = Math.max(g.box[3], y1);
    }
  });
  return [...byKey.values()].map((g) => ({
    rings: g.rings,
    box: { x0: g.box[0], y0: g.box[1], x1: g.box[2], y1: g.box[3] },
  }));
}
