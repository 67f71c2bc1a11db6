/**
 * The session file of a team drill: the ordinary session (scenario, scale, seed, the host's command log with
 * the role that said each entry, progress and state hash, so it replays to the same hash) plus the team record:
 * seats, who issued each command, the channel. Observer and facilitator notes also go into the session's own
 * `notes`, so the debrief shows them beside the timeline as it does for a solo drill.
 */
import type { LogEntry } from '../drill/log';
import { builtinScenario } from '../scenario/index';
import { newSessionBody } from '../sessions/replay';
import { sealSession, type SessionFile } from '../sessions/schema';
import type { DrillSetup } from './protocol';
import type { TeamRecord } from './record';

export interface TeamSessionInput {
  setup: DrillSetup;
  /** Wall time now (ISO 8601 UTC). */
  now: string;
  /** When the drill started (ISO 8601 UTC). */
  createdAt: string;
  appVersion: string;
  stateHashAtStart: string;
  log: readonly LogEntry[];
  record: TeamRecord;
  progress: { minute: number; stateHash: string; closed: boolean };
}

/** A sealed session file for a team drill. Throws a SessionError if something does not fit the schema. */
export function teamSession(t: TeamSessionInput): SessionFile {
  const scenario = builtinScenario(t.setup.scenario);
  const body = newSessionBody(
    {
      id: `team-${t.createdAt.replace(/[^0-9]/g, '').slice(0, 14)}`,
      title: `${scenario.title} (team drill)`,
      now: t.createdAt,
      appVersion: t.appVersion,
      scenario,
      scale: t.setup.scale,
      seed: t.setup.seed,
      participants: t.record.seats.map((s) => ({ name: s.name, role: s.role })),
    },
    t.stateHashAtStart,
  );
  return sealSession({
    ...body,
    savedAt: t.now,
    log: [...t.log],
    notes: t.record.channel
      .filter((l) => l.kind === 'note')
      .map((l) => ({ tick: l.minute, author: l.name, text: l.text })),
    progress: t.progress,
    team: t.record,
  });
}
