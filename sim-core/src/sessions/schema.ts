/**
 * The session file: one drill, event-sourced. It stores what was said to the drill (the command log, each
 * entry stamped with its tick and the role that said it), never the simulation itself: scenario id, version,
 * scale and seed plus the log reproduce the run exactly (`replaySession`). Around the log: participants,
 * facilitator notes, lessons learned, how far the drill got (with the state hash there), and the score.
 *
 * A file is trusted only after five checks, each with its own one-line error: its size and shape are within
 * SESSION_JSON_LIMITS (checked on the text, before parsing), it is JSON (else "truncated" or "not JSON"), it is a Cascade Drill session of a format version this build reads, it matches the schema, and
 * its SHA-256 checksum over the canonical serialisation of everything else matches. `parseSession` never
 * throws anything but a SessionError.
 */
import { z } from 'zod';
import { logSchema, logTickSchema, nameSchema, roleSchema } from '../drill/log';
import { seedSchema } from '../drill/protocol';
import { sha256Hex, utf8 } from './sha256';
import { teamRecordSchema } from '../team/record';
import { checkJsonLimits, JsonLimitError, type JsonLimits } from '../scenario/json';

/** The `format` field of every session file. */
export const SESSION_FORMAT = 'cascade-drill-session';
/** The format version this build writes (and the newest it reads). */
export const SESSION_FORMAT_VERSION = 1;
/** Largest session file read, in characters: a 48 h drill with thousands of commands is far below it. */
export const MAX_SESSION_CHARS = 16 * 1024 * 1024;

/**
 * The shape bound checked before a session file's text is parsed (`checkJsonLimits`): the schema's deepest
 * path is 4 levels (`team.commands[].…`), its widest object 19 keys (the body; a command's arguments at most
 * 16), its longest list 50,000 items (a team drill's commands). Anything past these cannot be a session.
 */
export const SESSION_JSON_LIMITS: JsonLimits = {
  maxChars: MAX_SESSION_CHARS,
  maxDepth: 8,
  maxKeys: 32,
  maxItems: 50_000,
};

/**
 * A session id: 1 to 64 letters, digits, `-` and `_`. Also a safe file name (Electron) and storage key
 * (IndexedDB), so both stores and the IPC contract check ids with this one pattern.
 */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** A session id as a schema (the session file's `id`, the IPC contract's session arguments). */
export const sessionIdSchema = z
  .string()
  .regex(SESSION_ID_PATTERN, 'a session id: letters, digits, - and _ (at most 64)');

/** Why a session file was refused. */
export type SessionErrorCode =
  | 'empty'
  | 'tooLarge'
  | 'tooComplex'
  | 'truncated'
  | 'notJson'
  | 'notASession'
  | 'newerVersion'
  | 'invalid'
  | 'checksum'
  | 'mismatch';

/** A session file that cannot be used, with a one-line message fit for a dialog. */
export class SessionError extends Error {
  override name = 'SessionError';
  constructor(
    readonly code: SessionErrorCode,
    message: string,
  ) {
    // One line, whatever bytes the file held: control characters (newlines included) become spaces.
    super(oneLine(message));
  }
}

/** `id` if it is a session id; otherwise a SessionError ("… is not a session id"). */
export function checkSessionId(id: string): string {
  if (!SESSION_ID_PATTERN.test(id))
    throw new SessionError('invalid', `"${id.slice(0, 80)}" is not a session id`);
  return id;
}

/** A message with every control character (newlines included) turned into a space, at most 300 long. */
function oneLine(message: string): string {
  let out = '';
  for (const ch of message) {
    const c = ch.codePointAt(0)!;
    out += c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029 ? ' ' : ch;
  }
  return out.replace(/ {2,}/g, ' ').slice(0, 300);
}

const text = (max: number) => z.string().max(max);
const name = nameSchema;
const tick = logTickSchema;

const hex16 = z.string().regex(/^[0-9a-f]{16}$/, 'a 16-digit hex state hash');
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'an ISO 8601 UTC time');

/** The score as saved: enough to check that a replay reproduces it exactly. */
export const savedScoreSchema = z.strictObject({
  version: z.number().int().min(1),
  minutes: z.number().int().min(0),
  headline: z.number().finite().min(0).max(100),
  rawScore: z.number().finite(),
  grade: z.string().min(1).max(2),
  userMinutesLost: z.number().finite().min(0),
  costUsd: z.number().finite().min(0),
});
/** A saved score (see `savedScoreSchema`). */
export type SavedScore = z.infer<typeof savedScoreSchema>;

