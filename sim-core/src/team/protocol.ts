/**
 * The seat protocol of a team drill, version 1: what a seat (a browser or a bench client on the LAN) may say to
 * the team host, and what the host says back. One owner: the Node server, the room, the browser seat and the
 * bench all import these schemas and types. Pure (no node:*), so it runs in a browser too.
 *
 * Seat -> host is JSON text, parsed here with zod under a size cap. Host -> seat is JSON text for team
 * messages ({@link TeamOut}) and binary frames (./codec.ts) for the drill host's own messages (`DrillOut`),
 * which carry typed arrays.
 */
import { z } from 'zod';
import { LEVERS } from '../levers/index';
import { MAX_ROLE_CHARS, type LogEntry } from '../drill/log';
import { SPEEDS } from '../timeline/schema';
import type { ChannelLine, TeamCommand, TeamRecord } from './record';
import type { ParResult } from '../scoring/par';
import type { Score } from '../scoring/score';

export type { ChannelLine, TeamCommand, TeamRecord } from './record';

/** Version carried by every seat message. */
export const TEAM_PROTOCOL_VERSION = 1;
/** Largest seat message accepted, in bytes (UTF-8). Every legitimate message is far below it. */
export const MAX_SEAT_MESSAGE_BYTES = 4096;
/** Most seats (connections that said a valid hello) a drill admits, the facilitator included. */
export const MAX_SEATS = 40;
/** Per-seat rate limit: a token bucket refilled at this many messages per second ... */
export const SEAT_RATE_PER_SECOND = 20;
/** ... holding at most this many. */
export const SEAT_RATE_BURST = 40;
/** Seat roles that are not in the scenario: status page, read-only notes, the big screen. */
export const EXTRA_ROLES = ['comms', 'observer', 'projector'] as const;
/** The facilitator's role name (never chosen at the join page: its rights come from the secret). */
export const FACILITATOR_ROLE = 'facilitator';
/** Path of the WebSocket endpoint on the app's own HTTP server. */
export const TEAM_WS_PATH = '/team/ws';
/** Random bits in a join code (the issue asks for at least 40). */
export const JOIN_CODE_BITS = 50;
/** The join code alphabet: Crockford base32, no I, L, O, U (read aloud and typed on phones). */
export const JOIN_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A join code as typed: 10 base32 characters, case and dashes ignored. */
export function normaliseJoinCode(raw: string): string {
  return raw.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** A join code shown to people: two groups of five. */
export function formatJoinCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

const v = z.literal(TEAM_PROTOCOL_VERSION);
/** Seat-chosen id of a request, unique per seat: duplicates are ignored (a reconnect never replays them). */
const id = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);
const line = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    // Control characters have no place in a name or a chat line (they would also break the one-line rule).
    .refine((s) => !hasControl(s), 'control characters are not allowed')
    .refine((s) => s.trim().length > 0, 'must not be blank');
/** A role as a seat names it: a letter, then letters and digits, at most MAX_ROLE_CHARS (the session file's bound). */
const roleName = z
  .string()
  .max(MAX_ROLE_CHARS)
  .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a role name');
const seatId = z.string().regex(/^s[0-9]{1,6}$/, 'a seat id');
const argValue = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]);

/** What the facilitator may do (only a seat that said the facilitator secret). */
export const facilitatorActionSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('start') }),
  z.strictObject({ action: z.literal('pause') }),
  z.strictObject({ action: z.literal('resume') }),
  z.strictObject({ action: z.literal('setSpeed'), speed: z.union(SPEEDS.map((s) => z.literal(s))) }),
  z.strictObject({ action: z.literal('seek'), minute: z.number().int().min(0).max(20_160) }),
  /** Fire an inject to everyone, or privately to the seats of one role. */
  z.strictObject({
    action: z.literal('fireInject'),
    inject: z.string().min(1).max(64),
    toRole: roleName.optional(),
  }),
  /** A message from the facilitator to one seat or (no seat) to everyone. */
  z.strictObject({ action: z.literal('message'), toSeat: seatId.optional(), text: line(500) }),
  z.strictObject({ action: z.literal('assign'), seat: seatId, role: roleName }),
  z.strictObject({ action: z.literal('lock'), lever: z.enum(LEVERS), locked: z.boolean() }),
  z.strictObject({ action: z.literal('remove'), seat: seatId }),
  z.strictObject({ action: z.literal('end') }),
]);
export type FacilitatorAction = z.infer<typeof facilitatorActionSchema>;

/** Messages a seat may send. `hello` first, exactly once per connection. */
export const seatInSchema = z.discriminatedUnion('type', [
  z.strictObject({
    v,
    type: z.literal('hello'),
    /** The join code (players) ... */
    code: z.string().min(1).max(40).optional(),
    /** ... or the facilitator secret. */
    secret: z.string().min(1).max(100).optional(),
    /** A seat token from an earlier welcome: the seat gets its id, name and role back. */
    token: z.string().min(1).max(100).optional(),
    name: line(40),
    role: roleName.optional(),
    /** The seat runs its own replica and wants the tick-stamped inputs and checkpoint hashes. */
    replicate: z.boolean().default(false),
  }),
  z.strictObject({
    v,
    type: z.literal('lever'),
    id,
    command: z.enum(LEVERS),
    args: z
      .record(z.string().max(40), argValue)
      .refine((a) => Object.keys(a).length <= 16, 'too many arguments'),
  }),
  /** A line in the team channel. */
  z.strictObject({ v, type: z.literal('say'), id, text: line(500) }),
  /** An observer's (or the facilitator's) timestamped note. */
  z.strictObject({ v, type: z.literal('note'), id, text: line(2000) }),
  /** A status-page update from comms: a draft (comms and facilitator see it) or published (everyone). */
  z.strictObject({ v, type: z.literal('status'), id, text: line(1000), publish: z.boolean() }),
  z.strictObject({ v, type: z.literal('facilitate'), id, do: facilitatorActionSchema }),
  /** A replicating seat found a different state hash at a checkpoint. */
  z.strictObject({
    v,
    type: z.literal('desync'),
    minute: z.number().int().min(0).max(20_160),
    hash: z.string().max(32),
  }),
  /** Send me everything again (after a desync, or a thin seat that missed frames). */
  z.strictObject({ v, type: z.literal('resync') }),
]);
export type SeatIn = z.infer<typeof seatInSchema>;

