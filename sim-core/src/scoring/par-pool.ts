/**
 * Par on threads, written once for every kind of thread: the job a par worker runs (`parJobRunner`), and a
 * pool that spreads a par runner's evaluations and traces over workers (`parPool`). The CLI plugs in Node
 * worker threads (sim-core/cli/par-worker.ts), the console plugs in Web Workers (renderer/src/host/); both
 * run the same jobs with the same code, so a par found in the browser is the par the CLI finds.
 *
 * Also the one check of whether a stored par still fits (`parResultFits`), for the CLI's file cache and the
 * console's IndexedDB cache alike.
 */
import { parsePolicy, type Policy } from '../levers/index';
import type { Scenario } from '../scenario/schema';
import { PAR_VERSION, policyFile, policyLoss, proxyScenario, type ParResult, type ParRunner } from './par';
import { SCORE_VERSION } from './score';
import { tracePolicy, type RunTrace } from './trace';

/** A job for a par worker: a policy (in the policy-file format) to score on the proxy or trace at full scale. */
export interface ParJob {
  id: number;
  kind: 'loss' | 'trace';
  seed: number;
  policy: unknown;
  /** `loss` jobs: the run may stop once its loss passes this (see `policyLoss`). */
  stopAbove?: number | null;
}

/** A par worker's answer. */
export type ParJobResult =
  | { id: number; ok: true; loss: number }
  | { id: number; ok: true; trace: RunTrace }
  | { id: number; ok: false; error: string };

/**
 * What a par worker does with its jobs, for one scenario (the proxy is built once). Never throws: a job that
 * fails (a malformed policy, say) answers `ok: false` with the reason.
 */
export function parJobRunner(scenario: Scenario): (job: ParJob) => ParJobResult {
  const proxy = proxyScenario(scenario);
  return (job) => {
    const id = typeof job?.id === 'number' ? job.id : -1;
    try {
      if (job.kind !== 'loss' && job.kind !== 'trace') throw new Error('unknown job kind');
      if (!Number.isInteger(job.seed)) throw new Error('the seed must be an integer');
      const policy = parsePolicy(job.policy);
      return job.kind === 'loss'
        ? { id, ok: true, loss: policyLoss(proxy, job.seed, policy, stopAboveOf(job.stopAbove)) }
        : { id, ok: true, trace: tracePolicy(scenario, job.seed, policy) };
    } catch (e) {
      return { id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  };
}

function stopAboveOf(x: unknown): number | null {
  if (x === undefined || x === null) return null;
  if (typeof x !== 'number' || Number.isNaN(x)) throw new Error('stopAbove must be a number or null');
  return x;
}

/** One worker as the pool sees it, whatever kind of thread it is. */
export interface ParPort {
  post(job: ParJob): void;
  /** Register the handler of the worker's answers (called once, before any post). */
  onResult(handler: (r: ParJobResult) => void): void;
  /** Register the handler of a worker that died (called once, before any post). */
  onFailure(handler: (message: string) => void): void;
  terminate(): Promise<unknown> | void;
}

/** A pool of par workers for one scenario: each job goes to the next idle worker. */
export interface ParPool {
  /** A par runner for one seed on this pool. */
  runner(seed: number): ParRunner;
  close(): Promise<void>;
}

/**
 * A pool over started workers. A worker that dies fails its job and every queued one with its message, and
 * every later job at once: a par computed on fewer workers than asked for would only be slower, but a dead
 * worker usually means every one of them will die the same way.
 */
export function parPool(ports: readonly ParPort[]): ParPool {
  if (ports.length === 0) throw new Error('a par pool needs at least one worker');
  const idle: ParPort[] = [...ports];
  const queue: Array<{ job: ParJob; resolve: (r: ParJobResult) => void }> = [];
  const inFlight = new Map<ParPort, (r: ParJobResult) => void>();
  let nextId = 1;
  let failure: string | null = null;
  const pump = () => {
    while (idle.length > 0 && queue.length > 0) {
      const p = idle.pop()!;
      const { job, resolve } = queue.shift()!;
      inFlight.set(p, resolve);
      p.post(job);
    }
  };
  for (const p of ports) {
    p.onResult((r) => {
      const resolve = inFlight.get(p);
      inFlight.delete(p);
      idle.push(p);
      resolve?.(r);
      pump();
    });
    p.onFailure((message) => {
      failure = message;
      const resolve = inFlight.get(p);
      inFlight.delete(p);
      resolve?.({ id: -1, ok: false, error: message });
      for (const q of queue.splice(0)) q.resolve({ id: -1, ok: false, error: message });
    });
  }
  const run = (
    kind: ParJob['kind'],
    seed: number,
    policy: Policy,
    stopAbove: number | null = null,
  ): Promise<ParJobResult> =>
    new Promise((resolve) => {
      if (failure !== null) return resolve({ id: -1, ok: false, error: failure });
      queue.push({ job: { id: nextId++, kind, seed, policy: policyFile(policy), stopAbove }, resolve });
      pump();
    });
  const must = <T>(r: ParJobResult, pick: (r: ParJobResult & { ok: true }) => T | undefined): T => {
    if (!r.ok) throw new Error(`par worker: ${r.error}`);
    const v = pick(r);
    if (v === undefined) throw new Error('par worker: unexpected answer');
    return v;
  };
  return {
    runner: (seed) => ({
      evaluate: async (policies, stopAbove = null) =>
        (await Promise.all(policies.map((p) => run('loss', seed, p, stopAbove)))).map((r) =>
          must(r, (x) => ('loss' in x ? x.loss : undefined)),
        ),
      trace: async (policies) =>
        (await Promise.all(policies.map((p) => run('trace', seed, p)))).map((r) =>
          must<RunTrace>(r, (x) => ('trace' in x ? x.trace : undefined)),
        ),
    }),
    close: async () => {
      await Promise.all(ports.map((p) => p.terminate()));
    },
  };
}

/**
 * A stored par, if it still fits: same par and score versions, scenario id and version, seed and model
 * version (which differs between scales, since it hashes the model parameters), and a search at least
 * `budget` evaluations long. Anything else — including a file that is not a par at all — is null.
 */
export function parResultFits(
  raw: unknown,
  scenario: Scenario,
  seed: number,
  model: string,
  budget: number,
): ParResult | null {
  const r = raw as Partial<ParResult> | null;
  if (
    !r ||
    typeof r !== 'object' ||
    r.version?.par !== PAR_VERSION ||
    r.version?.score !== SCORE_VERSION ||
    r.scenario?.id !== scenario.id ||
    r.scenario?.version !== scenario.version ||
    r.seed !== seed ||
    r.modelVersion !== model ||
    typeof r.budget !== 'number' ||
    r.budget < budget ||
    !Array.isArray(r.policy) ||
    !Array.isArray(r.traces?.doNothing?.rows) ||
    !Array.isArray(r.traces?.par?.rows)
  )
    return null;
  return r as ParResult;
}
