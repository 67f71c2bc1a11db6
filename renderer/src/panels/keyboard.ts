/**
 * The console's keyboard map, as a pure function from a key event to an action, so it is tested and the
 * help text comes from the same table. Keys never fire while the user types in a field, and a key with a
 * modifier (Ctrl, Alt, Meta) is always left to the browser.
 */
import type { LeverName } from '../../../sim-core/src/levers/index';
import { LEVER_SPECS } from './lever-model';

export type KeyAction =
  | { readonly kind: 'togglePause' }
  | { readonly kind: 'speed'; readonly index: number }
  | { readonly kind: 'lever'; readonly lever: LeverName }
  | { readonly kind: 'toggleFacilitator' }
  /** Ask to end the drill (the End drill control's confirmation, unless the facilitator switched it off). */
  | { readonly kind: 'endDrill' }
  | { readonly kind: 'toggleProjector' }
  | { readonly kind: 'zoom'; readonly by: number }
  | { readonly kind: 'resetView' };

/** The parts of a KeyboardEvent the map reads. */
export interface KeyInput {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly altKey: boolean;
  readonly metaKey: boolean;
  /** Tag name of the focused element (upper case, as the DOM reports it). */
  readonly targetTag: string;
  /** The focused element's `type` attribute, when it is an input. */
  readonly targetType?: string;
}

const TYPING_TAGS = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Elements that use the space bar themselves (a focused button is clicked by space). */
const SPACE_TAGS = new Set(['BUTTON', 'A', 'SUMMARY', ...TYPING_TAGS]);

/** The action for a key press, or null to leave it to the browser. */
export function keyAction(e: KeyInput): KeyAction | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  if (TYPING_TAGS.has(e.targetTag)) return null;
  if (e.key === ' ' || e.key === 'Spacebar')
    return SPACE_TAGS.has(e.targetTag) ? null : { kind: 'togglePause' };
  if (/^[1-6]$/.test(e.key)) return { kind: 'speed', index: Number(e.key) - 1 };
  const k = e.key.toLowerCase();
  if (k === 'f') return { kind: 'toggleFacilitator' };
  if (k === 'p') return { kind: 'toggleProjector' };
  if (k === 'e') return { kind: 'endDrill' };
  if (e.key === '+' || e.key === '=') return { kind: 'zoom', by: 1.5 };
  if (e.key === '-' || e.key === '_') return { kind: 'zoom', by: 1 / 1.5 };
  if (e.key === '0') return { kind: 'resetView' };
  const lever = LEVER_SPECS.find((l) => l.key === k);
  return lever ? { kind: 'lever', lever: lever.name } : null;
}

/** Help lines for the key list (the briefing's "Keys in the drill" line is written from it). */
export const KEY_HELP: readonly (readonly [string, string])[] = [
  ['Space', 'Pause / resume'],
  ['1–6', 'Speed 1×, 10×, 60×, 300×, 600×, 3600×'],
  ...LEVER_SPECS.map((l) => [l.key.toUpperCase(), l.label] as const),
  ['E', 'End drill (asks first)'],
  ['F', 'Facilitator drawer'],
  ['P', 'Projector mode'],
  ['+ / − / 0', 'Zoom map in / out / reset'],
];

/** The briefing's one-line key list: every entry of KEY_HELP, with the lever letters as one item. */
export function keyHelpLine(): string {
  const levers = new Set(LEVER_SPECS.map((l) => l.key.toUpperCase()));
  const items: string[] = [];
  for (const [k, what] of KEY_HELP) {
    if (levers.has(k)) {
      if (!items.includes('the letter on each lever')) items.push('the letter on each lever');
      continue;
    }
    items.push(`${k} ${what.charAt(0).toLowerCase()}${what.slice(1)}`);
  }
  return `Keys in the drill: ${items.join(' · ')}.`;
}
