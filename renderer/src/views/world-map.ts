/**
 * The world map layer: Natural Earth land at 1:110m (the world-atlas package, TopoJSON, public domain),
 * turned into polygons with topojson-client and built once in world units: the fill as a Graphics, the
 * coasts as hairlines (in projector mode as a thicker stroke). It never changes, so its geometry stays on the
 * GPU; per frame only the coast's fade follows the zoom.
 */
import { Container, Graphics, type Geometry, type Mesh, type Shader } from 'pixi.js';
import { hairlines, withFlatShader } from './flat-shader';
import { groupRings, landRings, ringSegments, type WorldRect } from './land-geometry';

/** Land a notch above the background; coasts one more notch (visual direction: calm base). */
export const LAND_FILL = 0x161d27;
export const COAST_LINE = 0x263140;

/** The land layer and its coastline. */
export interface Land {
  readonly layer: Container;
  /**
   * Call when the view changes: `pixelsPerUnit` is device pixels per world unit (a hairline coast fades with
   * the width the stroke would have had, so the overview stays as quiet as a sub-pixel stroke), `visible`
   * the world rectangle on screen when zoomed in, or null for the whole-world overview.
   */
  setView(pixelsPerUnit: number, visible: WorldRect | null): void;
  /** Frees the layer and its GPU geometry. */
  destroy(): void;
}

/** One drawable piece of land: a fill (stroked too in projector mode) and, otherwise, its hairline coast. */
function landPart(rings: readonly number[][], lineWidth: number, projector: boolean): Container {
  const fill = withFlatShader(new Graphics());
  for (const r of rings) fill.poly(r, true).fill(LAND_FILL);
  if (projector) {
    // Stroked from the coast's segments, not the rings, so the antimeridian cuts are not drawn.
    const seg = ringSegments(rings);
    for (let i = 0; i < seg.length; i += 4)
      fill.moveTo(seg[i]!, seg[i + 1]!).lineTo(seg[i + 2]!, seg[i + 3]!);
    fill.stroke({ width: lineWidth, color: COAST_LINE });
  }
  const part = new Container();
  part.addChild(fill);
  if (!projector) part.addChild(hairlines(ringSegments(rings), COAST_LINE));
  return part;
}

/**
 * The land layer. `lineWidth` is the coast's width in world units; in projector mode (thicker lines) it is
 * stroked as such, otherwise drawn as a hairline whose opacity follows that width below one pixel.
 *
 * Under software WebGL every vertex and primitive costs, visible or not (about 0.4 µs each, measured): the
 * overview draws the whole world in one piece (fewest draw calls), a zoomed view only the groups of rings
 * whose box meets the screen.
 */
export function drawLand(lineWidth: number, projector: boolean): Land {
  const rings = landRings();
  const whole = landPart(rings, lineWidth, projector);
  const groups = groupRings(rings, 450);
  const parts = groups.map((g) => landPart(g.rings, lineWidth, projector));
  const layer = new Container();
  layer.addChild(whole, ...parts);
  const coasts = (): Mesh<Geometry, Shader>[] =>
    [whole, ...parts].flatMap((p) => p.children.slice(1) as Mesh<Geometry, Shader>[]);
  return {
    layer,
    setView(pixelsPerUnit: number, visible: WorldRect | null): void {
      const alpha = Math.min(1, Math.max(0.35, lineWidth * pixelsPerUnit));
      for (const c of coasts()) c.alpha = alpha;
      whole.visible = visible === null;
      groups.forEach((g, k) => {
        const b = g.box;
        parts[k]!.visible =
          visible !== null &&
          b.x1 >= visible.x0 &&
          b.x0 <= visible.x1 &&
          b.y1 >= visible.y0 &&
          b.y0 <= visible.y1;
      });
    },
    destroy(): void {
      const geometries = coasts().map((c) => c.geometry);
      layer.destroy({ children: true });
      for (const g of geometries) g.destroy(true);
    },
  };
}
