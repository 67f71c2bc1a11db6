/**
 * Records a drill as a session file from the connection alone, without touching the drill screen: outgoing
 * commands are remembered by request id, and enter the log when the host confirms them (`commandResult`
 * ok, at the minute the host applied them); bookmarks and a facilitator end come back as host messages.
 * After a seek the host replays its own tape (same request ids, same bookmarks), which is not recorded twice;
 * a `branched` message drops the recorded future exactly as the host drops its own.
 *
 * Progress is the latest snapshot that carried a state hash; only log entries at or before it are saved, so a
 * saved session always replays (`replaySession`) to the hash it claims.
 *
 * Resume drill: a recorder can start `from` a saved session. It keeps that session's id, creation time,
 * title, participants, notes, lessons, log and progress, so autosaves and the final close continue the same
 * file. The host's replay of that log answers with the same bookmarks and end (already in the log, so not
 * recorded twice) and with command results carrying no request id of ours (not recorded at all); its snapshots
 * before the saved minute do not move the progress back.
 */
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import { FACILITATOR, type LogEntry } from '../../../sim-core/src/drill/log';
import { newSessionBody, type SessionBody } from '../../../sim-core/src/sessions/index';
import { roleWords } from '../format/roles';
import type { DrillCommand, DrillMessage } from '../host/messages';

type Pending =
  | {
      kind: 'command';
      role: string;
      command: Extract<LogEntry, { kind: 'command' }>['command'];
      args: Record<string, unknown>;
    }
  | { kind: 'inject'; id: string };

/** What the recorder needs to know about the drill. */
export interface RecorderSetup {
  id: string;
  scenario: Scenario;
  scale: number;
  seed: number;
  appVersion: string;
  role: string;
  /** Who is playing (names typed at the briefing); empty: the role stands for them. */
  names?: readonly string[];
  /** ISO time; defaults to now. */
  now?: () => string;
  /** Continue this saved session (Resume drill) instead of starting a new one; its id wins over `id`. */
  from?: SessionBody;
}

/** A live recording of one drill. */
export interface SessionRecorder {
  /** Call for every message the UI sends to the host. */
  sent(message: DrillCommand): void;
  /** Call for every message the host sends. */
  received(message: DrillMessage): void;
  /** The session as it stands, or null before the host has reported a hashed state. */
  body(): SessionBody | null;
  /** The full log so far (including entries past the last hashed minute). */
  log(): readonly LogEntry[];
  /** True once the host reported the drill ended. */
  ended(): boolean;
  /**
   * Counts changes to what `body()` would save (a new hashed minute, a new log entry, a branch): an autosave
   * is due when this moved since the last one.
   */
  changes(): number;
}

/** Plain JSON arguments only (the session schema's argument type). */
function jsonArgs(args: Record<string, unknown>): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [k, v] of Object.entries(args))
    if (
      v === null ||
      typeof v === 'string' ||
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v))
    )
      out[k] = v;
  return out;
}

export function createSessionRecorder(setup: RecorderSetup): SessionRecorder {
  const now = setup.now ?? (() => new Date().toISOString());
  const from = setup.from;
  const createdAt = from?.createdAt ?? now();
  const pending = new Map<string, Pending>();
  const log: LogEntry[] = from ? from.log.map((e) => ({ ...e })) : [];
  let progress: { minute: number; stateHash: string } | null = from
    ? { minute: from.progress.minute, stateHash: from.progress.stateHash }
    : null;
  /** While the host replays a resumed session, the minute it is catching up to. */
  let catchingUpTo: number | null = from ? from.progress.minute : null;
  const isBookmarkNote = (n: SessionBody['notes'][number]) =>
    n.author === FACILITATOR &&
    log.some((e) => e.kind === 'bookmark' && e.tick === n.tick && e.note === n.text);
  /** Notes of a resumed session that are not its bookmarks (those are rebuilt from the log). */
  const otherNotes = from ? from.notes.filter((n) => !isBookmarkNote(n)) : [];
  const participants = from
    ? from.participants.some((p) => p.role === setup.role)
      ? from.participants
      : [...from.participants, { name: roleWords(setup.role), role: setup.role }]
    : setup.names && setup.names.length > 0
      ? setup.names.map((name) => ({ name, role: setup.role }))
      : [{ name: roleWords(setup.role), role: setup.role }];
  let ended = false;
  let changes = 0;
  const has = (e: LogEntry) =>
    log.some((x) => x.tick === e.tick && x.kind === e.kind && JSON.stringify(x) === JSON.stringify(e));
  const add = (e: LogEntry) => {
    // After a seek the host replays its tape: the same entries again. Never record one twice.
    if (has(e)) return;
    changes++;
    let i = log.length;
    while (i > 0 && log[i - 1]!.tick > e.tick) i--;
    log.splice(i, 0, e);
  };

  return {
    sent(m) {
      if (m.type === 'command' && m.requestId)
        pending.set(m.requestId, {
          kind: 'command',
          role: m.role,
          command: m.command,
          args: m.args ?? {},
        });
      else if (m.type === 'fireInject' && m.requestId) pending.set(m.requestId, { kind: 'inject', id: m.id });
    },
    received(m) {
      switch (m.type) {
        case 'commandResult': {
          const p = m.requestId ? pending.get(m.requestId) : undefined;
          if (!p || !m.requestId) return;
          pending.delete(m.requestId);
          if (!m.ok) return; // refused: no effect on the run, and not a decision worth replaying
          if (p.kind === 'command')
            add({
              tick: m.atMinute,
              kind: 'command',
              role: p.role,
              command: p.command,
              args: jsonArgs(p.args),
            });
          else add({ tick: m.atMinute, kind: 'inject', role: FACILITATOR, id: p.id });
          return;
        }
        case 'bookmark':
          return add({ tick: m.atMinute, kind: 'bookmark', role: FACILITATOR, note: m.note });
        case 'session':
          if (m.state === 'ended') {
            ended = true;
            if (m.endReason === 'facilitator') add({ tick: m.atMinute, kind: 'end', role: FACILITATOR });
          }
          return;
        case 'branched':
          for (let i = log.length - 1; i >= 0 && log[i]!.tick >= m.minute; i--) log.pop();
          changes++;
          return;
        case 'snapshot':
          if (catchingUpTo !== null) {
            if (m.minute < catchingUpTo) return;
            catchingUpTo = null;
          }
          if (m.stateHash && (progress?.minute !== m.minute || progress.stateHash !== m.stateHash)) {
            progress = { minute: m.minute, stateHash: m.stateHash };
            changes++;
          }
          return;
        default:
          return;
      }
    },
    body() {
      if (!progress) return null;
      const p = progress;
      const base = newSessionBody(
        {
          id: from?.id ?? setup.id,
          ...(from ? { title: from.title } : {}),
          now: createdAt,
          appVersion: setup.appVersion,
          scenario: setup.scenario,
          scale: setup.scale,
          seed: setup.seed,
          participants: participants.map((x) => ({ ...x })),
        },
        p.stateHash,
      );
      return {
        ...base,
        savedAt: now(),
        log: log.filter((e) => e.tick <= p.minute),
        notes: [
          ...otherNotes,
          ...log.flatMap((e) =>
            e.kind === 'bookmark' && e.tick <= p.minute
              ? [{ tick: e.tick, author: FACILITATOR, text: e.note }]
              : [],
          ),
        ],
        ...(from ? { lessons: structuredClone(from.lessons) } : {}),
        progress: { minute: p.minute, stateHash: p.stateHash, closed: false },
      };
    },
    log: () => log,
    ended: () => ended,
    changes: () => changes,
  };
}
