/**
 * `npm run par -- --scenario skype-2010 [--seed N] [--json] [--budget EVALUATIONS] [--workers N]
 *                [--cache-dir DIR] [--no-cache]`
 *
 * Finds par (sim-core/src/scoring/par.ts) with its evaluations spread over worker threads, caches it per
 * scenario id + version + seed + model version, and prints the par policy in the policy-file format with its
 * score. A progress bar with an estimate goes to stderr when stderr is a terminal. Bad input exits with code 2
 * and one line. Also home of `scoreRun`, the Node-side entry that scores a finished CLI run (it needs the
 * cache, a file system and, the first time, threads).
 */
import { FlagReader, terminalSafe, UsageError } from './args';
import { writeOutFile } from './out-file';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { SEED_MAX, SEED_MIN, type DrillRunResult } from '../src/drill/index';
import type { Policy } from '../src/levers/index';
import { builtinScenario, ScenarioError, type Scenario } from '../src/scenario/index';
import { computePar, DEFAULT_BUDGET, type ParProgress, type ParResult } from '../src/scoring/par';
import { parPool, parResultFits, type ParPool } from '../src/scoring/par-pool';
import { scoreTrace, type Score } from '../src/scoring/score';
import { tracePolicy } from '../src/scoring/trace';
import { modelVersion } from '../src/scoring/version';
import { parPort, spawnParWorker } from './par-worker';

/** Where par results are cached unless --cache-dir says otherwise. */
export const DEFAULT_CACHE_DIR = path.resolve(
  __dirname,
  '..',
  '..',
  'node_modules',
  '.cache',
  'cascade-drill',
  'par',
);

interface Args {
  scenario: string;
  seed: number;
  json: boolean;
  budget: number;
  workers: number;
  cacheDir: string;
  useCache: boolean;
}

const USAGE =
  'usage: npm run par -- --scenario skype-2010 [--seed N] [--json] [--budget EVALUATIONS] [--workers N] [--cache-dir DIR] [--no-cache]';

/** Parse argv (without node and script). Throws a UsageError with one line. */
export function parseArgs(argv: string[]): Args {
  const a: Args = {
    scenario: '',
    seed: 1,
    json: false,
    budget: DEFAULT_BUDGET,
    workers: Math.max(1, Math.min(2, availableParallelism())),
    cacheDir: DEFAULT_CACHE_DIR,
    useCache: true,
  };
  const r = new FlagReader(argv, USAGE);
  for (let flag = r.next(); flag !== null; flag = r.next()) {
    switch (flag) {
      case '--scenario':
        a.scenario = r.value();
        break;
      case '--seed':
        a.seed = r.int(SEED_MIN, SEED_MAX);
        break;
      case '--json':
        a.json = true;
        break;
      case '--budget':
        a.budget = r.int(20, 100_000);
        break;
      case '--workers':
        a.workers = r.int(1, 64);
        break;
      case '--cache-dir':
        a.cacheDir = path.resolve(r.value());
        break;
      case '--no-cache':
        a.useCache = false;
        break;
      default:
        r.unknown();
    }
  }
  if (!a.scenario) throw new UsageError(`--scenario is required; ${USAGE}`);
  return a;
}

// ---- cache ----------------------------------------------------------------------------------------------

/** The cache file of a scenario, seed and model version. */
export function cacheFile(dir: string, scenario: Scenario, seed: number, model: string): string {
  return path.join(dir, `${scenario.id}-v${scenario.version}-seed${seed}-${model}.json`);
}

/** A cached par that fits (same keys, versions and at least `budget` evaluations), or null. */
export function readCache(file: string, scenario: Scenario, seed: number, model: string, budget: number) {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
  return parResultFits(raw, scenario, seed, model, budget);
}

function writeCache(file: string, result: ParResult): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeOutFile(file, JSON.stringify(result));
}

// ---- threads --------------------------------------------------------------------------------------------

/** A pool of par workers for one scenario (the pool itself is sim-core's, shared with the console). */
export type WorkerPool = ParPool;

/** Start `n` par worker threads for a scenario (`background`: at lowered priority, see spawnParWorker). */
export function workerPool(scenario: Scenario, n: number, opts: { background?: boolean } = {}): WorkerPool {
  return parPool(Array.from({ length: n }, () => parPort(spawnParWorker(scenario, opts))));
}

// ---- progress -------------------------------------------------------------------------------------------

