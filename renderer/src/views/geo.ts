/**
 * Geography for the network view. The model has no geography (regions are labels, see docs/model.md), so
 * supernodes are placed by their region into a few population boxes per region, with deterministic jitter
 * (an integer hash of the slot index, never Math.random): the same slot is always in the same place.
 *
 * World units: an equirectangular projection at {@link UNITS_PER_DEGREE} units per degree, cropped to
 * latitudes {@link LAT_TOP}..{@link LAT_BOTTOM} (no Antarctica, no polar ice). Pixi scales the world to the canvas.
 */

export const UNITS_PER_DEGREE = 10;
export const LAT_TOP = 80;
export const LAT_BOTTOM = -58;
export const WORLD_WIDTH = 360 * UNITS_PER_DEGREE;
export const WORLD_HEIGHT = (LAT_TOP - LAT_BOTTOM) * UNITS_PER_DEGREE;

/** World x for a longitude. */
export function projectX(lon: number): number {
  return (lon + 180) * UNITS_PER_DEGREE;
}
/** World y for a latitude (north up). */
export function projectY(lat: number): number {
  return (LAT_TOP - lat) * UNITS_PER_DEGREE;
}

/** [lonMin, latMin, lonMax, latMax, weight]: where a region's users (and so its supernodes) live. */
type Box = readonly [number, number, number, number, number];

/** Boxes per region, in sim-core REGIONS order. Rough population centres of Skype's 2010 user base. */
export const REGION_BOXES: readonly (readonly Box[])[] = [
  // Europe
  [
    [-9, 37, -1, 43, 1],
    [-4, 43, 15, 54, 4],
    [-6, 50, 1, 57, 2],
    [15, 45, 30, 54, 2],
    [5, 56, 25, 63, 1],
    [8, 38, 17, 45, 1.5],
    [30, 50, 45, 58, 1.5],
  ],
  // North America
  [
    [-123, 33, -117, 48, 2],
    [-100, 30, -81, 44, 3],
    [-80, 36, -71, 44, 3],
    [-82, 26, -80, 30, 0.5],
    [-80, 43, -66, 47, 1],
    [-106, 18, -97, 24, 1],
  ],
  // Asia
  [
    [73, 10, 88, 29, 3],
    [104, 22, 121, 40, 4],
    [131, 32, 141, 40, 1.5],
    [126, 35, 129, 38, 0.7],
    [98, -7, 118, 16, 2],
  ],
  // South America
  [
    [-50, -29, -39, -6, 3],
    [-65, -38, -58, -27, 1],
    [-78, -14, -72, 6, 1],
    [-72, -40, -70, -22, 0.5],
  ],
  // Africa & Middle East
  [
    [-8, 6, 8, 14, 1],
    [26, -30, 31, -23, 1],
    [29, 24, 33, 31, 1],
    [35, 30, 50, 37, 1.5],
    [46, 21, 56, 26, 1],
    [-7, 31, 9, 35, 1],
    [32, -5, 39, 3, 1],
  ],
  // Oceania
  [
    [144, -38, 153, -27, 3],
    [115, -34, 118, -31, 0.7],
    [172, -45, 177, -37, 0.6],
  ],
];

/** A well-mixed 32-bit integer hash (lowbias32): deterministic jitter without Math.random. */
export function hash32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

const unit = (h: number): number => h / 4294967296;

/** World x, y for every supernode slot: positions[2i], positions[2i+1]. */
export function placeSupernodes(region: Uint8Array): Float32Array {
  const out = new Float32Array(region.length * 2);
  const totals = REGION_BOXES.map((boxes) => boxes.reduce((s, b) => s + b[4], 0));
  for (let i = 0; i < region.length; i++) {
    const r = Math.min(region[i]!, REGION_BOXES.length - 1);
    const boxes = REGION_BOXES[r]!;
    let pick = unit(hash32(i * 3 + 1)) * totals[r]!;
    let box = boxes[boxes.length - 1]!;
    for (const b of boxes) {
      if (pick < b[4]) {
        box = b;
        break;
      }
      pick -= b[4];
    }
    // Three uniforms averaged per axis: dense in a box's middle, sparse at its edges, so boxes read as
    // population blobs rather than rectangles (and stay inside their box).
    const u = (unit(hash32(i * 3 + 2)) + unit(hash32(i * 7 + 5)) + unit(hash32(i * 13 + 4))) / 3;
    const v = (unit(hash32(i * 3 + 3)) + unit(hash32(i * 11 + 9)) + unit(hash32(i * 17 + 8))) / 3;
    out[2 * i] = projectX(box[0] + u * (box[2] - box[0]));
    out[2 * i + 1] = projectY(box[3] - v * (box[3] - box[1]));
  }
  return out;
}

