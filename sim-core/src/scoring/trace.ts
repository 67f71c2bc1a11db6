/**
 * Traced runs: a drill run through the drill host, one tick at a time, keeping every tick's metrics that a
 * score needs. Scores, baselines, par finalists and session replays all come from here, so the trace of a
 * policy and the trace of a replayed session are made the same way, by the same host that ran the drill.
 *
 * A run is described by its log: what was said to the host, at which minute, by whom. A policy becomes a log
 * of operator commands issued by one role; a session's log is what the people in the room said.
 */
import { createDrillHost } from '../drill/host';
import {
  entryMessage,
  LogOrderError,
  playLog,
  policyLog,
  policyRole,
  type DrillInBody,
} from '../drill/log-player';
import type { LogEntry } from '../drill/log';
import type { DrillOut } from '../drill/protocol';
import type { RunSummary } from '../drill/summary';
import type { LeverName, Policy } from '../levers/index';
import type { ModelCommand, SimMetrics } from '../model/index';
import type { Scenario } from '../scenario/schema';
import type { Phase } from '../timeline/index';

/** The metrics a traced tick keeps: what costs and explanations need (the model's own field names). */
const TRACE_FIELDS = [
  'minuteOfDay',
  'online',
  'expectedOnline',
  'supernodesAlive',
  'supernodesProtecting',
  'supernodesWarming',
  'supernodesDead',
  'dedicatedSupernodes',
  'dedicatedProvisioning',
  'omLatencyMs',
  'omEnabled',
  'groupVideoEnabled',
  'crashed',
  'crashesThisTick',
  'searching',
  'updating',
  'updatesCompletedThisTick',
  'rolloutFraction',
  'loginThrottlePerMinute',
  'backoffEnabled',
  'costUsd',
  'serverCostUsd',
  'updateCostUsd',
  'userMinutesLost',
] as const satisfies ReadonlyArray<keyof SimMetrics>;

/**
 * One tick of a traced run: `minute` plus a subset of the model's SimMetrics, typed from it. Cumulative costUsd
 * and userMinutesLost stay exact (not rounded): scores are differences of these.
 */
export type TraceRow = { minute: number } & Pick<SimMetrics, (typeof TRACE_FIELDS)[number]>;

/** The trace row of one tick's metrics. */
export function traceRow(m: SimMetrics): TraceRow {
  const row: Record<string, unknown> = { minute: m.tick };
  for (const k of TRACE_FIELDS) row[k] = m[k];
  row['omLatencyMs'] = Math.round(m.omLatencyMs);
  return row as TraceRow;
}

/** @deprecated The drill log lives in drill/log.ts; these names are kept for existing importers. */
export { FACILITATOR, type LogEntry } from '../drill/log';

/** What became of one logged operator command. */
export interface Decision {
  minute: number;
  role: string;
  command: LeverName;
  args: Record<string, string | number | boolean | null>;
  ok: boolean;
  /** Accepted: the minute it takes effect. */
  takesEffectAtMinute: number | null;
  /** Refused: the check that failed and why. */
  check: string | null;
  reason: string | null;
}

/** A whole traced run. Plain JSON: it is cached, posted between threads and compared in tests. */
export interface RunTrace {
  rows: TraceRow[];
  phases: Array<{ phase: Phase; atMinute: number }>;
  injects: Array<{ id: string; atMinute: number; channel: string }>;
  decisions: Decision[];
  bookmarks: Array<{ atMinute: number; note: string }>;
  /** Minutes simulated. */
  minutes: number;
  endReason: string | null;
  stateHash: string;
  summary: RunSummary;
  /**
   * Where the drill itself ended: the minute and the state hash there. A run traced to the horizon after the
   * drill ended early (`toHorizon`) went on from here with its standing orders and no new commands; otherwise
   * these equal `minutes` and `stateHash`.
   */
  liveMinutes: number;
  liveStateHash: string;
}

