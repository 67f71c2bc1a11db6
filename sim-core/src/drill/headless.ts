/**
 * A whole drill run headless through the host, for the CLI and batch scoring: the same messages a console
 * would send (start, operator commands at their minutes, step), said by the log player, collected into one
 * result.
 */
import type { Policy } from '../levers/index';
import type { Scenario } from '../scenario/schema';
import type { Phase } from '../timeline/index';
import { createDrillHost } from './host';
import { entryMessage, playLog, policyLog, type DrillInBody } from './log-player';
import type { DrillOut } from './protocol';
import type { Refusal, RunSummary, SeriesRow } from './summary';

/** Options of a headless drill run (`runDrill`). */
export interface DrillRunOptions {
  seed: number;
  /** Simulated hours; defaults to the scenario's length. */
  hours?: number;
  policy?: Policy;
  /** The role policy commands are issued as (default: the first role in the scenario's timeline). */
  role?: string;
  /** End early once full recovery has held, as a live drill does. Default false: run the whole horizon. */
  stopOnFullRecovery?: boolean;
}

/** What a headless drill run returns: the summary, the per-minute series, phases, injects and refusals. */
export interface DrillRunResult {
  summary: RunSummary;
  series: SeriesRow[];
  phases: Array<{ phase: Phase; atMinute: number }>;
  injects: Array<{ id: string; atMinute: number; channel: string }>;
  refused: Refusal[];
  stateHash: string;
}

/** Run a scenario as a drill through the host, stepping as fast as it goes. Throws on an invalid timeline. */
export function runDrill(scenario: Scenario, opts: DrillRunOptions): DrillRunResult {
  const refused: Refusal[] = [];
  const errors: string[] = [];
  const host = createDrillHost(
    scenario,
    opts.seed,
    (m: DrillOut) => {
      if (m.type === 'commandResult' && !m.ok)
        refused.push({ atMinute: m.atMinute, command: m.command, reason: m.reason });
      else if (m.type === 'error') errors.push(m.message);
    },
    { stopOnFullRecovery: opts.stopOnFullRecovery ?? false },
  );
  const role = opts.role ?? Object.keys(host.timeline.roles)[0] ?? 'incidentCommander';
  const minutes = opts.hours !== undefined ? Math.round(opts.hours * 60) : scenario.model.durationMinutes;
  const say = (msg: DrillInBody) => {
    host.receive({ v: 1, ...msg });
    if (errors.length > 0) throw new Error(`drill host: ${errors[0]}`);
  };
  say({ type: 'start' });
  // The log player says each command at its minute and steps straight to the next one.
  playLog(policyLog(opts.policy ?? [], role), minutes, {
    minute: () => host.minute(),
    running: () => host.session() === 'running',
    say: (e) => say(entryMessage(e)),
    advance: (ticks) => say({ type: 'step', ticks }),
  });
  const summary = host.summary();
  const result: DrillRunResult = {
    summary,
    series: host.series(),
    phases: host.phases(),
    injects: host.injects(),
    refused,
    stateHash: summary.stateHash,
  };
  host.dispose();
  return result;
}
