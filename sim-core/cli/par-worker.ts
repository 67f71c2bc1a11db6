/**
 * A par worker thread: evaluates proxy policies (their loss) and traces full-scale policies for the par
 * search in cli/par.ts. It holds one scenario (from workerData); jobs carry their seed, arrive as messages
 * and are answered in the order they come. Policies travel in the policy-file format and are parsed here.
 */
import { isMainThread, parentPort, workerData, Worker } from 'node:worker_threads';
import { parsePolicy } from '../src/levers/index';
import { loadScenario, type Scenario } from '../src/scenario/index';
import { policyLoss, proxyScenario } from '../src/scoring/par';
import { tracePolicy, type RunTrace } from '../src/scoring/trace';

/** A job for a par worker. */
export interface ParJob {
  id: number;
  kind: 'loss' | 'trace';
  seed: number;
  policy: unknown;
}

/** A par worker's answer. */
export type ParJobResult =
  | { id: number; ok: true; loss: number }
  | { id: number; ok: true; trace: RunTrace }
  | { id: number; ok: false; error: string };

/** Start a par worker for a scenario (TypeScript loaded through tsx's CommonJS hook). */
export function spawnParWorker(scenario: Scenario): Worker {
  // '--import tsx' does not reach worker threads here; the CommonJS hook does.
  return new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'], workerData: { scenario } });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const data = workerData as { scenario: unknown };
  const scenario = loadScenario(data.scenario);
  const proxy = proxyScenario(scenario);
  port.on('message', (job: ParJob) => {
    let reply: ParJobResult;
    try {
      const policy = parsePolicy(job.policy);
      reply =
        job.kind === 'loss'
          ? { id: job.id, ok: true, loss: policyLoss(proxy, job.seed, policy) }
          : { id: job.id, ok: true, trace: tracePolicy(scenario, job.seed, policy) };
    } catch (e) {
      reply = { id: job.id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
  });
}
