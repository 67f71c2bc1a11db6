/**
 * Run a scenario under a policy straight on the model (no drill host) and summarise it with the drill's run
 * summary (drill/summary.ts). Used by the calibration tests, par's search and benchmarks.
 */
import {
  createSim,
  metrics,
  step,
  type ModelCommand,
  type Sim,
  type SimInput,
  type SimMetrics,
} from '../model/index';
import { checkLever, type Policy } from '../levers/index';
import type { Scenario } from '../scenario/schema';
import {
  SummaryAccumulator,
  seriesRow,
  type Refusal,
  type RunSummary,
  type SeriesRow,
} from '../drill/summary';

/** @deprecated The run summary lives in drill/summary.ts; these names are kept for existing importers. */
export {
  SummaryAccumulator,
  seriesRow,
  type Refusal,
  type RunSummary,
  type SeriesRow,
} from '../drill/summary';

/** Options of `runScenario`. */
export interface RunOptions {
  seed: number;
  /** Simulated hours; defaults to the scenario's length. */
  hours?: number;
  policy?: Policy;
  /** Called after every tick with the sim (read-only use). */
  onTick?: (sim: Sim, m: SimMetrics) => void;
}

/** What `runScenario` returns: the summary, the per-minute series, refused commands and the final sim. */
export interface RunResult {
  summary: RunSummary;
  series: SeriesRow[];
  refused: Refusal[];
  sim: Sim;
}

/** Run from tick 0 to the end and summarise. */
export function runScenario(scenario: Scenario, opts: RunOptions): RunResult {
  const sim = createSim(scenario, opts.seed);
  const minutes = opts.hours !== undefined ? Math.round(opts.hours * 60) : scenario.model.durationMinutes;
  const policy = opts.policy ?? [];
  const series: SeriesRow[] = [];
  const refused: Refusal[] = [];
  const acc = new SummaryAccumulator(scenario);
  let next = 0;
  for (let t = 0; t < minutes; t++) {
    const inputs: SimInput[] = [];
    const accepted: ModelCommand[] = [];
    while (next < policy.length && policy[next]!.atMinute <= t) {
      const entry = policy[next++]!;
      const c = checkLever(sim, entry.command, accepted);
      if (c.ok) {
        inputs.push({ ...c.command, tick: t });
        accepted.push(c.command);
      } else refused.push({ atMinute: t, command: entry.command.kind, reason: c.reason });
    }
    step(sim, inputs);
    const m = metrics(sim);
    acc.add(sim, m);
    series.push(seriesRow(m));
    opts.onTick?.(sim, m);
  }
  return { summary: acc.finish(sim), series, refused, sim };
}
