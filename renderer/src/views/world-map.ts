/**
 * The world map layer: Natural Earth land at 1:110m (the world-atlas package, TopoJSON, public domain),
 * turned into polygons with topojson-client and drawn once into a Graphics in world units. It never changes,
 * so Pixi keeps its geometry; nothing here runs per frame.
 */
import { Graphics } from 'pixi.js';
import { withFlatShader } from './flat-shader';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import land110 from 'world-atlas/land-110m.json';
import { LAT_BOTTOM, projectX, projectY } from './geo';

/** Land a notch above the background; coasts one more notch (visual direction: calm base). */
export const LAND_FILL = 0x161d27;
export const COAST_LINE = 0x263140;

/** Land rings as flat [x0, y0, x1, y1, ...] arrays in world units, Antarctica left out. */
export function landRings(): number[][] {
  const topo = land110 as unknown as Topology<{ land: GeometryCollection }>;
  const fc = feature(topo, topo.objects.land);
  const rings: number[][] = [];
  const add = (ring: number[][]): void => {
    if (ring.every((p) => p[1]! < LAT_BOTTOM)) return;
    const flat: number[] = [];
    for (const p of ring) flat.push(projectX(p[0]!), projectY(p[1]!));
    rings.push(flat);
  };
  for (const f of fc.features) {
    const g = f.geometry;
    if (g.type === 'Polygon') g.coordinates.forEach(add);
    else if (g.type === 'MultiPolygon') g.coordinates.forEach((poly) => poly.forEach(add));
  }
  return rings;
}

/** The land layer as one Graphics. `lineWidth` is in world units (thicker in projector mode). */
export function drawLand(lineWidth: number): Graphics {
  const g = withFlatShader(new Graphics());
  for (const r of landRings())
    g.poly(r, true).fill(LAND_FILL).stroke({ width: lineWidth, color: COAST_LINE });
  return g;
}
