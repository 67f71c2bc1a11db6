/**
 * A par worker thread: runs par jobs (sim-core/src/scoring/par-pool.ts) for the search in cli/par.ts. It holds
 * one scenario (from workerData); jobs arrive as messages and are answered in the order they come.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { loadScenario, type Scenario } from '../src/scenario/index';
import { parJobRunner, type ParJob, type ParPort } from '../src/scoring/par-pool';
import { backgroundThisThread } from './thread-priority';

/**
 * Start a par worker for a scenario (TypeScript loaded through tsx's CommonJS hook). `background`: the thread
 * lowers its own scheduling priority (nice 19) so a live drill in the same process stays smooth. Only on Linux,
 * where a priority belongs to the thread; elsewhere setpriority would lower the whole process, so it is left.
 */
export function spawnParWorker(scenario: Scenario, opts: { background?: boolean } = {}): Worker {
  // '--import tsx' does not reach worker threads here; the CommonJS hook does.
  return new Worker(__filename, {
    execArgv: ['--require', 'tsx/cjs'],
    workerData: { scenario, background: opts.background === true },
  });
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
  const data = workerData as { scenario: unknown; background?: boolean };
  if (data.background) backgroundThisThread();
  const run = parJobRunner(loadScenario(data.scenario));
  port.on('message', (job: ParJob) => port.postMessage(run(job)));
}
