/**
 * Pure parts of the debrief: what the session file says about the run (decisions, bookmarks), the model's
 * known limits (docs/model.md), and the comparison with doing nothing, computed on demand by replaying.
 */
import type { Scenario } from '../../../../sim-core/src/scenario/schema';
import { costBreakdown, lossOf } from '../../../../sim-core/src/scoring/score';
import { traceLog } from '../../../../sim-core/src/scoring/trace';
import { replaySession, sessionScenario, type SessionFile } from '../../../../sim-core/src/sessions/index';

/** docs/model.md, "Known limits", in one line each. */
export const MODEL_LIMITS: readonly string[] = [
  'The supernode layer is bistable; where its tipping point falls depends on calibrated, unpublished parameters (capacity slack, warm-up, protection tolerance).',
  'The peak supernode load is 18× normal, below the ≈100× in the post-mortem (which may count offered traffic at the busiest supernodes).',
  'The historical recovery depends on the timing of login throttling reconstructed from press statements, not from a published schedule.',
  'The offline-IM overload ramp (80% → 65% → 55% capacity over 105 min) is an assumption.',
  'Supernode hosts are not counted among the client cohorts (≈0.2% of clients).',
  'Client kinds are streamed across supernodes rather than split proportionally at each one; per-supernode mixes are lumpier.',
  'No geography in the physics: regions are labels for the view.',
  'Costs are illustrative 2010 prices.',
];

/** One line of the decision list. */
export interface DebriefEvent {
  minute: number;
  kind: 'command' | 'inject' | 'bookmark' | 'end';
  who: string;
  text: string;
}

/** The session's log as readable lines, in order. */
export function debriefEvents(session: SessionFile): DebriefEvent[] {
  return session.log.map((e) => {
    if (e.kind === 'command') {
      const args = Object.entries(e.args)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ');
      return { minute: e.tick, kind: e.kind, who: e.role, text: args ? `${e.command} (${args})` : e.command };
    }
    if (e.kind === 'inject') return { minute: e.tick, kind: e.kind, who: e.role, text: `inject ${e.id}` };
    if (e.kind === 'bookmark') return { minute: e.tick, kind: e.kind, who: e.role, text: e.note };
    return { minute: e.tick, kind: e.kind, who: e.role, text: 'ended the drill' };
  });
}

/** The run against doing nothing, on the same scenario, scale and seed, over the same minutes. */
export interface Comparison {
  minutes: number;
  hashMatches: boolean;
  stateHash: string;
  run: { userMinutesLost: number; costUsd: number; loss: number };
  doNothing: { userMinutesLost: number; costUsd: number; loss: number };
  /** Share of the do-nothing loss the trainees avoided (negative: worse than doing nothing). */
  avoided: number | null;
  /** Clients online per minute (at most ~400 points): this run, doing nothing, and a normal day. */
  series: Array<{ minute: number; online: number; idle: number; expected: number }>;
}

/** Replay the session and a do-nothing run (slow at full scale: call it on demand, not on mount). */
export function compareWithDoingNothing(session: SessionFile, scenario: Scenario): Comparison {
  const replay = replaySession(session, { scenario });
  const scaled = sessionScenario(session, scenario);
  const minutes = replay.trace.minutes;
  const idle = traceLog(scaled, session.seed, [], {
    minutes,
    stopOnFullRecovery: session.drill.stopOnFullRecovery,
  });
  const m = Math.min(minutes, idle.minutes, replay.trace.rows.length, idle.rows.length);
  const measure = (rows: typeof idle.rows) => ({
    userMinutesLost: m > 0 ? rows[m - 1]!.userMinutesLost : 0,
    costUsd: costBreakdown(scaled, rows, m).totalUsd,
    loss: lossOf(rows, m),
  });
  const run = measure(replay.trace.rows);
  const doNothing = measure(idle.rows);
  return {
    minutes: m,
    hashMatches: replay.hashMatches,
    stateHash: replay.stateHash,
    run,
    doNothing,
    avoided: doNothing.loss > 0 ? 1 - run.loss / doNothing.loss : null,
    series: seriesOf(replay.trace.rows, idle.rows, m),
  };
}

function seriesOf(
  run: ReadonlyArray<{ minute: number; online: number; expectedOnline: number }>,
  idle: ReadonlyArray<{ online: number }>,
  minutes: number,
): Comparison['series'] {
  const every = Math.max(1, Math.ceil(minutes / 400));
  const out: Comparison['series'] = [];
  for (let i = 0; i < minutes; i += every) {
    const r = run[i]!;
    out.push({ minute: r.minute, online: r.online, idle: idle[i]!.online, expected: r.expectedOnline });
  }
  return out;
}
