/**
 * The debrief's analysis of a saved session: replay it (which proves the file reproduces the drill's final
 * state hash), find par for its scenario, scale and seed (from the cache, else by sim-core's par search on
 * worker threads), and score the replay against doing nothing, the 2010 response and par. Threads, the
 * cache and the clock come in as dependencies, so this runs in tests on the calling thread.
 *
 * Par is cached under the scenario id and version, the seed and the model version of the scenario as the
 * session ran it (the model version hashes the scaled parameters, so every scale has its own par).
 */
import type { Scenario } from '../../../../sim-core/src/scenario/schema';
import {
  computePar,
  DEFAULT_BUDGET,
  type ParProgress,
  type ParResult,
} from '../../../../sim-core/src/scoring/par';
import { parResultFits, type ParPool } from '../../../../sim-core/src/scoring/par-pool';
import { scoreTrace, type Score } from '../../../../sim-core/src/scoring/score';
import { modelVersion } from '../../../../sim-core/src/scoring/version';
import { serializeSession, sessionScenario, type SessionFile } from '../../../../sim-core/src/sessions/index';
import type { ReplayResult } from '../../host/analysis';

/** Where par results are kept between debriefs (IndexedDB in the app; a Map in tests). */
export interface ParCache {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
}

/** The analysis so far: a stage, the share of the work done and, once it can be estimated, the time left. */
export interface AnalysisProgress {
  stage: 'replay' | ParProgress['stage'];
  fraction: number;
  etaSeconds: number | null;
}

export interface AnalysisDeps {
  cache: ParCache | null;
  /** Start a par pool for the scenario as the session ran it (closed here when the search ends). */
  startPool: (scenario: Scenario) => ParPool;
  /** Replay a session file's text (on a worker in the app). */
  replay: (text: string) => Promise<ReplayResult>;
  onProgress?: (p: AnalysisProgress) => void;
  /** Milliseconds on the caller's clock, for the estimate. */
  now: () => number;
  /** Proxy evaluations of the par search (default: the CLI's default, so both find the same par). */
  budget?: number;
  /** Stop: the pool is closed and the analysis rejects with "cancelled". */
  signal?: AbortSignal;
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

/** Most par results kept (each holds three full-length traces, about 4 MB at full scale). */
export const PAR_CACHE_ENTRIES = 12;
const ORDER_KEY = 'order';

/**
 * A par cache over a key-value store that keeps the `max` most recently stored results: the store would
 * otherwise grow by megabytes with every new seed and scale. The order of storing is kept under one key.
 */
export function boundedParCache(
  kv: ParCache & { delete(key: string): Promise<void> },
  max = PAR_CACHE_ENTRIES,
): ParCache {
  const order = async (): Promise<string[]> => {
    try {
      const raw: unknown = JSON.parse((await kv.get(ORDER_KEY)) ?? '[]');
      return Array.isArray(raw) ? raw.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  };
  return {
    get: (key) => kv.get(key),
    put: async (key, value) => {
      await kv.put(key, value);
      const keys = [...(await order()).filter((k) => k !== key), key];
      const drop = keys.slice(0, Math.max(0, keys.length - max));
      await kv.put(ORDER_KEY, JSON.stringify(keys.slice(drop.length)));
      for (const k of drop) await kv.delete(k);
    },
  };
}

/** The cache key of par for a scenario (as run, scaled), seed and model version. */
export function parCacheKey(scenario: Scenario, seed: number, model: string): string {
  return `par:${scenario.id}-v${scenario.version}-seed${seed}-${model}`;
}

/** Par from the cache if a fitting one is there (an unreadable entry counts as a miss). */
async function cachedPar(
  cache: ParCache | null,
  key: string,
  scenario: Scenario,
  seed: number,
  model: string,
  budget: number,
): Promise<ParResult | null> {
  if (!cache) return null;
  try {
    const text = await cache.get(key);
    return text === undefined ? null : parResultFits(JSON.parse(text), scenario, seed, model, budget);
  } catch (e) {
    console.warn('[par cache] unreadable entry, computing par again:', e);
    return null;
  }
}

function cancelled(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const fail = () => reject(new Error('cancelled'));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
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
  const seed = session.seed;
  const model = modelVersion(scenario);
  const budget = deps.budget ?? DEFAULT_BUDGET;
  const key = parCacheKey(scenario, seed, model);
  const stop = cancelled(deps.signal);
  stop.catch(() => undefined); // raced below; a late abort must not surface as an unhandled rejection
  const started = deps.now();
  const report = (stage: AnalysisProgress['stage'], fraction: number) => {
    const elapsed = (deps.now() - started) / 1000;
    const eta = fraction > 0.02 && fraction < 1 ? Math.round((elapsed / fraction) * (1 - fraction)) : null;
    deps.onProgress?.({ stage, fraction, etaSeconds: eta });
  };

  report('replay', 0);
  const replay = deps.replay(serializeSession(session));
  replay.catch(() => undefined); // awaited at the end; a failed search must not leave it unhandled
  let par = await Promise.race([cachedPar(deps.cache, key, scenario, seed, model, budget), stop]);
  const parCached = par !== null;
  let parSeconds = 0;
  if (!par) {
    const pool = deps.startPool(scenario);
    const close = () => void pool.close();
    deps.signal?.addEventListener('abort', close, { once: true });
    const t0 = deps.now();
    try {
      par = await Promise.race([
        computePar(scenario, seed, pool.runner(seed), {
          budget,
          modelVersion: model,
          onProgress: (p) => report(p.stage, p.total > 0 ? p.done / p.total : 0),
        }),
        stop,
      ]);
    } finally {
      deps.signal?.removeEventListener('abort', close);
      await pool.close();
    }
    parSeconds = (deps.now() - t0) / 1000;
    if (deps.cache)
      await deps.cache.put(key, JSON.stringify(par)).catch((e: unknown) => {
        // A full disk costs the next debrief a search, nothing more.
        console.warn('[par cache] could not store par:', e);
      });
  }
  const replayed = await Promise.race([replay, stop]);
  const score = scoreTrace(scenario, seed, replayed.trace, par.traces);
  report('done', 1);
  return { scenario, replay: replayed, par, parCached, parSeconds, score };
}
