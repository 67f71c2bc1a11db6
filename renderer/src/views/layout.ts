/**
 * Placeholder geography: until the world map lands (issue 6), each region is a cluster on a grid and its
 * supernodes sit on a sunflower (phyllotaxis) spiral inside it. Deterministic, evenly dense, and it keeps
 * slot order, so the same supernode is always in the same place.
 */

/** Where every supernode slot and every region label goes, in CSS pixels. */
export interface ClusterLayout {
  /** x, y per slot: positions[2 * i], positions[2 * i + 1]. */
  readonly positions: Float32Array;
  /** Centre, radius and label baseline per region. */
  readonly clusters: readonly {
    readonly x: number;
    readonly y: number;
    readonly r: number;
    readonly labelY: number;
  }[];
  /** Radius of one supernode glyph that keeps neighbours apart. */
  readonly glyphRadius: number;
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

/** Picks grid columns so cells come out as square as possible for `n` cells in a w x h box. */
export function gridColumns(n: number, w: number, h: number): number {
  let best = 1;
  let bestCell = 0;
  for (let cols = 1; cols <= Math.max(1, n); cols++) {
    const rows = Math.ceil(n / cols);
    const cell = Math.min(w / cols, h / rows);
    if (cell > bestCell) {
      bestCell = cell;
      best = cols;
    }
  }
  return best;
}

/**
 * Lays out `region.length` slots in `regionCount` clusters inside a `width` x `height` box, leaving
 * `labelSpace` pixels under each cluster for its name.
 */
export function layoutClusters(
  region: Uint8Array,
  regionCount: number,
  width: number,
  height: number,
  labelSpace = 18,
): ClusterLayout {
  const n = Math.max(1, regionCount);
  const cols = gridColumns(n, width, height);
  const rows = Math.ceil(n / cols);
  const cellW = width / cols;
  const cellH = height / rows;
  const r = Math.max(4, Math.min(cellW, cellH - labelSpace) / 2 - 6);

  const perRegion = new Uint32Array(n);
  for (let i = 0; i < region.length; i++) perRegion[Math.min(region[i]!, n - 1)]!++;
  const densest = Math.max(1, ...perRegion);

  // Same density everywhere: a cluster's area follows its slot count, so size reads as region size.
  const clusters = Array.from({ length: n }, (_, k) => {
    const y = cellH * Math.floor(k / cols) + (cellH - labelSpace) / 2;
    const rk = Math.max(4, r * Math.sqrt(perRegion[k]! / densest));
    return { x: cellW * ((k % cols) + 0.5), y, r: rk, labelY: y + rk + 6 };
  });

  const positions = new Float32Array(region.length * 2);
  const seen = new Uint32Array(n);
  for (let i = 0; i < region.length; i++) {
    const g = Math.min(region[i]!, n - 1);
    const k = seen[g]!++;
    const c = clusters[g]!;
    const rad = c.r * Math.sqrt((k + 0.5) / Math.max(1, perRegion[g]!));
    positions[2 * i] = c.x + rad * Math.cos(k * GOLDEN_ANGLE);
    positions[2 * i + 1] = c.y + rad * Math.sin(k * GOLDEN_ANGLE);
  }

  // Spiral neighbours sit about r * sqrt(pi / n) apart; a glyph a little under half that never touches.
  const glyphRadius = Math.min(9, Math.max(1.5, 0.42 * r * Math.sqrt(Math.PI / densest)));
  return { positions, clusters, glyphRadius };
}
