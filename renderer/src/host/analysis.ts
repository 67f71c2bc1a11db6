/**
 * The debrief's threads: a pool of analysis workers for the par search (sim-core's par pool over Web
 * Workers, so the browser runs the very jobs the CLI runs on worker threads) and a one-off worker that
 * replays a session file. Screens never see a Worker; they get a par pool and a replay function.
 */
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import {
  parPool,
  type ParJob,
  type ParJobResult,
  type ParPort,
} from '../../../sim-core/src/scoring/par-pool';
import type { LogEntry, RunTrace } from '../../../sim-core/src/scoring/trace';
import { openIndexedDbStore } from '../platform/indexeddb';
import { parGate } from './par-gate';
import { boundedParCache, createParScheduler, type GatedPool, type ParSource } from './par-scheduler';

/** Messages to an analysis worker. */
export type AnalysisIn =
  | { type: 'init'; scenario: Scenario }
  | { type: 'job'; job: ParJob }
  /** `scenario`: the definition of a scenario opened from a file (absent: the session names a built-in one). */
  | { type: 'replay'; text: string; scenario?: Scenario }
  /** Trace a live drill behind it (run-follower.ts): the drill as it runs, then its log as it grows. */
  | {
      type: 'follow';
      scenarioId: string;
      /** The definition of a scenario opened from a file (absent: `scenarioId` names a built-in one). */
      scenario?: Scenario;
      scale: number;
      seed: number;
      stopOnFullRecovery: boolean;
    }
  | { type: 'followLog'; log: LogEntry[]; until: number }
  | { type: 'followTrace'; log: LogEntry[]; until: number };

/** A session replayed: its trace and whether it reproduced the saved state hash. */
export interface ReplayResult {
  trace: RunTrace;
  minute: number;
  stateHash: string;
  hashMatches: boolean;
}

/** Messages from an analysis worker. */
export type AnalysisOut =
  | { type: 'result'; result: ParJobResult }
  | { type: 'replayed'; ok: true; replay: ReplayResult }
  | { type: 'replayed'; ok: false; error: string }
  | { type: 'followed'; ok: true; replay: ReplayResult }
  | { type: 'followed'; ok: false; error: string }
  | { type: 'failed'; message: string };

/** A new analysis worker. */
export function startWorker(): Worker {
  return new Worker(new URL('./analysis.worker.ts', import.meta.url), { type: 'module', name: 'analysis' });
}

/** How many par workers to start: the machine's cores, at least 1, at most 4 (the UI keeps a core). */
export function parWorkerCount(cores: number | undefined): number {
  return Math.max(1, Math.min(4, (cores ?? 2) - (cores && cores > 2 ? 1 : 0)));
}

/** A Web Worker as a par pool port. */
function webPort(w: Worker): ParPort {
  return {
    post: (job) => w.postMessage({ type: 'job', job } satisfies AnalysisIn),
    onResult: (handler) => {
      w.addEventListener('message', (ev: MessageEvent<AnalysisOut>) => {
        if (ev.data?.type === 'result') handler(ev.data.result);
      });
    },
    onFailure: (handler) => {
      w.addEventListener('message', (ev: MessageEvent<AnalysisOut>) => {
        if (ev.data?.type === 'failed') handler(ev.data.message);
      });
      w.addEventListener('error', (ev: ErrorEvent) => {
        ev.preventDefault();
        handler(`analysis worker crashed: ${ev.message || 'unknown error'}`);
      });
    },
    terminate: () => w.terminate(),
  };
}

/**
 * A par pool of `virtual` ports whose jobs run on as many Web Workers as `workers()` allows at the moment
 * (par-gate.ts): one in the background, more when someone waits for the score.
 */
export function startGatedParPool(scenario: Scenario, virtual: number, workers: () => number): GatedPool {
  const gate = parGate(
    virtual,
    () => {
      const w = startWorker();
      w.postMessage({ type: 'init', scenario } satisfies AnalysisIn);
      return webPort(w);
    },
    workers,
  );
  const pool = parPool(gate.ports);
  return {
    pool: {
      runner: (seed) => pool.runner(seed),
      close: async () => {
        await pool.close();
        await gate.close();
      },
    },
    wake: gate.wake,
    onAnswered: (l) => gate.onAnswered((job) => l(job.kind)),
  };
}

const PAR_DB = 'cascade-drill-par';
let shared: ParSource | null = null;

/**
 * The page's one par scheduler (par-scheduler.ts): Web Workers, the browser's par cache (IndexedDB database
 * `cascade-drill-par`). Everything that needs par asks it, so a par is searched once.
 */
export function appParScheduler(): ParSource {
  const n = parWorkerCount(navigator.hardwareConcurrency);
  return (shared ??= createParScheduler({
    cache: typeof indexedDB === 'undefined' ? null : boundedParCache(openIndexedDbStore(indexedDB, PAR_DB)),
    startPool: (scenario, workers) => startGatedParPool(scenario, n, workers),
    hurriedWorkers: n,
    now: () => performance.now(),
  }));
}

/** Replay a session file's text on a worker of its own (the main thread keeps drawing). */
export function replayOnWorker(text: string, scenario?: Scenario): Promise<ReplayResult> {
  const w = startWorker();
  return new Promise<ReplayResult>((resolve, reject) => {
    w.onmessage = (ev: MessageEvent<AnalysisOut>) => {
      const m = ev.data;
      if (m.type === 'replayed') {
        if (m.ok) resolve(m.replay);
        else reject(new Error(m.error));
      } else if (m.type === 'failed') reject(new Error(m.message));
    };
    w.onerror = (ev) => {
      ev.preventDefault();
      reject(new Error(`replay worker crashed: ${ev.message || 'unknown error'}`));
    };
    w.postMessage({ type: 'replay', text, ...(scenario ? { scenario } : {}) } satisfies AnalysisIn);
  }).finally(() => w.terminate());
}
