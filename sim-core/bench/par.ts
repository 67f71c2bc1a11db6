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
import {
  decodeGenome,
  policyLoss,
  proxyScenario,
  structuredGenomes,
  DEFAULT_BUDGET,
} from '../src/scoring/par';
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
        `load average before / after               ${loadBefore.toFixed(2)} / ${result.loadAverage.after.toFixed(2)} on ${result.machine.cpus} CPUs`,
      ].join('\n') + '\n',
    );
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
