/**
 * The debrief's analysis of a saved session: replay it (which proves the file reproduces the drill's final
 * state hash) — or take the trace recorded while the drill ran, when it reached the same hash — get par for
 * its scenario, scale and seed from the par scheduler (the cache, the search started when the drill started,
 * or a new one), and score the run against doing nothing, the 2010 response and par. Threads, the cache and
 * the clock come in as dependencies, so this runs in tests on the calling thread.
 */
import type { Scenario } from '../../../../sim-core/src/scenario/schema';
import type { ParProgress, ParResult } from '../../../../sim-core/src/scoring/par';
import { scoreTrace, type Score } from '../../../../sim-core/src/scoring/score';
import { serializeSession, sessionScenario, type SessionFile } from '../../../../sim-core/src/sessions/index';
import type { ReplayResult } from '../../host/analysis';
import type { ParSource, ParState } from '../../host/par-scheduler';

export { boundedParCache, parCacheKey, PAR_CACHE_ENTRIES, type ParCache } from '../../host/par-scheduler';

/** The analysis so far: a stage, the share of the work done and, once it can be estimated, the time left. */
export interface AnalysisProgress {
  stage: 'replay' | 'queued' | ParProgress['stage'];
  fraction: number;
  etaSeconds: number | null;
  /** Par is known (from the cache or the search). */
  parReady: boolean;
}

export interface AnalysisDeps {
  /** Where par comes from (the page's one scheduler in the app). */
  par: ParSource;
  /** Replay a session file's text (on a worker in the app). */
  /** Replay a session's text on `scenario` (the built-in one, or a file's, as the session names it). */
  replay: (text: string, scenario: Scenario) => Promise<ReplayResult>;
  /**
   * The run as traced while the drill was played (null: none). Used instead of a replay when it reached the
   * session's minute and state hash, which is what a replay proves.
   */
  traced?: Promise<ReplayResult | null>;
  onProgress?: (p: AnalysisProgress) => void;
  /** Stop waiting: the analysis rejects with "cancelled" (a par search goes on in the background). */
  signal?: AbortSignal;
  /** Someone is waiting for this score: run par's search on every worker (default true). */
  hurry?: boolean;
}

/** Everything the debrief shows about a run. */
export interface Analysis {
  /** The scenario as the session ran it (scaled). */
  scenario: Scenario;
  replay: ReplayResult;
  par: ParResult;
  parCached: boolean;
  /** Wall seconds the par search took (0 when cached). */
  parSeconds: number;
  score: Score;
}

/** The analysis progress of a par search's state. */
export function parProgress(s: ParState): AnalysisProgress {
  if (s.status === 'queued' || s.status === 'checking')
    return {
      stage: s.status === 'queued' ? 'queued' : 'replay',
      fraction: 0,
      etaSeconds: null,
      parReady: false,
    };
  if (s.status === 'done') return { stage: 'replay', fraction: 1, etaSeconds: null, parReady: true };
  return { stage: s.stage ?? 'baselines', fraction: s.fraction, etaSeconds: s.etaSeconds, parReady: false };
}

function cancelled(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const fail = () => reject(new Error('cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
}

/** The recorded trace if it is the session's run (same minute and state hash), else null. */
async function recorded(
  traced: Promise<ReplayResult | null> | undefined,
  session: SessionFile,
): Promise<ReplayResult | null> {
  const t = await traced?.catch(() => null);
  return t && t.minute === session.progress.minute && t.stateHash === session.progress.stateHash
    ? { ...t, hashMatches: true }
    : null;
}

/**
 * Analyse a session. Throws a SessionError when the session's scenario or model does not fit this build,
 * an Error with the reason when the replay or the search fails, and "cancelled" when the signal fires.
 */
export async function analyseSession(
  session: SessionFile,
  builtin: Scenario,
  deps: AnalysisDeps,
): Promise<Analysis> {
  const scenario = sessionScenario(session, builtin);
  const stop = cancelled(deps.signal);
  stop.catch(() => undefined); // raced below; a late abort must not surface as an unhandled rejection
  const ticket = deps.par.request(scenario, session.seed);
  // Found before this analysis asked (an earlier debrief or drill in this page): it comes from the cache.
  const known = ticket.state().status === 'done';
  const release = deps.hurry === false ? () => undefined : ticket.hurry();
  const unsub = ticket.subscribe((s) => deps.onProgress?.(parProgress(s)));
  try {
    deps.onProgress?.(parProgress(ticket.state()));
    const replay = recorded(deps.traced, session).then(
      (t) => t ?? deps.replay(serializeSession(session), builtin),
    );
    replay.catch(() => undefined); // awaited below; a failed search must not leave it unhandled
    const found = await Promise.race([ticket.result, stop]);
    deps.onProgress?.({ stage: 'replay', fraction: 1, etaSeconds: null, parReady: true });
    const replayed = await Promise.race([replay, stop]);
    const score = scoreTrace(scenario, session.seed, replayed.trace, found.par.traces);
    deps.onProgress?.({ stage: 'done', fraction: 1, etaSeconds: 0, parReady: true });
    return {
      scenario,
      replay: replayed,
      par: found.par,
      parCached: found.cached || known,
      parSeconds: found.cached || known ? 0 : found.seconds,
      score,
    };
  } finally {
    unsub();
    release();
  }
}
