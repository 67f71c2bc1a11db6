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
  type ParPool,
  type ParPort,
} from '../../../sim-core/src/scoring/par-pool';
import type { RunTrace } from '../../../sim-core/src/scoring/trace';

/** Messages to an analysis worker. */
export type AnalysisIn =
  { type: 'init'; scenario: Scenario } | { type: 'job'; job: ParJob } | { type: 'replay'; text: string };

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
  | { type: 'failed'; message: string };

function startWorker(): Worker {
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

/** Start `n` par workers for a scenario (the session's, scaled as it ran). */
export function startParPool(scenario: Scenario, n: number): ParPool {
  return parPool(
    Array.from({ length: n }, () => {
      const w = startWorker();
      w.postMessage({ type: 'init', scenario } satisfies AnalysisIn);
      return webPort(w);
    }),
  );
}

/** Replay a session file's text on a worker of its own (the main thread keeps drawing). */
export function replayOnWorker(text: string): Promise<ReplayResult> {
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
    w.postMessage({ type: 'replay', text } satisfies AnalysisIn);
  }).finally(() => w.terminate());
}
