/**
 * `npx tsx sim-core/bench/scores.ts [--scale F] [--seeds 1,2,3] [--budget N] [--workers N]`: the score of
 * doing nothing, the 2010 response, par, each expert policy and each degenerate policy (sim-core/test/
 * expert-policies.ts) on skype-2010, per seed: the table in docs/scoring.md. Par is computed with the cache
 * off on worker threads; the load average is printed with the table.
 */
import { availableParallelism, loadavg } from 'node:os';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { computePar, DEFAULT_BUDGET } from '../src/scoring/par';
import { firstSignMinute, scoreTrace } from '../src/scoring/score';
import { modelVersion } from '../src/scoring/version';
import { workerPool } from '../cli/par';
import { degeneratePolicies, expertPolicies } from '../test/expert-policies';

function parse(argv: string[]) {
  const a = {
    scale: 0.01,
    seeds: [1, 2, 3],
    budget: DEFAULT_BUDGET,
    workers: Math.min(2, availableParallelism()),
  };
  for (let i = 0; i < argv.length; i += 2) {
    const f = argv[i]!;
    const v = argv[i + 1] ?? '';
    if (f === '--scale' && Number(v) > 0 && Number(v) <= 1) a.scale = Number(v);
    else if (f === '--seeds' && /^\d+(,\d+)*$/.test(v)) a.seeds = v.split(',').map(Number);
    else if (f === '--budget' && /^\d+$/.test(v)) a.budget = Number(v);
    else if (f === '--workers' && /^\d+$/.test(v) && Number(v) >= 1) a.workers = Number(v);
    else throw new Error(`bad argument "${f} ${v}"`);
  }
  return a;
}

async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(argv);
  } catch (e) {
    process.stderr.write(`bench:scores: ${(e as Error).message}\n`);
    return 2;
  }
  const base = builtinScenario('skype-2010');
  const scenario = args.scale < 1 ? scaleScenario(base, args.scale) : base;
  const pool = workerPool(scenario, args.workers);
  const loadBefore = loadavg()[0]!;
  const rows = new Map<string, string[]>();
  const add = (name: string, cell: string) => rows.set(name, [...(rows.get(name) ?? []), cell]);
  try {
    for (const seed of args.seeds) {
      const t0 = performance.now();
      const par = await computePar(scenario, seed, pool.runner(seed), {
        budget: args.budget,
        modelVersion: modelVersion(scenario),
      });
      const parSeconds = (performance.now() - t0) / 1000;
      const f = firstSignMinute(par.traces.doNothing)!;
      const named = { ...expertPolicies(scenario, f), ...degeneratePolicies(scenario) };
      const traces = await pool.runner(seed).trace(Object.values(named));
      const cell = (t: (typeof traces)[number]) => {
        const s = scoreTrace(scenario, seed, t, par.traces);
        return `${s.headline.toFixed(1)} ${s.grade} (${(s.run.loss / 60 / 1e6).toFixed(2)}M)`;
      };
      add('doing nothing', cell(par.traces.doNothing));
      if (par.traces.historical) add('the 2010 response', cell(par.traces.historical));
      add(`par`, cell(par.traces.par));
      Object.keys(named).forEach((k, i) => add(k, cell(traces[i]!)));
      add('par search (s)', parSeconds.toFixed(1));
      add('par policy', par.policy.map((e) => `${String(e['atMinute'])} ${String(e['command'])}`).join('; '));
      const ppd = scoreTrace(scenario, seed, par.traces.par, par.traces).pointsPerDoubling;
      add('points per doubling', ppd.toFixed(1));
    }
  } finally {
    await pool.close();
  }
  const out = [
    `skype-2010 at scale ${args.scale}, par budget ${args.budget}, ${args.workers} workers; headline grade (loss, M user-hours)`,
    `| policy | ${args.seeds.map((s) => `seed ${s}`).join(' | ')} |`,
    `| --- | ${args.seeds.map(() => '---').join(' | ')} |`,
    ...[...rows].map(([k, v]) => `| ${k} | ${v.join(' | ')} |`),
    `load average before / after: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} CPUs`,
  ];
  process.stdout.write(out.join('\n') + '\n');
  return 0;
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
