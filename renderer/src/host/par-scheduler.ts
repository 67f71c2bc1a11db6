/**
 * The par scheduler: par for a scenario (as it runs, scaled), seed and model version is found once, in the
 * background, as early as it is known — when a drill starts, is resumed, or a History row lacks a score — and
 * kept in the par cache. Anyone who needs it (the end screen, the debrief, History, a team drill's host for
 * every seat) asks the same scheduler and gets the same ticket: the search in progress, its stage, share done
 * and time left, and its result.
 *
 * One search runs at a time, the most recently asked-for first among those waiting. While nobody waits for a
 * score it runs on one worker, yielding between evaluations, so the live drill keeps its frame and worker
 * budgets; `hurry()` (a screen showing the score) widens it to every worker the machine allows. Its results
 * do not depend on how many workers ran it (sim-core's par batches its evaluations).
 */
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import {
  computePar,
  DEFAULT_BUDGET,
  FULL_RUN_UNITS,
  type ParProgress,
  type ParResult,
} from '../../../sim-core/src/scoring/par';
import { parResultFits, type ParPool } from '../../../sim-core/src/scoring/par-pool';
import { modelVersion } from '../../../sim-core/src/scoring/version';

/** Where par results are kept between drills (IndexedDB in the app; a Map in tests). */
export interface ParCache {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
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

/** Where a par search stands. */
export interface ParState {
  /** checking the cache, waiting for another search, searching, found, or failed. */
  status: 'checking' | 'queued' | 'running' | 'done' | 'failed';
  /** The search's stage while it runs. */
  stage: ParProgress['stage'] | null;
  /** Share of the search done, 0–1. */
  fraction: number;
  /** Estimated seconds left at the current pace, once it can be estimated. */
  etaSeconds: number | null;
  /** Whether the result came from the cache. */
  cached: boolean;
  /** Wall seconds the search took (0 when cached). */
  seconds: number;
  /** Proxy evaluations answered so far (the debrief bench divides them by wall time for the search's rate). */
  evaluations: number;
  error: string | null;
}

/** Par as found. */
export interface ParFound {
  par: ParResult;
  cached: boolean;
  /** Wall seconds the search took (0 when cached). */
  seconds: number;
}

/** One par, asked for. Every request for the same scenario, seed and model version gets the same ticket. */
export interface ParTicket {
  readonly key: string;
  readonly result: Promise<ParFound>;
  state(): ParState;
  /** Called with every change of state (not with the current one). Returns the unsubscribe. */
  subscribe(listener: (s: ParState) => void): () => void;
  /** Someone waits for this par: run it on every worker allowed. Returns the release. */
  hurry(): () => void;
}

export interface ParSource {
  /** Par for a scenario as it runs (scaled) and a seed: from the cache, else searched in the background. */
  request(scenario: Scenario, seed: number): ParTicket;
}

/** A par pool whose number of running workers follows `workers()` (see par-gate.ts). */
export interface GatedPool {
  pool: ParPool;
  /** The priority changed: look at `workers()` again. */
  wake(): void;
  /** Called with the kind of each job answered (progress between the search's own reports). */
  onAnswered?(listener: (kind: 'loss' | 'trace') => void): void;
}

export interface ParSchedulerDeps {
  cache: ParCache | null;
  /** Start a pool for a scenario; `workers()` says how many real workers may run right now. */
  startPool(scenario: Scenario, workers: () => number): GatedPool;
  /** Workers while someone waits (the background search uses one). */
  hurriedWorkers: number;
  /** Milliseconds on the caller's clock. */
  now(): number;
  /** Proxy evaluations (default: the CLI's, so both find the same par). */
  budget?: number;
}

interface Entry {
  ticket: ParTicket;
  run: () => Promise<void>;
  state: ParState;
}

export function createParScheduler(deps: ParSchedulerDeps): ParSource {
  const budget = deps.budget ?? DEFAULT_BUDGET;
  const tickets = new Map<string, Entry>();
  const waiting: Entry[] = [];
  let busy = false;

  const next = (): void => {
    if (busy) return;
    const e = waiting.pop();
    if (!e) return;
    busy = true;
    void e.run().finally(() => {
      busy = false;
      next();
    });
  };

  // The model version runs a short probe (a tenth of a second or more on the main thread): once per scenario.
  const models = new Map<string, string>();
  const modelOf = (scenario: Scenario): string => {
    const k = JSON.stringify([scenario.id, scenario.version, scenario.model]);
    let m = models.get(k);
    if (m === undefined) models.set(k, (m = modelVersion(scenario)));
    return m;
  };

  const request = (scenario: Scenario, seed: number): ParTicket => {
    const model = modelOf(scenario);
    const key = parCacheKey(scenario, seed, model);
    const known = tickets.get(key);
    if (known) {
      // Asked again while waiting: it is the most wanted now.
      const i = waiting.indexOf(known);
      if (i >= 0) waiting.push(...waiting.splice(i, 1));
      return known.ticket;
    }
    const listeners = new Set<(s: ParState) => void>();
    let hurries = 0;
    let wake: () => void = () => undefined;
    const entry: Entry = {
      state: {
        status: 'checking',
        stage: null,
        fraction: 0,
        etaSeconds: null,
        cached: false,
        seconds: 0,
        evaluations: 0,
        error: null,
      },
      ticket: null as unknown as ParTicket,
      run: async () => undefined,
    };
    const set = (s: Partial<ParState>): void => {
      entry.state = { ...entry.state, ...s };
      for (const l of [...listeners]) l(entry.state);
    };
    let release!: (r: ParFound) => void;
    let reject!: (e: unknown) => void;
    const result = new Promise<ParFound>((res, rej) => {
      release = res;
      reject = rej;
    });
    result.catch(() => undefined); // a failure is also in the state; callers that await it see it
    entry.run = async () => {
      set({ status: 'running', stage: 'baselines' });
      const gated = deps.startPool(scenario, () => (hurries > 0 ? deps.hurriedWorkers : 1));
      wake = gated.wake;
      const t0 = deps.now();
      // The search reports at its stages; a full-scale run is one long job, so its answers are counted too
      // (a proxy evaluation is one unit of work, a full-scale run FULL_RUN_UNITS), never past the next report.
      let reported = { stage: 'baselines' as ParProgress['stage'], done: 0, total: 0 };
      let answered = 0;
      let evaluations = 0;
      const show = (): void => {
        const { stage, done, total } = reported;
        const fraction = total > 0 ? Math.min(Math.max(done, answered), total - 1) / total : 0;
        const elapsed = (deps.now() - t0) / 1000;
        const eta = fraction > 0.02 ? Math.round((elapsed / fraction) * (1 - fraction)) : null;
        set({ stage, fraction, etaSeconds: eta, evaluations });
      };
      gated.onAnswered?.((kind) => {
        answered += kind === 'trace' ? FULL_RUN_UNITS : 1;
        if (kind !== 'trace') evaluations++;
        if (reported.total > 0) show();
      });
      try {
        const par = await computePar(scenario, seed, gated.pool.runner(seed), {
          budget,
          modelVersion: model,
          onProgress: (p) => {
            reported = { stage: p.stage, done: p.done, total: p.total };
            answered = Math.max(answered, p.done);
            show();
          },
        });
        const seconds = (deps.now() - t0) / 1000;
        if (deps.cache)
          await deps.cache.put(key, JSON.stringify(par)).catch((e: unknown) => {
            // A full disk costs the next drill a search, nothing more.
            console.warn('[par cache] could not store par:', e);
          });
        set({ status: 'done', stage: 'done', fraction: 1, etaSeconds: 0, seconds });
        release({ par, cached: false, seconds });
      } catch (e) {
        tickets.delete(key); // asked again later, it is searched again
        set({ status: 'failed', error: e instanceof Error ? e.message : String(e) });
        reject(e);
      } finally {
        wake = () => undefined;
        await gated.pool.close();
      }
    };
    entry.ticket = {
      key,
      result,
      state: () => entry.state,
      subscribe: (l) => {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      hurry: () => {
        hurries++;
        wake();
        let once = false;
        return () => {
          if (once) return;
          once = true;
          hurries--;
        };
      },
    };
    tickets.set(key, entry);
    void cachedPar(deps.cache, key, scenario, seed, model, budget).then((par) => {
      if (par) {
        set({ status: 'done', stage: 'done', fraction: 1, etaSeconds: 0, cached: true });
        release({ par, cached: true, seconds: 0 });
      } else {
        set({ status: 'queued' });
        waiting.push(entry);
        next();
      }
    });
    return entry.ticket;
  };
  return { request };
}