/** Which region's boxes contain a world point (with a margin in degrees), or -1. */
export function regionAt(x: number, y: number, marginDeg = 2): number {
  const lon = x / UNITS_PER_DEGREE - 180;
  const lat = LAT_TOP - y / UNITS_PER_DEGREE;
  for (let r = 0; r < REGION_BOXES.length; r++)
    for (const b of REGION_BOXES[r]!)
      if (
        lon >= b[0] - marginDeg &&
        lon <= b[2] + marginDeg &&
        lat >= b[1] - marginDeg &&
        lat <= b[3] + marginDeg
      )
        return r;
  return -1;
}

/** Label anchor per region: the centre of its heaviest box, in world units. */
export function regionAnchors(): { x: number; y: number }[] {
  return REGION_BOXES.map((boxes) => {
    const b = boxes.reduce((a, c) => (c[4] > a[4] ? c : a));
    return { x: projectX((b[0] + b[2]) / 2), y: projectY(b[1]) + 2 * UNITS_PER_DEGREE };
  });
}

/**
 * A uniform grid over world positions for hover lookups: cells of `cell` units, slots listed per cell
 * (compressed rows), built once because positions never change.
 */
export class PointGrid {
  private readonly cols: number;
  private readonly rows: number;
  private readonly start: Int32Array;
  private readonly items: Int32Array;

  constructor(
    private readonly positions: Float32Array,
    private readonly cell = 20,
  ) {
    this.cols = Math.ceil(WORLD_WIDTH / cell) + 1;
    this.rows = Math.ceil(WORLD_HEIGHT / cell) + 1;
    const n = positions.length / 2;
    const counts = new Int32Array(this.cols * this.rows + 1);
    const cellOf = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const c = this.cellIndex(positions[2 * i]!, positions[2 * i + 1]!);
      cellOf[i] = c;
      counts[c + 1]!++;
    }
    for (let c = 0; c < counts.length - 1; c++) counts[c + 1]! += counts[c]!;
    this.start = counts;
    this.items = new Int32Array(n);
    const fill = counts.slice();
    for (let i = 0; i < n; i++) this.items[fill[cellOf[i]!]!++] = i;
  }

  private cellIndex(x: number, y: number): number {
    const cx = Math.min(this.cols - 1, Math.max(0, Math.floor(x / this.cell)));
    const cy = Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cell)));
    return cy * this.cols + cx;
  }

  /** The nearest slot within `radius` world units that `accept` allows, or -1. */
  nearest(x: number, y: number, radius: number, accept: (slot: number) => boolean): number {
    const r = Math.ceil(radius / this.cell);
    const cx = Math.floor(x / this.cell);
    const cy = Math.floor(y / this.cell);
    let best = -1;
    let bestD = radius * radius;
    for (let gy = Math.max(0, cy - r); gy <= Math.min(this.rows - 1, cy + r); gy++)
      for (let gx = Math.max(0, cx - r); gx <= Math.min(this.cols - 1, cx + r); gx++) {
        const c = gy * this.cols + gx;
        for (let k = this.start[c]!; k < this.start[c + 1]!; k++) {
          const i = this.items[k]!;
          const dx = this.positions[2 * i]! - x;
          const dy = this.positions[2 * i + 1]! - y;
          const d = dx * dx + dy * dy;
          if (d <= bestD && accept(i)) {
            bestD = d;
            best = i;
          }
        }
      }
    return best;
  }
}