/** One progress line: a bar, the stage, the best proxy loss and an estimate of the time left. */
export function progressLine(p: ParProgress, elapsedMs: number, width = 28): string {
  const f = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const fill = Math.round(f * width);
  const eta = p.done > 0 && f < 1 ? Math.round(((elapsedMs / p.done) * (p.total - p.done)) / 1000) : null;
  const best = p.bestLoss === null ? '' : ` · best proxy loss ${(p.bestLoss / 60).toExponential(2)} user-h`;
  return `[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${(f * 100).toFixed(0).padStart(3)}% ${p.stage}${best}${eta === null ? ` · ${Math.round(elapsedMs / 1000)} s` : ` · ETA ${eta} s`}`;
}

// ---- par ------------------------------------------------------------------------------------------------

/** The par of a scenario and seed: from the cache, else computed on worker threads (and cached). */
export async function findPar(
  scenario: Scenario,
  seed: number,
  opts: {
    budget?: number;
    workers?: number;
    cacheDir?: string;
    useCache?: boolean;
    /** Reuse a pool (the caller closes it); otherwise one is started and closed here. */
    pool?: WorkerPool;
    /** Threads started here run at lowered priority (a live drill shares the process). */
    background?: boolean;
    onProgress?: (p: ParProgress) => void;
  } = {},
): Promise<{
  result: ParResult;
  cached: boolean;
  wallSeconds: number;
  /** Wall seconds per stage (empty when cached). */
  stages: Record<string, number>;
  file: string;
}> {
  const started = performance.now();
  const stages: Record<string, number> = {};
  const model = modelVersion(scenario);
  const budget = opts.budget ?? DEFAULT_BUDGET;
  const file = cacheFile(opts.cacheDir ?? DEFAULT_CACHE_DIR, scenario, seed, model);
  if (opts.useCache !== false) {
    const hit = readCache(file, scenario, seed, model, budget);
    if (hit)
      return { result: hit, cached: true, wallSeconds: (performance.now() - started) / 1000, stages, file };
  }
  const pool = opts.pool ?? workerPool(scenario, opts.workers ?? 2, { background: opts.background === true });
  const runner = pool.runner(seed);
  let stage = 'start';
  let stageAt = started;
  try {
    const result = await computePar(scenario, seed, runner, {
      budget,
      modelVersion: model,
      onProgress: (p) => {
        if (p.stage !== stage) {
          const now = performance.now();
          stages[stage] = Math.round(now - stageAt) / 1000;
          stage = p.stage;
          stageAt = now;
        }
        opts.onProgress?.(p);
      },
    });
    if (opts.useCache !== false) writeCache(file, result);
    return { result, cached: false, wallSeconds: (performance.now() - started) / 1000, stages, file };
  } finally {
    if (!opts.pool) await pool.close();
  }
}

/** Par's own score card (par = 100; the 2010 response and doing nothing on the same scale). */
export function parScore(scenario: Scenario, r: ParResult): Score {
  return scoreTrace(scenario, r.seed, r.traces.par, r.traces);
}

function render(
  scenario: Scenario,
  r: ParResult,
  score: Score,
  run: { cached: boolean; wall: number; stages: Record<string, number> },
  json: boolean,
) {
  const { cached, wall } = run;
  const searchSeconds = run.stages['search'];
  const evalRate = cached || !searchSeconds ? null : r.search.evaluations / searchSeconds;
  if (json)
    return (
      JSON.stringify({
        scenario: scenario.id,
        seed: r.seed,
        modelVersion: r.modelVersion,
        policy: r.policy,
        source: r.source,
        score: {
          par: score.headline,
          historical: score.historical?.headline ?? null,
          doNothing: 0,
          measures: { par: score.par, historical: score.historical, doNothing: score.doNothing },
          explanations: score.explanations,
        },
        earliestMinute: r.earliestMinute,
        proxyScale: r.proxyScale,
        search: r.search,
        finalistLosses: r.finalistLosses,
        cached,
        wallSeconds: Math.round(wall * 10) / 10,
        stageSeconds: run.stages,
        evaluationsPerSecond: evalRate === null ? null : Math.round(evalRate * 10) / 10,
      }) + '\n'
    );
  const uh = (m: number) => `${(m / 60 / 1e6).toFixed(2)}M user-h`;
  const usd = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
  const lines = [
    `par for ${scenario.id} v${scenario.version}, seed ${r.seed} (model ${r.modelVersion})`,
    cached
      ? 'from the cache'
      : `${wall.toFixed(1)} s: ${Object.entries(run.stages)
          .filter(([k]) => k !== 'start')
          .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
          .join(
            ', ',
          )}; ${r.search.evaluations} proxy evaluations at 1/${Math.round(1 / r.proxyScale)} scale (${(evalRate ?? 0).toFixed(1)}/s)`,
    `source: ${r.source}; commands allowed from minute ${r.earliestMinute} (the drill's start, as for a trainee)`,
    '',
    JSON.stringify(r.policy, null, 2),
    '',
    `score        par 100 · 2010 response ${score.historical ? score.historical.headline.toFixed(1) : 'n/a'} · doing nothing 0`,
    `lost         par ${uh(score.par.userMinutesLost)} · 2010 ${score.historical ? uh(score.historical.userMinutesLost) : 'n/a'} · nothing ${uh(score.doNothing.userMinutesLost)}`,
    `cost         par ${usd(score.par.cost.totalUsd)} · 2010 ${score.historical ? usd(score.historical.cost.totalUsd) : 'n/a'}`,
  ];
  return lines.join('\n') + '\n';
}