/** Options of a traced run. */
export interface TraceOptions {
  /** Stop after this many minutes (default: the scenario's length). */
  minutes?: number;
  /** End once full recovery has held, as a live drill does (default false: run the whole horizon). */
  stopOnFullRecovery?: boolean;
  /**
   * Score a drill that ended early over the whole scoring window: say the log up to where the drill ended
   * (`minutes`, or the log's `end` entry, whichever is first), then go on to the scenario's horizon with the
   * standing orders and no new commands. `stopOnFullRecovery` is not used: pass the minute the drill ended.
   */
  toHorizon?: boolean;
  /**
   * Stop as soon as a tick's row satisfies this (the trace then ends at that tick, short of its length): par's
   * search stops a candidate whose loss, which only grows, is already clearly worse than the best found.
   */
  stopWhen?: (row: TraceRow) => boolean;
}

/** A policy as a log, and the role it speaks as: the log player's (kept here for existing importers). */
export { policyLog, policyRole } from '../drill/log-player';

/** A model command in the policy-file format `{ atMinute, command, ...args }`. */
export function policyFileEntry(atMinute: number, c: ModelCommand): Record<string, unknown> {
  const { kind, ...args } = c;
  return { atMinute, command: kind, ...args };
}

/** A run's failure to follow its log (an entry the host rejected as a message, not as a lever refusal). */
export class TraceError extends Error {
  override name = 'TraceError';
}

/**
 * What of a log is said to the drill, and up to which minute: with `toHorizon`, everything before the log's
 * `end` entry (a drill traced on to the horizon is not told it ended) and no further than that entry's minute.
 */
export function sayableLog(
  scenario: Scenario,
  log: readonly LogEntry[],
  opts: Pick<TraceOptions, 'minutes' | 'toHorizon'>,
): { said: readonly LogEntry[]; minutes: number; endAt: number } {
  const horizon = scenario.model.durationMinutes;
  const endAt = opts.toHorizon ? log.findIndex((e) => e.kind === 'end') : -1;
  const said = endAt >= 0 ? log.slice(0, endAt) : log;
  const minutes = Math.min(opts.minutes ?? horizon, horizon, endAt >= 0 ? log[endAt]!.tick : horizon);
  return { said, minutes, endAt };
}

/**
 * A traced run fed as it goes (the console traces a live drill's log behind it, so its score is ready when the
 * drill ends): say a log up to a minute, as often as the log grows, then `finish`. Each `playTo` is given the
 * whole log so far (already cut by `sayableLog`); the tracer says only the entries it has not said yet.
 */
export interface Tracer {
  /**
   * Say the log's new entries, each at its tick, simulating one tick at a time up to minute `until` (not
   * simulated; entries at `until` are said). Throws a TraceError if the host rejects an entry or an entry
   * is for a minute already simulated.
   */
  playTo(log: readonly LogEntry[], until: number): void;
  /** The next tick to be simulated. */
  minute(): number;
  /** How many entries of the log have been said. */
  said(): number;
  /** Whether `stopWhen` stopped the run. */
  stopped(): boolean;
  /** The model's state hash now. */
  hash(): string;
  /**
   * The drill ends here: with `toHorizon` the standing orders play on to the scenario's horizon (nothing new is
   * said). Returns the trace; `live` gives the minute and hash where the drill ended when they are known
   * already (default: here).
   */
  finish(live?: { minute: number; stateHash: string }): RunTrace;
  dispose(): void;
}

