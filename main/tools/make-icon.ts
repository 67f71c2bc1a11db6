/**
 * Generates assets/icons/icon.svg and assets/icons/icon.png (512x512) from one description of the mark, so
 * the two never drift. Run: `npx tsx main/tools/make-icon.ts`.
 *
 * The mark: a failure cascading down a tree of nodes. Healthy teal at the root, amber in the middle, red
 * at the leaves, on a dark rounded tile. The PNG is rasterised with signed distance fields: each pixel's
 * coverage is its distance to the shape's edge clamped to one pixel, which gives clean anti-aliasing
 * without supersampling.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { encodePng } from './png';

/** Icon edge length in pixels. */
export const ICON_SIZE = 512;

type Rgb = readonly [number, number, number];
type Shape =
  | { kind: 'roundRect'; x: number; y: number; w: number; h: number; r: number; color: Rgb }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; color: Rgb }
  | { kind: 'circle'; cx: number; cy: number; r: number; color: Rgb; ring?: { width: number; color: Rgb } };

const TILE: Rgb = [15, 27, 45];
const EDGE: Rgb = [92, 116, 146];
const HEALTHY: Rgb = [61, 220, 151];
const STRAINED: Rgb = [255, 180, 84];
const FAILED: Rgb = [255, 93, 93];

const root = { x: 256, y: 132 };
const middle = [
  { x: 164, y: 262 },
  { x: 348, y: 262 },
];
const leaves = [
  { x: 108, y: 388 },
  { x: 212, y: 388 },
  { x: 300, y: 388 },
  { x: 404, y: 388 },
];

/** The mark, back to front. */
export const SHAPES: readonly Shape[] = [
  { kind: 'roundRect', x: 32, y: 32, w: 448, h: 448, r: 96, color: TILE },
  ...middle.map((m) => ({
    kind: 'line' as const,
    x1: root.x,
    y1: root.y,
    x2: m.x,
    y2: m.y,
    width: 14,
    color: EDGE,
  })),
  ...leaves.map((leaf, i) => {
    const parent = middle[i < 2 ? 0 : 1]!;
    return {
      kind: 'line' as const,
      x1: parent.x,
      y1: parent.y,
      x2: leaf.x,
      y2: leaf.y,
      width: 12,
      color: EDGE,
    };
  }),
  { kind: 'circle', cx: root.x, cy: root.y, r: 40, color: HEALTHY, ring: { width: 10, color: TILE } },
  ...middle.map((m) => ({
    kind: 'circle' as const,
    cx: m.x,
    cy: m.y,
    r: 34,
    color: STRAINED,
    ring: { width: 9, color: TILE },
  })),
  ...leaves.map((leaf) => ({
    kind: 'circle' as const,
    cx: leaf.x,
    cy: leaf.y,
    r: 28,
    color: FAILED,
    ring: { width: 8, color: TILE },
  })),
];

const hex = ([r, g, b]: Rgb): string => `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;

/** The mark as SVG markup. */
export function renderSvg(): string {
  const body = SHAPES.map((shape) => {
    switch (shape.kind) {
      case 'roundRect':
        return `<rect x="${shape.x}" y="${shape.y}" width="${shape.w}" height="${shape.h}" rx="${shape.r}" fill="${hex(shape.color)}"/>`;
      case 'line':
        return `<line x1="${shape.x1}" y1="${shape.y1}" x2="${shape.x2}" y2="${shape.y2}" stroke="${hex(shape.color)}" stroke-width="${shape.width}" stroke-linecap="round"/>`;
      case 'circle': {
        const ring = shape.ring
          ? `<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r + shape.ring.width}" fill="${hex(shape.ring.color)}"/>`
          : '';
        return `${ring}<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="${hex(shape.color)}"/>`;
      }
    }
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${ICON_SIZE}" height="${ICON_SIZE}" viewBox="0 0 ${ICON_SIZE} ${ICON_SIZE}">`,
    '  <title>Cascade Drill</title>',
    ...body.map((line) => `  ${line}`),
    '</svg>',
    '',
  ].join('\n');
}

/** Signed distance from (px, py) to the shape's edge (negative inside). */
function distance(shape: Shape, px: number, py: number): number {
  switch (shape.kind) {
    case 'roundRect': {
      const hw = shape.w / 2 - shape.r;
      const hh = shape.h / 2 - shape.r;
      const dx = Math.abs(px - (shape.x + shape.w / 2)) - hw;
      const dy = Math.abs(py - (shape.y + shape.h / 2)) - hh;
      const outside = Math.hypot(Math.max(dx, 0), Math.max(dy, 0));
      return outside + Math.min(Math.max(dx, dy), 0) - shape.r;
    }
    case 'line': {
      const vx = shape.x2 - shape.x1;
      const vy = shape.y2 - shape.y1;
      const t = Math.max(0, Math.min(1, ((px - shape.x1) * vx + (py - shape.y1) * vy) / (vx * vx + vy * vy)));
      return Math.hypot(px - (shape.x1 + t * vx), py - (shape.y1 + t * vy)) - shape.width / 2;
    }
    case 'circle':
      return Math.hypot(px - shape.cx, py - shape.cy) - shape.r;
  }
}

/** Rasterise the mark to straight-alpha RGBA. */
export function renderRgba(size: number = ICON_SIZE): Uint8Array {
  const scale = ICON_SIZE / size;
  // A ring is drawn as a larger circle underneath, exactly like the SVG.
  const layers: Shape[] = SHAPES.flatMap((shape) =>
    shape.kind === 'circle' && shape.ring
      ? [
          {
            kind: 'circle' as const,
            cx: shape.cx,
            cy: shape.cy,
            r: shape.r + shape.ring.width,
            color: shape.ring.color,
          },
          shape,
        ]
      : [shape],
  );
  const out = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) * scale;
      const py = (y + 0.5) * scale;
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const shape of layers) {
        const coverage = Math.max(0, Math.min(1, 0.5 - distance(shape, px, py) / scale));
        if (coverage === 0) continue;
        // "over" compositing in premultiplied space.
        r = shape.color[0] * coverage + r * (1 - coverage);
        g = shape.color[1] * coverage + g * (1 - coverage);
        b = shape.color[2] * coverage + b * (1 - coverage);
        a = coverage + a * (1 - coverage);
      }
      const i = (y * size + x) * 4;
      out[i] = a > 0 ? Math.round(r / a) : 0;
      out[i + 1] = a > 0 ? Math.round(g / a) : 0;
      out[i + 2] = a > 0 ? Math.round(b / a) : 0;
      out[i + 3] = Math.round(a * 255);
    }
  }
  return out;
}

function main(): void {
  const dir = path.resolve(__dirname, '..', '..', 'assets', 'icons');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'icon.svg'), renderSvg());
  writeFileSync(path.join(dir, 'icon.png'), encodePng(ICON_SIZE, ICON_SIZE, renderRgba()));
  console.log(`wrote ${path.relative(process.cwd(), dir)}/icon.svg and icon.png (${ICON_SIZE}x${ICON_SIZE})`);
}

if (require.main === module) main();
