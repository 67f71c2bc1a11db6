/**
 * How one supernode looks, decided from model state alone (pure, so it is testable and the Pixi view
 * stays a dumb painter). Shape carries state, so the view reads in greyscale too; colour carries load.
 *
 * - alive: filled disc, colour = load
 * - self-protecting (refusing clients): hollow ring in the overload colour
 * - warming up: small dim neutral disc
 * - dead: a brief failure-accent flash, then a faint dot a notch above the background
 * - dedicated (mega-supernode): square instead of disc, same rules
 * - provisioning (a dedicated supernode ordered, not yet serving): faint hollow square
 */
import { SN_STATE } from '../../../sim-core/src/drill/view-codes';
import { DEAD_GREY, FAILURE_ACCENT, LOAD_RAMP_MAX, PROVISIONING_GREY, loadColour, mixRgb } from './colour';

/** Texture families the view pre-renders. */
export type GlyphShape = 'none' | 'disc' | 'ring' | 'square' | 'squareRing';

/** One supernode's look for this frame. */
export interface Glyph {
  readonly shape: GlyphShape;
  readonly tint: number;
  readonly alpha: number;
  /** Multiplier on the layout's glyph radius. */
  readonly scale: number;
}

/** How long a death flash lasts, in milliseconds of wall time (the flash is for eyes, not for the model). */
export const FLASH_MS = 900;

const HIDDEN: Glyph = { shape: 'none', tint: 0, alpha: 0, scale: 0 };

/**
 * @param flash 1 just died -> 0 flash over; ignored unless dead.
 * @param reducedMotion no growing flash, only the colour.
 */
export function glyphFor(
  state: number,
  load: number,
  dedicated: boolean,
  flash: number,
  reducedMotion = false,
): Glyph {
  const solid: GlyphShape = dedicated ? 'square' : 'disc';
  const hollow: GlyphShape = dedicated ? 'squareRing' : 'ring';
  switch (state) {
    case SN_STATE.Alive:
      return { shape: solid, tint: loadColour(load), alpha: 1, scale: 1 };
    case SN_STATE.Protecting:
      // A self-protecting supernode has shed its clients, so its own load reads near zero; what matters is
      // that it tripped on overload, so it keeps the top-of-ramp colour.
      return { shape: hollow, tint: loadColour(LOAD_RAMP_MAX), alpha: 0.9, scale: 1.1 };
    case SN_STATE.Warming:
      // Not serving yet, so no load worth a colour: a small neutral disc that reads as "coming back".
      return { shape: solid, tint: PROVISIONING_GREY, alpha: 0.6, scale: 0.7 };
    case SN_STATE.Dead: {
      const f = Math.min(1, Math.max(0, flash));
      if (f === 0) return { shape: solid, tint: DEAD_GREY, alpha: 1, scale: 0.55 };
      return {
        shape: solid,
        tint: mixRgb(DEAD_GREY, FAILURE_ACCENT, f),
        alpha: 1,
        scale: reducedMotion ? 1 : 0.55 + 1.1 * f,
      };
    }
    case SN_STATE.Provisioning:
      return { shape: 'squareRing', tint: PROVISIONING_GREY, alpha: 0.7, scale: 0.9 };
    default:
      return HIDDEN;
  }
}
