/**
 * `?testHook=1` exposes `window.__drill`, a read-only view of the latest drill state for e2e specs
 * (canvas content has no DOM to assert on). Nothing in the app reads it; without the flag it does not exist.
 */
import { debriefProbe, parProbe } from './panels/debrief/probe';

/**
 * What specs can read. `phase` is the incident phase from the drill host (normal, degraded, cascading,
 * collapsed, recovering, restored), `none` before a drill exists, `error` if the drill failed. `stateHash`
 * is the model's own hash (sim-core `hash()`) from the latest snapshot that carried one: at `simMinute` when
 * the drill is paused or ended, and every 15 simulated minutes while it runs.
 */
export interface DrillProbe {
  readonly phase: string;
  readonly simMinute: number;
  readonly online: number;
  readonly supernodesAlive: number;
  readonly stateHash: string;
  readonly ended: boolean;
  /** In a team drill: this seat's role and whether it is connected to the host (absent in a solo drill). */
  readonly seat?: { readonly role: string; readonly connected: boolean } | null;
}

/** True when the page URL asks for the hook. */
export function testHookRequested(search: string): boolean {
  return new URLSearchParams(search).get('testHook') === '1';
}

/** Defines `window.__drill` as getters over `read()`, so every access sees the latest state. */
export function installTestHook(win: Window, read: () => DrillProbe): void {
  const keys: (keyof DrillProbe)[] = [
    'phase',
    'simMinute',
    'online',
    'supernodesAlive',
    'stateHash',
    'ended',
    'seat',
  ];
  const probe = {};
  for (const k of keys) Object.defineProperty(probe, k, { get: () => read()[k], enumerable: true });
  // The open debrief: `{ score, parReady }`, null while none is open (panels/debrief/probe.ts).
  Object.defineProperty(probe, 'debrief', { get: debriefProbe, enumerable: true });
  // The latest drill's par search: status, stage, share done (the debrief bench reads it).
  Object.defineProperty(probe, 'par', { get: parProbe, enumerable: true });
  Object.freeze(probe);
  Object.defineProperty(win, '__drill', {
    value: probe,
    writable: false,
    configurable: false,
    enumerable: false,
  });
}
