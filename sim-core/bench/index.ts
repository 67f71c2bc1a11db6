/**
 * `npm run bench [-- --json]`: how fast and how big the cascade model is, measured in one run.
 *
 *  - full scale: the skype-2010 scenario (every client and supernode) for its whole length under the do-nothing
 *    policy, and under `historical` when the scenario has one: wall time, peak RSS, ms per simulated second;
 *  - referenceRatio: wall time of the per-client reference model over the fast model's, same scaled population
 *    (1M clients), same seed, same 12 simulated hours;
 *  - determinism: the do-nothing full-scale state hash computed again in a worker thread must match.
 *
 * Runs are sequential so no measurement shares the CPU with another. Bad flags exit with code 2 and one line.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { builtinScenario, scaleScenario, type Scenario } from '../src/scenario/index';
import { createSim, hash, step, type SimInput } from '../src/model/index';
import { checkLever, parsePolicy, type Policy } from '../src/levers/index';
import { createReference, stepReference } from '../src/reference/index';
import type { HashJob } from './worker';

const USAGE = 'usage: npm run bench [-- --json]';
const SEED = 1;
/**
 * The reference comparison: 1M clients (1/40 scale) for 12 simulated hours. Large enough that the fast model's
 * fixed per-tick work no longer dominates; small enough for the per-client reference to run in ~10 s.
 */
const REFERENCE_SCALE = 0.025;
const REFERENCE_HOURS = 12;

interface FullScale {
  clients: number;
  supernodes: number;
  simHours: number;
  wallSeconds: number;
  peakRssMB: number;
}

interface BenchResult {
  fullScale: FullScale;
  referenceRatio: number;
  msPerSimSecond: number;
  historical?: { simHours: number; wallSeconds: number; msPerSimSecond: number };
  workerHashMatches: boolean;
  machine: { cpus: number; node: string };
}

/** Peak resident set size of this process so far (maxRSS is in KiB). */
function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Run a scenario at full length under a policy; returns wall milliseconds and the final state hash. */
function timeRun(scenario: Scenario, policy: Policy, ticks: number): { wallMs: number; stateHash: string } {
  const start = performance.now();
  const sim = createSim(scenario, SEED);
  let next = 0;
  for (let t = 0; t < ticks; t++) {
    const inputs: SimInput[] = [];
    while (next < policy.length && policy[next]!.atMinute <= t) {
      const checked = checkLever(sim, policy[next++]!.command);
      if (checked.ok) inputs.push({ ...checked.command, tick: t });
    }
    step(sim, inputs);
  }
  const wallMs = performance.now() - start;
  return { wallMs, stateHash: hash(sim) };
}

/** Mean wall milliseconds of `fn` over `reps` runs, after one untimed warm-up run. */
function meanWallMs(fn: () => void, reps: number): number {
  fn();
  const start = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - start) / reps;
}

function referenceRatio(): { ratio: number; fastMs: number; referenceMs: number; clients: number } {
  const scenario = scaleScenario(builtinScenario('skype-2010'), REFERENCE_SCALE);
  const ticks = REFERENCE_HOURS * 60;
  const fastMs = meanWallMs(() => {
    const sim = createSim(scenario, SEED);
    for (let t = 0; t < ticks; t++) step(sim, []);
  }, 3);
  const referenceMs = meanWallMs(() => {
    const ref = createReference(scenario, SEED);
    for (let t = 0; t < ticks; t++) stepReference(ref, []);
  }, 1);
  return { ratio: referenceMs / fastMs, fastMs, referenceMs, clients: scenario.model.population.total };
}

/**
 * The same run's hash, computed in a worker thread. The worker is TypeScript, so a two-line CommonJS bootstrap
 * registers tsx's require hook inside the worker first (an `--import tsx` execArgv does not reach the worker's
 * own entry module on Node 20).
 */
function hashInWorker(job: HashJob): Promise<string> {
  const bootstrap = `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(join(__dirname, 'worker.ts'))});`;
  return new Promise((resolve, reject) => {
    const worker = new Worker(bootstrap, { eval: true, workerData: job });
    worker.once('message', (h: unknown) => resolve(String(h)));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`bench worker exited with code ${code}`));
    });
  });
}

function parseArgs(argv: string[]): { json: boolean } {
  let json = false;
  for (const arg of argv) {
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown argument "${arg}"; ${USAGE}`);
      process.exit(2);
    }
  }
  return { json };
}

async function main(): Promise<void> {
  const { json } = parseArgs(process.argv.slice(2));
  const log = (line: string) => {
    if (!json) console.error(line);
  };
  const scenario = builtinScenario('skype-2010');
  const m = scenario.model;
  const ticks = m.durationMinutes;

  log(
    `full scale, do nothing: ${m.population.total} clients, ${m.supernodes.count} supernodes, ${ticks / 60} h ...`,
  );
  const none = timeRun(scenario, [], ticks);
  const fullScale: FullScale = {
    clients: m.population.total,
    supernodes: m.supernodes.count,
    simHours: ticks / 60,
    wallSeconds: round(none.wallMs / 1000, 2),
    peakRssMB: peakRssMB(),
  };

  let historical: BenchResult['historical'];
  const historicalPolicy = scenario.policies['historical'];
  if (historicalPolicy !== undefined) {
    log('full scale, historical policy ...');
    const run = timeRun(scenario, parsePolicy(historicalPolicy), ticks);
    historical = {
      simHours: ticks / 60,
      wallSeconds: round(run.wallMs / 1000, 2),
      msPerSimSecond: round(run.wallMs / (ticks * 60), 4),
    };
  }

  log(`reference model vs fast model, ${REFERENCE_HOURS} h at scale ${REFERENCE_SCALE} ...`);
  const ratio = referenceRatio();

  log('the do-nothing run again in a worker thread ...');
  const workerHash = await hashInWorker({ scenario: 'skype-2010', seed: SEED, ticks });

  const result: BenchResult = {
    fullScale,
    referenceRatio: round(ratio.ratio, 1),
    msPerSimSecond: round(none.wallMs / (ticks * 60), 4),
    ...(historical !== undefined ? { historical } : {}),
    workerHashMatches: workerHash === none.stateHash,
    machine: { cpus: cpus().length, node: process.version },
  };
  fullScale.peakRssMB = peakRssMB();

  if (json) {
    console.log(JSON.stringify(result));
    return;
  }
  const rows: Array<[string, string]> = [
    [
      'full scale',
      `${fullScale.clients} clients, ${fullScale.supernodes} supernodes, ${fullScale.simHours} h`,
    ],
    ['wall (do nothing)', `${fullScale.wallSeconds} s`],
    ['ms per sim second', `${result.msPerSimSecond}`],
    ['peak RSS', `${fullScale.peakRssMB} MB`],
    [
      'historical policy',
      historical !== undefined
        ? `${historical.wallSeconds} s (${historical.msPerSimSecond} ms per sim second)`
        : 'n/a (scenario has no historical policy)',
    ],
    [
      'reference ratio',
      `${result.referenceRatio}x (${ratio.clients} clients, ${REFERENCE_HOURS} h: reference ${Math.round(ratio.referenceMs)} ms, fast ${Math.round(ratio.fastMs)} ms)`,
    ],
    ['worker hash matches', `${result.workerHashMatches} (${none.stateHash} / ${workerHash})`],
    ['machine', `${result.machine.cpus} CPUs, Node ${result.machine.node}`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

main().catch((e: unknown) => {
  console.error(`bench failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