/** The drill a team hosts: a built-in scenario, its seed and network scale (replicas build the same). */
export interface DrillSetup {
  scenario: string;
  seed: number;
  scale: number;
}

/** A seat as everyone sees it. */
export interface SeatView {
  id: string;
  name: string;
  role: string;
  connected: boolean;
  /** How often the seat's replica disagreed with the host at a checkpoint (each time it resynced). */
  desyncs: number;
  replicating: boolean;
}

/** Messages the host sends as JSON text. */
export type TeamOut =
  | {
      v: 1;
      type: 'welcome';
      seat: SeatView;
      token: string;
      /** The smallest request id this seat may use next (ids increase across reconnects). */
      nextId: number;
      facilitator: boolean;
      setup: DrillSetup;
      /** Only for the facilitator: the join code and the addresses to show and print as QR codes. */
      hosting?: { joinCode: string; joinUrls: string[] };
      /** Every role a seat may take, with the levers it holds. */
      roles: Record<string, string[]>;
      locked: string[];
    }
  | { v: 1; type: 'refused'; reason: string; inReplyTo: string | null; id: number | null }
  | { v: 1; type: 'seats'; seats: SeatView[] }
  /** New lines; with `reset`, everything this seat may see so far (a catch-up). */
  | { v: 1; type: 'channel'; lines: ChannelLine[]; reset?: boolean }
  /** Commands decided since the last batch; with `reset`, all so far (a catch-up). */
  | { v: 1; type: 'commands'; commands: TeamCommand[]; reset?: boolean }
  | { v: 1; type: 'locked'; levers: string[] }
  /** Your role changed (the facilitator reassigned you). */
  | { v: 1; type: 'role'; role: string }
  /** Replicating seats: the drill's inputs so far; replay those before `minute`, keep the rest for later. */
  | { v: 1; type: 'sync'; started: boolean; minute: number; log: LogEntry[] }
  /** Replicating seats: one new input, at its tick. */
  | { v: 1; type: 'input'; entry: LogEntry }
  /** Replicating seats: the host has simulated up to (not including) `minute`; `hash` is its state hash there. */
  | { v: 1; type: 'tick'; minute: number; hash: string | null }
  /** The drill is over; the debrief record. */
  | {
      v: 1;
      type: 'ended';
      record: TeamRecord;
      /** The facilitator's copy of the session file (JSON text). */ session?: string;
    }
  | { v: 1; type: 'removed'; reason: string }
  /**
   * The team's score, worked out once by the host for every seat: the par search's progress after the end,
   * then the score card (or why there is none). The facilitator's copy carries the session file again, now
   * with its score saved in it.
   */
  | { v: 1; type: 'score'; score: TeamScore; session?: string };

/** What a seat's score card shows: the score and, of par and the trace, only what the card says. */
export interface TeamScoreCard {
  score: Score;
  par: Pick<ParResult, 'policy' | 'source'> & { search: { evaluations: number } };
  parCached: boolean;
  /** Wall seconds the par search took (0 when cached). */
  parSeconds: number;
  /** Whether the host's follower reached the drill's own final state hash (it traced the same run). */
  replay: { hashMatches: boolean; stateHash: string };
}

/** The team's score as it stands: par still searching (its progress), scored, or not scorable (why). */
export type TeamScore =
  | { state: 'searching'; done: number; total: number; etaSeconds: number | null }
  | {
      state: 'scored';
      card: TeamScoreCard;
      /** The state hash the drill itself ended on (the session file's), which the card's replay is checked against. */
      savedStateHash: string;
    }
  | { state: 'failed'; reason: string };

/** Parse a seat message from its raw text. The error is one line naming the first problem. */
export function parseSeatIn(text: string): { ok: true; message: SeatIn } | { ok: false; error: string } {
  if (utf8Length(text) > MAX_SEAT_MESSAGE_BYTES)
    return { ok: false, error: `message too large (over ${MAX_SEAT_MESSAGE_BYTES} bytes)` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, error: 'message is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'a message must be an object { v, type, ... }' };
  const ver = (raw as { v?: unknown }).v;
  if (ver !== TEAM_PROTOCOL_VERSION)
    return { ok: false, error: `unsupported seat protocol version (expected ${TEAM_PROTOCOL_VERSION})` };
  const r = seatInSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `${i.path.join('.') || 'message'}: ${i.message}` };
  }
  return { ok: true, message: r.data };
}

/** The `type` and `id` of a raw message, if it has them (for refusals). */
export function refusalContext(text: string): { type: string | null; id: number | null } {
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== 'object' || raw === null) return { type: null, id: null };
    const t = (raw as { type?: unknown }).type;
    const i = (raw as { id?: unknown }).id;
    return {
      type: typeof t === 'string' ? t.slice(0, 40) : null,
      id: typeof i === 'number' && Number.isInteger(i) ? i : null,
    };
  } catch {
    return { type: null, id: null };
  }
}

/** Whether a string holds a control character (newlines included) or a Unicode line/paragraph separator. */
export function hasControl(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) return true;
  }
  return false;
}

/** UTF-8 byte length without TextEncoder allocation for the common ASCII case. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
