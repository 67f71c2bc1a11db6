/**
 * The console's colour language, as pure functions so it can be tested and reused by legends.
 *
 * Load runs through a viridis ramp (perceptually uniform and colour-blind safe): a supernode at normal
 * load sits in the quiet blue third, overload climbs to yellow. Failure is the single saturated accent,
 * deliberately outside the ramp so it never reads as "very loaded".
 */

/** Viridis sampled at nine even stops (matplotlib's table), as 0xRRGGBB. */
const VIRIDIS: readonly number[] = [
  0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725,
];

/** Load factor (vs normal) that maps to the top of the ramp; anything above saturates. */
export const LOAD_RAMP_MAX = 3;

/** The one saturated accent: a supernode dying, a failure. Not part of the load ramp. */
export const FAILURE_ACCENT = 0xff3d6e;

/** Background of the console (CSS uses the same value). */
export const CONSOLE_BACKGROUND = 0x0b0f14;

/** A dedicated supernode ordered but not yet serving: neutral, outside the load ramp. */
export const PROVISIONING_GREY = 0x8b98a9;

/** A dead supernode after its flash: a notch above the background, present but quiet. */
export const DEAD_GREY = 0x2a313b;

/** Linear blend of two 0xRRGGBB colours, t in [0, 1]. */
export function mixRgb(a: number, b: number, t: number): number {
  const r = Math.round(((a >> 16) & 0xff) + (((b >> 16) & 0xff) - ((a >> 16) & 0xff)) * t);
  const g = Math.round(((a >> 8) & 0xff) + (((b >> 8) & 0xff) - ((a >> 8) & 0xff)) * t);
  const bl = Math.round((a & 0xff) + ((b & 0xff) - (a & 0xff)) * t);
  return (r << 16) | (g << 8) | bl;
}

/** Viridis colour for t in [0, 1]; out-of-range and NaN clamp to the ends. */
export function viridis(t: number): number {
  const u = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const pos = u * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(pos));
  return mixRgb(VIRIDIS[i]!, VIRIDIS[i + 1]!, pos - i);
}

/** Colour for a supernode's load factor (1 = normal load), saturating at {@link LOAD_RAMP_MAX}. */
export function loadColour(load: number): number {
  return viridis(load / LOAD_RAMP_MAX);
}

/** `#rrggbb` for CSS (legends) from 0xRRGGBB. */
export function cssHex(rgb: number): string {
  return `#${(rgb & 0xffffff).toString(16).padStart(6, '0')}`;
}
