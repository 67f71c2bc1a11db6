/**
 * Run a scenario under a policy straight on the model (no drill host) and summarise it with the drill's run
 * summary (drill/summary.ts). Used by the calibration tests, par's search and benchmarks.
 */
import {
  createSim,
  currentTick,
  metrics,
  step,
  type ModelCommand,
  type Sim,
  type SimInput,
  type SimMetrics,
} from '../model/index';
import { checkLever, parseLever, type Policy } from '../levers/index';
import { playLog, policyLog } from '../drill/log-player';
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

/**
 * Run from tick 0 to the end and summarise: the policy said by the log player (drill/log-player.ts, the loop
 * every run goes through) to the model alone, with no timeline (no injects, no roles). Scored runs go through
 * the drill host instead (scoring/trace.ts); this one is for the model's calibration and tests.
 */
export function runScenario(scenario: Scenario, opts: RunOptions): RunResult {
  const sim = createSim(scenario, opts.seed);
  const minutes = opts.hours !== undefined ? Math.round(opts.hours * 60) : scenario.model.durationMinutes;
  const series: SeriesRow[] = [];
  const refused: Refusal[] = [];
  const acc = new SummaryAccumulator(scenario);
  let inputs: SimInput[] = [];
  let accepted: ModelCommand[] = [];
  playLog(policyLog(opts.policy ?? [], 'model'), minutes, {
    minute: () => currentTick(sim),
    running: () => true,
    say: (e) => {
      if (e.kind !== 'command') return;
      const t = currentTick(sim);
      const parsed = parseLever({ command: e.command, ...e.args });
      const c = parsed.ok ? checkLever(sim, parsed.command, accepted) : parsed;
      if (c.ok) {
        inputs.push({ ...c.command, tick: t });
        accepted.push(c.command);
      } else refused.push({ atMinute: t, command: e.command, reason: c.reason });
    },
    advance: (ticks) => {
      for (let i = 0; i < ticks; i++) {
        step(sim, inputs);
        inputs = [];
        accepted = [];
        const m = metrics(sim);
        acc.add(sim, m);
        series.push(seriesRow(m));
        opts.onTick?.(sim, m);
      }
    },
  });
  return { summary: acc.finish(sim), series, refused, sim };
}
