/**
 * Following a live drill: a tracer behind it, fed the drill's log as it grows and the minute the drill has
 * reached, so that when the drill ends only the minutes since the last feed (and, for a drill that ended early,
 * its standing orders on to the horizon) are left to trace before it is scored. The console's analysis worker
 * and a team drill's host follow with this same code.
 *
 * The drill may seek and branch: a log that no longer starts with what was said (a branch dropped entries), or
 * that has a new entry for a minute already traced, starts the trace over.
 */
import type { LogEntry } from '../drill/log';
import type { Scenario } from '../scenario/schema';
import { createTracer, sayableLog, type RunTrace, type Tracer } from './trace';

/** A tracer that follows a live drill (see the module comment). */
export interface Follower {
  /** Trace up to (not including) minute `until` with the drill's whole log so far. Never throws; see error(). */
  followTo(log: readonly LogEntry[], until: number): void;
  /** The next minute the trace will simulate. */
  minute(): number;
  /**
   * The drill ended at `until` with this log: trace what is left, then play the standing orders on to the
   * scenario's horizon. Throws if following failed (the reason of error()).
   */
  finish(log: readonly LogEntry[], until: number): RunTrace;
  /** Why following stopped (a log the host rejects), or null. */
  error(): string | null;
  dispose(): void;
}

/** Follow a drill of `scenario` (as it runs, scaled) and `seed`, scored to the horizon as a session is. */
export function createFollower(scenario: Scenario, seed: number): Follower {
  const make = (): Tracer => createTracer(scenario, seed, { toHorizon: true });
  let tracer = make();
  /** The entries said so far, as JSON (compared with each new log). */
  let said: string[] = [];
  let failed: string | null = null;
  const to = (whole: readonly LogEntry[], until: number): void => {
    // As a session is replayed: scored to the horizon, so the drill is not told it ended (sessions/replay.ts).
    const { said: log, minutes } = sayableLog(scenario, whole, { minutes: until, toHorizon: true });
    const next = log[said.length];
    const keeps =
      said.length <= log.length &&
      said.every((e, i) => e === JSON.stringify(log[i])) &&
      !(next && next.tick < tracer.minute());
    if (!keeps) {
      tracer.dispose();
      tracer = make();
      said = [];
    }
    tracer.playTo(log, minutes);
    said = log.slice(0, tracer.said()).map((e) => JSON.stringify(e));
  };
  return {
    followTo(log, until) {
      if (failed) return;
      try {
        to(log, until);
      } catch (e) {
        failed = e instanceof Error ? e.message : String(e);
      }
    },
    minute: () => tracer.minute(),
    finish(log, until) {
      if (!failed)
        try {
          to(log, until);
        } catch (e) {
          failed = e instanceof Error ? e.message : String(e);
        }
      if (failed) throw new Error(failed);
      return tracer.finish();
    },
    error: () => failed,
    dispose: () => tracer.dispose(),
  };
}