/** Everything in a session file except the checksum. */
export const sessionBodySchema = z
  .strictObject({
    format: z.literal(SESSION_FORMAT),
    formatVersion: z.literal(SESSION_FORMAT_VERSION),
    id: sessionIdSchema,
    title: text(200),
    createdAt: iso,
    savedAt: iso,
    app: z.strictObject({ version: z.string().min(1).max(40) }),
    model: z.strictObject({ version: z.string().min(1).max(80) }),
    scenario: z.strictObject({
      id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a scenario id'),
      version: z.number().int().min(1),
      /** The network size the drill ran at (1 = full scale). */
      scale: z.number().gt(0).max(1),
    }),
    seed: seedSchema,
    drill: z.strictObject({ stopOnFullRecovery: z.boolean() }),
    participants: z.array(z.strictObject({ name, role: roleSchema })).max(100),
    log: logSchema,
    notes: z.array(z.strictObject({ tick: tick.nullable(), author: name, text: text(4000) })).max(2000),
    lessons: z.strictObject({
      wentWell: text(10_000),
      toImprove: text(10_000),
      actions: z.array(z.strictObject({ text: text(1000), owner: text(80) })).max(200),
    }),
    /** How far the drill got: the next tick, the state hash there, and whether it was closed cleanly. */
    progress: z.strictObject({ minute: tick, stateHash: hex16, closed: z.boolean() }),
    score: savedScoreSchema.nullable(),
    /** A team drill's seats, who issued each command, and its channel (absent for a solo drill). */
    team: teamRecordSchema.optional(),
  })
  .superRefine((s, ctx) => {
    for (let i = 1; i < s.log.length; i++)
      if (s.log[i]!.tick < s.log[i - 1]!.tick) {
        ctx.addIssue({
          code: 'custom',
          message: 'log ticks must not go backwards',
          path: ['log', i, 'tick'],
        });
        return;
      }
    const last = s.log[s.log.length - 1];
    if (last && last.tick > s.progress.minute)
      ctx.addIssue({
        code: 'custom',
        message: `the log goes to tick ${last.tick}, past the drill's progress (${s.progress.minute})`,
        path: ['progress', 'minute'],
      });
  });

/** A session body (no checksum). */
export type SessionBody = z.infer<typeof sessionBodySchema>;
/** A session file as stored: the body and its checksum. */
export type SessionFile = SessionBody & { checksum: string };

/**
 * Canonical JSON: object keys sorted at every level, no whitespace, numbers and strings as JSON.stringify
 * writes them. Two equal sessions serialise to the same bytes whatever order their keys were built in.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    if (s === undefined) throw new SessionError('invalid', `cannot serialise a ${typeof value}`);
    return s;
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The checksum of a session body: `sha256:` and the hex digest of its canonical JSON. */
export function sessionChecksum(body: SessionBody): string {
  return `sha256:${sha256Hex(utf8(canonicalJson(body)))}`;
}

/** Validate a body and attach its checksum. Throws a SessionError if the body does not match the schema. */
export function sealSession(body: SessionBody): SessionFile {
  const r = sessionBodySchema.safeParse(body);
  if (!r.success) throw invalid(r.error.issues[0]!);
  return { ...r.data, checksum: sessionChecksum(r.data) };
}

/** The text a session file holds: pretty JSON with a trailing newline (the checksum is over canonical JSON). */
export function serializeSession(session: SessionFile): string {
  return `${JSON.stringify(session, null, 2)}\n`;
}

function invalid(i: z.core.$ZodIssue): SessionError {
  const where = i.path.length > 0 ? i.path.join('.') : '(root)';
  return new SessionError('invalid', `invalid session file: ${where}: ${i.message}`);
}

/** Parse a session file's text. Returns a checked session or throws a SessionError, never anything else. */
export function parseSession(textIn: unknown): SessionFile {
  if (typeof textIn !== 'string') throw new SessionError('notJson', 'a session file must be text');
  if (textIn.trim() === '') throw new SessionError('empty', 'the session file is empty');
  try {
    checkJsonLimits(textIn, SESSION_JSON_LIMITS, 'the session file');
  } catch (e) {
    if (!(e instanceof JsonLimitError)) throw e;
    if (e.code === 'tooLarge') throw new SessionError('tooLarge', e.message);
    throw new SessionError('tooComplex', `${e.message}: it is not a session file`);
  }
  let json: unknown;
  try {
    json = JSON.parse(textIn);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    // A session file is one JSON object: text that opens one and stops before it closes was cut short.
    const t = textIn.trim();
    if (/end of (JSON )?(input|data)|Unterminated/i.test(msg) || (t.startsWith('{') && !t.endsWith('}')))
      throw new SessionError(
        'truncated',
        'the session file is truncated (it ends in the middle of the data)',
      );
    const at = /position (\d+)/.exec(msg);
    throw new SessionError(
      'notJson',
      `the session file is not valid JSON${at ? ` (at character ${at[1]})` : ''}: it was damaged or is not a session file`,
    );
  }
  return parseSessionJson(json);
}

/** Check parsed JSON as a session file (format, version, schema, checksum). Throws only SessionErrors. */
export function parseSessionJson(json: unknown): SessionFile {
  try {
    if (typeof json !== 'object' || json === null || Array.isArray(json))
      throw new SessionError('notASession', 'not a Cascade Drill session file (expected a JSON object)');
    const obj = json as Record<string, unknown>;
    if (obj['format'] !== SESSION_FORMAT)
      throw new SessionError('notASession', 'not a Cascade Drill session file (no "format" marker)');
    const v = obj['formatVersion'];
    if (typeof v === 'number' && Number.isInteger(v) && v > SESSION_FORMAT_VERSION)
      throw new SessionError(
        'newerVersion',
        `this session was saved by a newer Cascade Drill (format ${v}; this version reads up to ${SESSION_FORMAT_VERSION})`,
      );
    const { checksum, ...body } = obj;
    if (typeof checksum !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(checksum))
      throw new SessionError('invalid', 'invalid session file: checksum: missing or malformed');
    const r = sessionBodySchema.safeParse(body);
    if (!r.success) throw invalid(r.error.issues[0]!);
    if (sessionChecksum(r.data) !== checksum)
      throw new SessionError(
        'checksum',
        'the session file does not match its checksum: it was changed outside Cascade Drill or damaged',
      );
    return { ...r.data, checksum };
  } catch (e) {
    if (e instanceof SessionError) throw e;
    // Anything else (a pathological input reaching a library edge case) is still a refusal, not a crash.
    throw new SessionError('invalid', `invalid session file (${e instanceof Error ? e.message : String(e)})`);
  }
}