/** Entry point; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: Args;
  let scenario: Scenario;
  try {
    args = parseArgs(argv);
    scenario = builtinScenario(args.scenario);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      process.stderr.write(`par: ${terminalSafe(e.message)}\n`);
      return 2;
    }
    throw e;
  }
  try {
    const tty = process.stderr.isTTY === true;
    const t0 = performance.now();
    let lastDraw = 0;
    const { result, cached, wallSeconds, stages } = await findPar(scenario, args.seed, {
      budget: args.budget,
      workers: args.workers,
      cacheDir: args.cacheDir,
      useCache: args.useCache,
      onProgress: tty
        ? (p) => {
            const now = performance.now();
            if (now - lastDraw < 100 && p.stage !== 'done') return;
            lastDraw = now;
            process.stderr.write(`\r${progressLine(p, now - t0)}\x1b[K`);
          }
        : undefined,
    });
    if (tty && !cached) process.stderr.write('\n');
    process.stdout.write(
      render(scenario, result, parScore(scenario, result), { cached, wall: wallSeconds, stages }, args.json),
    );
    return 0;
  } catch (e) {
    process.stderr.write(`par: ${terminalSafe(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  }
}

// ---- scoring a CLI run ----------------------------------------------------------------------------------

/**
 * Score a finished `npm run sim` run: the run is traced again from its policy (the trace must reproduce the
 * run's state hash), and compared with do-nothing, the 2010 response and par on the same seed. Par comes
 * from the cache; if it is not there, this blocks while `npm run par` computes it on worker threads (once per
 * scenario, seed and model version). Synchronous, so the sim CLI stays synchronous.
 */
export function scoreRun(
  scenario: Scenario,
  seed: number,
  result: Pick<DrillRunResult, 'series' | 'stateHash'>,
  policy: Policy,
  opts: { cacheDir?: string } = {},
): Score {
  const model = modelVersion(scenario);
  const dir = opts.cacheDir ?? DEFAULT_CACHE_DIR;
  const file = cacheFile(dir, scenario, seed, model);
  let par = readCache(file, scenario, seed, model, 0);
  if (!par) {
    let builtin: Scenario | null;
    try {
      builtin = builtinScenario(scenario.id);
    } catch {
      builtin = null;
    }
    if (!builtin || modelVersion(builtin) !== model)
      throw new Error(
        `no cached par for ${scenario.id} seed ${seed}, and only built-in scenarios can be searched here`,
      );
    const r = spawnSync(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        path.join(__dirname, 'par.ts'),
        '--scenario',
        scenario.id,
        '--seed',
        String(seed),
        '--json',
        '--cache-dir',
        dir,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`computing par failed (exit ${r.status ?? r.signal})`);
    par = readCache(file, scenario, seed, model, 0);
    if (!par) throw new Error('par was computed but could not be read back from the cache');
  }
  // Scored over the whole window: a run shorter than the horizon (--hours) goes on with its standing orders.
  const trace = tracePolicy(scenario, seed, policy, { minutes: result.series.length, toHorizon: true });
  if (trace.liveStateHash !== result.stateHash)
    throw new Error(
      `re-running the policy gave state hash ${trace.liveStateHash}, the run had ${result.stateHash}`,
    );
  return scoreTrace(scenario, seed, trace, par.traces);
}

if (process.argv[1] && /cli[\\/]par\.ts$/.test(process.argv[1]))
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
