/**
 * What the open debrief tells e2e specs through the test hook (`window.__drill.debrief`): the headline once
 * it is on screen (null before, and when there is nothing to score) and whether par is known. Null while no
 * debrief is open. Also the latest drill's par search (`window.__drill.par`), for the debrief bench.
 */
import type { ParState } from '../../host/par-scheduler';

let parOf: (() => ParState) | null = null;

/** The par search of the latest drill (its state), or null before any drill. */
export function parProbe(): ParState | null {
  return parOf?.() ?? null;
}

/** Set where a drill starts (host/score-prep.ts). */
export function setParProbe(read: () => ParState): void {
  parOf = read;
}

export interface DebriefProbe {
  readonly score: number | null;
  readonly parReady: boolean;
}

let current: { probe: DebriefProbe; on: Element } | null = null;

/** The open debrief's state, or null (also once its screen has left the page). */
export function debriefProbe(): DebriefProbe | null {
  return current?.on.isConnected ? current.probe : null;
}

/** Set by the debrief screen, with an element of it (null when it closes). */
export function setDebriefProbe(p: DebriefProbe | null, on?: Element): void {
  current = p === null || !on ? null : { probe: { ...p }, on };
}
