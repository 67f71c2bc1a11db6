/**
 * Bench worker: runs the model in a worker thread and posts the final state hash back, so the bench can check
 * that a worker (a separate V8 isolate) computes bit-for-bit what the main thread does.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { builtinScenario } from '../src/scenario/index';
import { createSim, hash, step } from '../src/model/index';

/** What the bench asks of the worker. */
export interface HashJob {
  scenario: string;
  seed: number;
  ticks: number;
}

const job = workerData as HashJob;
const sim = createSim(builtinScenario(job.scenario), job.seed);
for (let t = 0; t < job.ticks; t++) step(sim, []);
parentPort!.postMessage(hash(sim));
