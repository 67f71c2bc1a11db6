/**
 * `npm run bench:par [-- --json] [--seed N] [--budget N] [--workers N]`: how long par takes for skype-2010.
 *
 *  - proxy evaluation: one 48 h run of a policy at the proxy scale on this thread (mean of 5 after a warm-up),
 *    and the evaluations per second that implies;
 *  - the whole par computation, cache off, on worker threads: wall time per stage (full-scale baselines,
 *    proxy search, full-scale finalists) and proxy evaluations per second during the search.
 *
 * The machine may be shared: the load average before and after is printed with the numbers. Bad flags exit
 * with code 2 and one line.
 */
import { availableParallelism, loadavg } from 'node:os';
import { builtinScenario } from '../src/scenario/index';
import type { Policy } from '../src/levers/index';
import type { Scenario } from '../src/scenario/schema';
import {
  decodeGenome,
  parProblem,
  policyEvaluation,
  policyLoss,
  proxyScenario,
  searchPar,
  structuredGenomes,
  DEFAULT_BUDGET,
} from '../src/scoring/par';
import { runScenario } from '../src/scoring/run';
import { firstSignMinute, USER_MINUTES_PER_USD } from '../src/scoring/score';
import { tracePolicy } from '../src/scoring/trace';
import { findPar } from '../cli/par';

const USAGE = 'usage: npm run bench:par [-- --json] [--seed N] [--budget N] [--workers N]';

function parse(argv: string[]) {
  const a = { json: false, seed: 1, budget: DEFAULT_BUDGET, workers: Math.min(2, availableParallelism()) };
  for (let i = 0; i < argv.length; i++) {
    const f = argv[i]!;
    const v = argv[i + 1];
    const int = (lo: number, hi: number) => {
      if (v === undefined || !/^-?\d+$/.test(v) || Number(v) < lo || Number(v) > hi)
        throw new Error(`${f} must be an integer in [${lo}, ${hi}]`);
      i++;
      return Number(v);
    };
    if (f === '--json') a.json = true;
    else if (f === '--seed') a.seed = int(-(2 ** 31), 2 ** 31 - 1);
    else if (f === '--budget') a.budget = int(20, 100_000);
    else if (f === '--workers') a.workers = int(1, 64);
    else throw new Error(`unknown argument "${f}"; ${USAGE}`);
  }
  return a;
}

/** Search candidates timed both ways; a short search keeps this part of the bench under a minute. */
const COMPARE_BUDGET = 60;

/** The loss as par evaluated it before this version: the whole horizon on the bare step loop (`runScenario`). */
function lossBefore(proxy: Scenario, seed: number, policy: Policy): number {
  const { sim } = runScenario(proxy, { seed, policy });
  return sim.s.userMinutesLost + sim.s.costUsd * USER_MINUTES_PER_USD;
}

/**
 * Evaluations per second before and after, on the very candidates a search asks for: each batch is evaluated
 * the old way and the new way, alternately, on this thread; the search goes on with the new losses.
 */
async function compareEvaluations(scenario: Scenario, seed: number, budget: number) {
  const proxy = proxyScenario(scenario);
  // The first sign on the proxy: close to full scale's, and the candidates are what matter here.
  const problem = parProblem(scenario, firstSignMinute(tracePolicy(proxy, seed, [])));
  let before = 0;
  let after = 0;
  let evaluations = 0;
  let stopped = 0;
  let stopMinutes = 0;
  await searchPar(problem, {
    budget,
    seed,
    evaluate: (policies, stopAbove = null) => {
      const out: number[] = [];
      for (const p of policies) {
        const a = performance.now();
        lossBefore(proxy, seed, p);
        const b = performance.now();
        const e = policyEvaluation(proxy, seed, p, stopAbove);
        const c = performance.now();
        out.push(e.loss);
        const minutes = e.minutes;
        before += b - a;
        after += (c - b) / 2;
        evaluations++;
        if (minutes < proxy.model.durationMinutes) {
          stopped++;
          stopMinutes += minutes;
        }
      }
      return Promise.resolve(out);
    },
  });
  const perSecond = (ms: number) => Math.round((evaluations / (ms / 1000)) * 10) / 10;
  return {
    evaluations,
    beforePerSecond: perSecond(before),
    afterPerSecond: perSecond(after),
    stopped,
    meanStopMinute: stopped > 0 ? Math.round(stopMinutes / stopped) : null,
  };
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    process.stderr.write(`bench:par: ${(e as Error).message}\n`);
    return 2;
  }
  const scenario = builtinScenario('skype-2010');
  const proxy = proxyScenario(scenario);
  const loadBefore = loadavg()[0]!;
  const policy = decodeGenome(structuredGenomes()[1]!, proxy, 301);
  policyLoss(proxy, args.seed, policy);
  const t0 = performance.now();
  for (let i = 0; i < 5; i++) policyLoss(proxy, args.seed, policy);
  const evalMs = (performance.now() - t0) / 5;
  const compare = await compareEvaluations(scenario, args.seed, COMPARE_BUDGET);
  const par = await findPar(scenario, args.seed, {
    budget: args.budget,
    workers: args.workers,
    useCache: false,
  });
  const searchSeconds = par.stages['search'] ?? 0;
  const result = {
    scenario: scenario.id,
    seed: args.seed,
    workers: args.workers,
    budget: args.budget,
    proxyScale: par.result.proxyScale,
    proxyEvaluationMs: Math.round(evalMs),
    proxyEvaluationsPerSecondOneThread: Math.round((1000 / evalMs) * 10) / 10,
    parWallSeconds: Math.round(par.wallSeconds * 10) / 10,
    stageSeconds: par.stages,
    evaluations: par.result.search.evaluations,
    searchEvaluationsPerSecond:
      searchSeconds > 0 ? Math.round((par.result.search.evaluations / searchSeconds) * 10) / 10 : null,
    evaluationsCompared: compare,
    policy: par.result.policy,
    loadAverage: { before: loadBefore, after: loadavg()[0]! },
    machine: { cpus: availableParallelism(), node: process.version },
  };
  if (args.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else
    process.stdout.write(
      [
        `par for ${scenario.id}, seed ${args.seed}, ${args.workers} worker threads, budget ${args.budget}`,
        `proxy evaluation (1/${Math.round(1 / result.proxyScale)} scale, 48 h)   ${result.proxyEvaluationMs} ms (${result.proxyEvaluationsPerSecondOneThread}/s on one thread)`,
        `par, cache off                            ${result.parWallSeconds} s`,
        ...Object.entries(par.stages)
          .filter(([k]) => k !== 'start')
          .map(([k, v]) => `  ${k.padEnd(40)}${v.toFixed(1)} s`),
        `search evaluations per second              ${result.searchEvaluationsPerSecond} (${result.evaluations} evaluations)`,
        `the same ${compare.evaluations} search candidates on one thread, interleaved:`,
        `  before (full 48 h each, bare step loop)   ${compare.beforePerSecond}/s`,
        `  after (drill host, stopped once 4x best)  ${compare.afterPerSecond}/s (${compare.stopped} stopped early, at minute ${compare.meanStopMinute ?? '-'} on average)`,
        `load average before / after               ${loadBefore.toFixed(2)} / ${result.loadAverage.after.toFixed(2)} on ${result.machine.cpus} CPUs`,
      ].join('\n') + '\n',
    );
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
