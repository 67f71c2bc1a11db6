/**
 * Saying a command log to a drill, each entry at its minute: the one loop that turns a policy or a session's
 * log into a run. Every run goes through it: a traced run (scoring/trace.ts `traceLog`: scores, baselines, par's
 * search and finalists, session replays), the host's own `replay` message (Resume drill), a headless drill
 * (`runDrill`, the CLI) and the model-only run (scoring/run.ts `runScenario`, calibration and model tests).
 * They differ only in the drill they say it to and how they advance (a trace steps one tick at a time to keep
 * every tick's metrics; a replay steps straight to the next entry), so both are callbacks. A policy becomes a
 * log with `policyLog`.
 */
import type { LogEntry } from './log';
import type { DrillIn } from './protocol';
import { LEVERS, type LeverName, type Policy } from '../levers/index';
import type { Scenario } from '../scenario/schema';

/** A policy as a log: each command issued by `role` at its minute. */
export function policyLog(policy: Policy, role: string): LogEntry[] {
  return policy.map(({ atMinute, command }) => {
    const { kind, ...args } = command;
    return {
      tick: atMinute,
      kind: 'command',
      role,
      command: kind as LeverName,
      args: args as Record<string, string | number | boolean | null>,
    };
  });
}

/** The role a policy speaks as: the first role of the scenario's timeline that may pull every lever. */
export function policyRole(scenario: Scenario): string {
  const t = scenario.timeline as { roles?: Record<string, string[]> } | undefined;
  const roles = t?.roles ?? {};
  const all = Object.entries(roles).find(([, l]) => LEVERS.every((x) => l.includes(x)));
  return all?.[0] ?? Object.keys(roles)[0] ?? 'incidentCommander';
}

/** `Omit` that keeps a union a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An inbound message without its version field. */
export type DrillInBody = DistributiveOmit<DrillIn, 'v'>;

/** The drill a log is said to. */
export interface LogTarget {
  /** The next tick to be simulated. */
  minute(): number;
  /** Whether the drill is running (a log is said only to a running drill). */
  running(): boolean;
  /** Say one entry at the current minute. */
  say(entry: LogEntry): void;
  /** Simulate `ticks` ticks, or fewer if the drill stops running. */
  advance(ticks: number): void;
}

/** A log that cannot be said: an entry for a minute the drill has already passed. */
export class LogOrderError extends Error {
  override name = 'LogOrderError';
}

/** The inbound message that says a log entry (commands as the role that issued them). */
export function entryMessage(e: LogEntry): DrillInBody {
  switch (e.kind) {
    case 'command':
      return { type: 'command', role: e.role, command: e.command, args: e.args };
    case 'inject':
      return { type: 'fireInject', id: e.id };
    case 'bookmark':
      return { type: 'bookmark', note: e.note };
    case 'end':
      return { type: 'end' };
    case 'status':
      return { type: 'status', event: e.event, role: e.role };
  }
}

/**
 * Say each entry at its tick, before that tick is simulated, advancing between entries, and stop at minute
 * `until` (not simulated) or when the drill stops running. Same-tick entries keep their order. Returns the
 * index of the first entry not said (`log.length` when all were). Throws a LogOrderError for an entry whose
 * tick the drill has already passed.
 */
export function playLog(log: readonly LogEntry[], until: number, target: LogTarget): number {
  let next = 0;
  while (target.running()) {
    const t = target.minute();
    while (next < log.length && log[next]!.tick <= t) {
      const e = log[next]!;
      if (e.tick < t)
        throw new LogOrderError(`log entry ${next} (tick ${e.tick}) is out of order: the drill is at ${t}`);
      next++;
      target.say(e);
      if (!target.running()) break;
    }
    if (!target.running() || t >= until) break;
    const to = next < log.length ? Math.min(until, log[next]!.tick) : until;
    target.advance(Math.max(1, to - t));
  }
  return next;
}
