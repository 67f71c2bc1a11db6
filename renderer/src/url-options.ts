/** Options the page URL may carry (kept apart from boot so it is testable without a browser). */

import { seedSchema } from '../../sim-core/src/drill/protocol';

/**
 * Default autosave interval, in seconds of wall time. Kept for old links and specs: the app now checks every
 * 0.2 s and saves whenever the session changed (screens/app.ts), which is never slower than this.
 */
export const AUTOSAVE_SECONDS = 30;

/**
 * Options a URL may carry: `seed`, `scale` (0 < scale <= 1; default the full network), `bench=1`,
 * `projector=1`, and `autosave=N`: autosave a running drill every N seconds of wall time (a whole number from 1
 * to 3600; default 30), for facilitators who want a tighter safety net and for the Resume drill e2e spec;
 * `alertSlowdown=0`: do not slow down at the first monitoring alert (the facilitator drawer's setting, for
 * unattended runs and for specs that race through the collapse).
 */
export interface UrlOptions {
  readonly seed: number;
  readonly scale: number;
  readonly bench: boolean;
  readonly projector: boolean;
  readonly autosaveSeconds: number;
  readonly slowOnAlert: boolean;
}

export function parseUrlOptions(search: string): UrlOptions {
  const q = new URLSearchParams(search);
  const seedRaw = Number(q.get('seed'));
  const scaleRaw = Number(q.get('scale'));
  const autosaveRaw = Number(q.get('autosave'));
  return {
    seed: q.has('seed') && seedSchema.safeParse(seedRaw).success ? seedRaw : 20101222,
    scale: q.has('scale') && scaleRaw > 0 && scaleRaw <= 1 ? scaleRaw : 1,
    bench: q.get('bench') === '1',
    projector: q.get('projector') === '1',
    autosaveSeconds:
      q.has('autosave') && Number.isInteger(autosaveRaw) && autosaveRaw >= 1 && autosaveRaw <= 3600
        ? autosaveRaw
        : AUTOSAVE_SECONDS,
    slowOnAlert: q.get('alertSlowdown') !== '0',
  };
}
