/**
 * A par worker thread: runs par jobs (sim-core/src/scoring/par-pool.ts) for the search in cli/par.ts. It holds
 * one scenario (from workerData); jobs arrive as messages and are answered in the order they come.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { loadScenario, type Scenario } from '../src/scenario/index';
import { parJobRunner, type ParJob, type ParPort } from '../src/scoring/par-pool';

/** Start a par worker for a scenario (TypeScript loaded through tsx's CommonJS hook). */
export function spawnParWorker(scenario: Scenario): Worker {
  // '--import tsx' does not reach worker threads here; the CommonJS hook does.
  return new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'], workerData: { scenario } });
}

/** A worker thread as a par pool sees it. */
export function parPort(w: Worker): ParPort {
  return {
    post: (job) => w.postMessage(job),
    onResult: (handler) => w.on('message', handler),
    onFailure: (handler) => w.on('error', (e) => handler(e.message)),
    terminate: () => w.terminate(),
  };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const run = parJobRunner(loadScenario((workerData as { scenario: unknown }).scenario));
  port.on('message', (job: ParJob) => port.postMessage(run(job)));
}
