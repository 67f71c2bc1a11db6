/** Zoom and pan of the world map, as plain maths: a world point maps to screen as `screen = world * scale + offset`. */
import { WORLD_HEIGHT, WORLD_WIDTH } from './geo';

export interface Viewport {
  /** Screen pixels per world unit. */
  readonly scale: number;
  readonly x: number;
  readonly y: number;
  /** Zoom relative to the fitted overview (1 = whole world in view). */
  readonly zoom: number;
}

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 24;

/** The fitted overview for a w x h screen: whole world, centred. */
export function fitViewport(w: number, h: number): Viewport {
  const scale = Math.max(1e-6, Math.min(w / WORLD_WIDTH, h / WORLD_HEIGHT));
  return { scale, x: (w - WORLD_WIDTH * scale) / 2, y: (h - WORLD_HEIGHT * scale) / 2, zoom: 1 };
}

/** Keeps the world covering the screen where it can (no panning the map out of sight). */
export function clampViewport(v: Viewport, w: number, h: number): Viewport {
  const ww = WORLD_WIDTH * v.scale;
  const wh = WORLD_HEIGHT * v.scale;
  const x = ww <= w ? (w - ww) / 2 : Math.min(0, Math.max(w - ww, v.x));
  const y = wh <= h ? (h - wh) / 2 : Math.min(0, Math.max(h - wh, v.y));
  return { ...v, x, y };
}

/** Zoom by `factor` keeping the world point under screen (sx, sy) in place. */
export function zoomAt(v: Viewport, factor: number, sx: number, sy: number, w: number, h: number): Viewport {
  const base = fitViewport(w, h).scale;
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.zoom * factor));
  const scale = base * zoom;
  const wx = (sx - v.x) / v.scale;
  const wy = (sy - v.y) / v.scale;
  return clampViewport({ scale, zoom, x: sx - wx * scale, y: sy - wy * scale }, w, h);
}

/** Pan by a screen delta. */
export function panBy(v: Viewport, dx: number, dy: number, w: number, h: number): Viewport {
  return clampViewport({ ...v, x: v.x + dx, y: v.y + dy }, w, h);
}

/** The world rectangle on screen, grown by `margin` world units. */
export function visibleWorld(
  v: Viewport,
  w: number,
  h: number,
  margin = 0,
): { x0: number; y0: number; x1: number; y1: number } {
  return {
    x0: -v.x / v.scale - margin,
    y0: -v.y / v.scale - margin,
    x1: (w - v.x) / v.scale + margin,
    y1: (h - v.y) / v.scale + margin,
  };
}