/** A tracer on a new drill host (see Tracer). */
export function createTracer(
  scenario: Scenario,
  seed: number,
  opts: Pick<TraceOptions, 'stopOnFullRecovery' | 'toHorizon' | 'stopWhen'> = {},
): Tracer {
  const rows: TraceRow[] = [];
  const decisions: Decision[] = [];
  let pending: Omit<Decision, 'ok' | 'takesEffectAtMinute' | 'check' | 'reason'> | null = null;
  let endReason: string | null = null;
  let stopped = false;
  let said = 0;
  const errors: string[] = [];
  const host = createDrillHost(
    scenario,
    seed,
    (m: DrillOut) => {
      if (m.type === 'metrics' && m.view === 'supernodes') {
        const row = traceRow(m.last);
        rows.push(row);
        if (opts.stopWhen?.(row)) stopped = true;
      } else if (m.type === 'commandResult' && pending) {
        decisions.push(
          m.ok
            ? { ...pending, ok: true, takesEffectAtMinute: m.takesEffectAtMinute, check: null, reason: null }
            : { ...pending, ok: false, takesEffectAtMinute: null, check: m.check, reason: m.reason },
        );
        pending = null;
      } else if (m.type === 'session' && m.state === 'ended') endReason = m.endReason;
      else if (m.type === 'error') errors.push(m.message);
    },
    {
      stopOnFullRecovery: !(opts.toHorizon ?? false) && (opts.stopOnFullRecovery ?? false),
      // A trace reads metrics, results and the session: no view snapshots, no checkpoints.
      traceOnly: true,
    },
  );
  const say = (msg: DrillInBody) => {
    host.receive({ v: 1, ...msg });
    if (errors.length > 0) throw new TraceError(`drill host: ${errors[0]}`);
  };
  try {
    say({ type: 'start' });
  } catch (e) {
    host.dispose();
    throw e;
  }
  const running = () => !stopped && host.session() === 'running';
  return {
    playTo(log, until) {
      try {
        said += playLog(log.slice(said), Math.min(until, scenario.model.durationMinutes), {
          minute: () => host.minute(),
          running,
          say: (e) => {
            if (e.kind === 'command')
              pending = {
                minute: host.minute(),
                role: e.role,
                command: e.command as LeverName,
                args: { ...e.args },
              };
            say(entryMessage(e));
            pending = null;
          },
          // One tick at a time: each tick's metrics message carries the full metrics of that tick only.
          advance: (ticks) => {
            for (let i = 0; i < ticks && running(); i++) say({ type: 'step', ticks: 1 });
          },
        });
      } catch (e) {
        if (e instanceof LogOrderError) throw new TraceError(e.message);
        throw e;
      }
    },
    minute: () => host.minute(),
    said: () => said,
    stopped: () => stopped,
    hash: () => host.hash(),
    finish(live) {
      const liveMinutes = live?.minute ?? host.minute();
      const liveStateHash = live?.stateHash ?? host.hash();
      // The standing orders play out to the horizon: pending commands still take effect; nothing new is said.
      if (opts.toHorizon)
        while (running() && host.minute() < scenario.model.durationMinutes) say({ type: 'step', ticks: 1 });
      const summary = host.summary();
      return {
        rows: rows.slice(),
        phases: host.phases(),
        injects: host.injects(),
        decisions: decisions.slice(),
        bookmarks: host
          .log()
          .flatMap((x) =>
            x.event.type === 'facilitator.bookmark' ? [{ atMinute: x.minute, note: x.event.note }] : [],
          ),
        minutes: host.minute(),
        endReason,
        stateHash: summary.stateHash,
        summary,
        liveMinutes,
        liveStateHash,
      };
    },
    dispose: () => host.dispose(),
  };
}

/**
 * Run a log through a drill host one tick at a time and trace it. Entries are said at their minute, before
 * that minute is simulated (`playLog`, the same loop the host's `replay` message uses). Throws a TraceError if the host rejects a message (a malformed entry) or an entry
 * is out of order.
 */
export function traceLog(
  scenario: Scenario,
  seed: number,
  log: readonly LogEntry[],
  opts: TraceOptions = {},
): RunTrace {
  const { said, minutes, endAt } = sayableLog(scenario, log, opts);
  const tracer = createTracer(scenario, seed, opts);
  try {
    tracer.playTo(said, minutes);
    const next = tracer.said();
    if (!tracer.stopped() && next < said.length && said[next]!.tick < tracer.minute())
      throw new TraceError(`log entry at tick ${said[next]!.tick} came after the drill ended`);
    if (endAt >= 0 && endAt + 1 < log.length)
      throw new TraceError(`log entry at tick ${log[endAt + 1]!.tick} came after the drill ended`);
    return tracer.finish();
  } finally {
    tracer.dispose();
  }
}

/** Trace a policy (commands issued by the scenario's all-lever role). */
export function tracePolicy(
  scenario: Scenario,
  seed: number,
  policy: Policy,
  opts: TraceOptions = {},
): RunTrace {
  return traceLog(scenario, seed, policyLog(policy, policyRole(scenario)), opts);
}
