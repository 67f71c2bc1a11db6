/**
 * Building sessions from a drill and replaying them. A session is recorded from the drill host's own command
 * log (what the host replays for a seek is what the file stores), and replayed by running that log through a
 * new host on the same scenario, scale and seed: the state hash and the score must come out exactly as saved.
 */
import { FACILITATOR, type LogEntry } from '../drill/log';
import { scaleScenario } from '../scenario/index';
import type { Scenario } from '../scenario/schema';
import { scoreTrace, type Baselines, type Score } from '../scoring/score';
import { traceLog, TraceError, type RunTrace } from '../scoring/trace';
import { modelVersion } from '../scoring/version';
import type { TimelineEvent } from '../timeline/index';
import {
  SESSION_FORMAT,
  SESSION_FORMAT_VERSION,
  SessionError,
  type SavedScore,
  type SessionBody,
  type SessionFile,
} from './schema';

/** The session log of a drill host's command log (`host.log()`). Facilitator actions are said by FACILITATOR. */
export function logFromHost(entries: ReadonlyArray<{ minute: number; event: TimelineEvent }>): LogEntry[] {
  const out: LogEntry[] = [];
  for (const { minute, event: e } of entries) {
    if (e.type.startsWith('operator.')) {
      const op = e as Extract<TimelineEvent, { role: string; args: Record<string, unknown> }>;
      out.push({
        tick: minute,
        kind: 'command',
        role: op.role,
        command: op.type.slice('operator.'.length) as Extract<LogEntry, { kind: 'command' }>['command'],
        args: op.args as Record<string, string | number | boolean | null>,
      });
    } else if (e.type === 'facilitator.fireInject')
      out.push({ tick: minute, kind: 'inject', role: FACILITATOR, id: e.id });
    else if (e.type === 'facilitator.bookmark')
      out.push({ tick: minute, kind: 'bookmark', role: FACILITATOR, note: e.note });
    else if (e.type === 'facilitator.end') out.push({ tick: minute, kind: 'end', role: FACILITATOR });
    else if (e.type === 'comms.status')
      out.push({ tick: minute, kind: 'status', role: e.role, event: e.event });
  }
  return out;
}

/** The saved form of a score. */
export function savedScore(score: Score): SavedScore {
  return {
    version: score.version,
    minutes: score.minutes,
    headline: score.headline,
    rawScore: score.run.rawScore,
    grade: score.grade,
    userMinutesLost: score.run.userMinutesLost,
    costUsd: score.run.cost.totalUsd,
  };
}

/** What a new session needs; everything else starts empty. Times are ISO strings from the caller's clock. */
export interface NewSession {
  id: string;
  title?: string;
  now: string;
  appVersion: string;
  scenario: Scenario;
  scale: number;
  seed: number;
  stopOnFullRecovery?: boolean;
  participants?: Array<{ name: string; role: string }>;
}

/** A new, empty session body for a drill about to start (progress at tick 0 with the hash of the fresh sim). */
export function newSessionBody(n: NewSession, stateHashAtStart: string): SessionBody {
  return {
    format: SESSION_FORMAT,
    formatVersion: SESSION_FORMAT_VERSION,
    id: n.id,
    title: n.title ?? n.scenario.title,
    createdAt: n.now,
    savedAt: n.now,
    app: { version: n.appVersion },
    model: { version: modelVersion(n.scenario) },
    scenario: { id: n.scenario.id, version: n.scenario.version, scale: n.scale },
    seed: n.seed,
    drill: { stopOnFullRecovery: n.stopOnFullRecovery ?? true },
    participants: n.participants ?? [],
    log: [],
    notes: [],
    lessons: { wentWell: '', toImprove: '', actions: [] },
    progress: { minute: 0, stateHash: stateHashAtStart, closed: false },
    score: null,
  };
}

/** The scenario a session ran on (scaled as it was), after checking id, version and model version. */
export function sessionScenario(session: SessionBody, scenario: Scenario): Scenario {
  if (scenario.id !== session.scenario.id || scenario.version !== session.scenario.version)
    throw new SessionError(
      'mismatch',
      `this session is for scenario ${session.scenario.id} v${session.scenario.version}, not ${scenario.id} v${scenario.version}`,
    );
  const model = modelVersion(scenario);
  if (model !== session.model.version)
    throw new SessionError(
      'mismatch',
      `this session was recorded with model ${session.model.version}; this build has model ${model}, so a replay would differ`,
    );
  return session.scenario.scale < 1 ? scaleScenario(scenario, session.scenario.scale) : scenario;
}

/** The outcome of a replay. */
export interface Replay {
  /** The run over the whole scoring window (after the minute the drill reached: its standing orders). */
  trace: RunTrace;
  /** The tick the drill reached and the state hash there. */
  minute: number;
  stateHash: string;
  hashMatches: boolean;
  /** The score, when baselines were given (for the scenario as the session ran it: same scale and seed). */
  score: Score | null;
  /** Whether the recomputed score equals the saved one (null: no saved score or no baselines). */
  scoreMatches: boolean | null;
}

/**
 * Re-run a session's command log on its scenario, scale and seed, up to the tick it reached, and compare the
 * state hash (and, given baselines, the score) with what the file says. Throws a SessionError when the
 * scenario or model does not fit, or the log cannot be replayed.
 */
export function replaySession(
  session: SessionFile,
  opts: { scenario: Scenario; baselines?: Baselines },
): Replay {
  const scenario = sessionScenario(session, opts.scenario);
  let trace: RunTrace;
  try {
    // To the scoring window's end: the drill as played up to the minute it reached, then its standing orders.
    trace = traceLog(scenario, session.seed, session.log, {
      minutes: session.progress.minute,
      toHorizon: true,
    });
  } catch (e) {
    if (e instanceof TraceError)
      throw new SessionError('invalid', `the command log cannot be replayed: ${e.message}`);
    throw e;
  }
  const score = opts.baselines ? scoreTrace(scenario, session.seed, trace, opts.baselines) : null;
  return {
    trace,
    minute: trace.liveMinutes,
    stateHash: trace.liveStateHash,
    hashMatches:
      trace.liveMinutes === session.progress.minute && trace.liveStateHash === session.progress.stateHash,
    score,
    scoreMatches: score && session.score ? sameScore(savedScore(score), session.score) : null,
  };
}

/** Field-by-field equality of two saved scores (exact: a replay must reproduce every number). */
export function sameScore(a: SavedScore, b: SavedScore): boolean {
  return (Object.keys(a) as Array<keyof SavedScore>).every((k) => Object.is(a[k], b[k]));
}
