/**
 * A whole drill run headless through the host, for the CLI and batch scoring: the same messages a console
 * would send (start, operator commands at their minutes, step), collected into one result.
 */
import type { Policy } from '../levers/index';
import type { Scenario } from '../scenario/schema';
import type { Phase } from '../timeline/index';
import { createDrillHost } from './host';
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
  const policy = opts.policy ?? [];
  host.receive({ v: 1, type: 'start' });
  let next = 0;
  while (host.minute() < minutes && host.session() === 'running') {
    while (next < policy.length && policy[next]!.atMinute <= host.minute()) {
      const { kind, ...args } = policy[next++]!.command;
      host.receive({ v: 1, type: 'command', role, command: kind, args });
    }
    const until = Math.min(minutes, next < policy.length ? policy[next]!.atMinute : minutes);
    host.receive({ v: 1, type: 'step', ticks: Math.max(1, until - host.minute()) });
    if (errors.length > 0) throw new Error(`drill host: ${errors[0]}`);
  }
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
