/**
 * The drill host's message protocol, version 1: commands in, snapshots and events out. Every inbound message
 * arrives as `unknown` and is parsed here; the outbound types are the one definition both ends import.
 * Typed arrays in `snapshot` and `ready` are fresh copies whose buffers are listed for transfer.
 */
import { z } from 'zod';
import type { LeverContext } from '../levers/index';
import type { CascadeFact, CascadeLever, CascadeMetrics, CascadePreview, SimMetrics } from '../model/index';
import type { CommandResult, EndReason, InjectMessage, Phase } from '../timeline/index';
import { logSchema, logTickSchema } from './log';
import type { SeriesRow } from './summary';

/** The model's own terms the protocol carries (the renderer reads them from here, never from the model). */
export type { CascadeFact, CascadeLever, CascadeLeverArg, CascadePreview, CascadeRow } from '../model/index';

/** Protocol version carried by every message. */
export const PROTOCOL_VERSION = 1;

/** Smallest seed a drill accepts: seeds are 32-bit signed integers (the model's RNG reads 32 bits). */
export const SEED_MIN = -(2 ** 31);
/** Largest seed a drill accepts. */
export const SEED_MAX = 2 ** 31 - 1;
/** A drill seed: the one definition the worker init, session files, the CLIs and the page URL check against. */
export const seedSchema = z.number().int().min(SEED_MIN).max(SEED_MAX);

const v = z.literal(PROTOCOL_VERSION);
const requestId = z.string().min(1).max(64).optional();
/** A lever (command kind) of the drill's model; the host refuses one its model does not have. */
export const leverNameSchema = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'a lever name: letters and digits');

/** Messages the host accepts. */
export const drillInSchema = z.discriminatedUnion('type', [
  z.strictObject({ v, type: z.literal('start') }),
  z.strictObject({ v, type: z.literal('pause') }),
  z.strictObject({ v, type: z.literal('resume') }),
  z.strictObject({ v, type: z.literal('setSpeed'), speed: z.number().finite(), requestId }),
  z.strictObject({
    v,
    type: z.literal('command'),
    role: z.string().min(1).max(40),
    command: leverNameSchema,
    args: z.record(z.string(), z.unknown()).default({}),
    requestId,
  }),
  /**
   * What ordering a lever now would do, by the model's own check and preview (for models whose console cannot
   * run the preview itself). Answered with a `preview` message; changes nothing.
   */
  z.strictObject({
    v,
    type: z.literal('preview'),
    command: leverNameSchema,
    args: z.record(z.string(), z.unknown()).default({}),
    requestId,
  }),
  z.strictObject({ v, type: z.literal('fireInject'), id: z.string().min(1).max(64), requestId }),
  z.strictObject({ v, type: z.literal('bookmark'), note: z.string().max(500) }),
  z.strictObject({ v, type: z.literal('end') }),
  /**
   * A team drill's status page (logged, so replays and replicas see it at its tick): opened when the drill
   * starts, and each update the comms role publishes. Status-silence injects read it.
   */
  z.strictObject({
    v,
    type: z.literal('status'),
    event: z.enum(['opened', 'published']),
    role: z.string().min(1).max(40),
  }),
  /** Go to the start of a simulated minute: restore the nearest checkpoint, replay the command log. */
  z.strictObject({ v, type: z.literal('seek'), minute: z.number().int().min(0) }),
  /** "Play from here": drop the recorded commands from the current minute on (a new branch). */
  z.strictObject({ v, type: z.literal('branch') }),
  /** Real time passed on the caller's clock; the host converts it to ticks at the current speed. */
  z.strictObject({ v, type: z.literal('advance'), realMs: z.number().finite().min(0).max(60_000) }),
  /** Exactly this many ticks (headless runs, tests). */
  z.strictObject({ v, type: z.literal('step'), ticks: z.number().int().min(1).max(100_000) }),
  z.strictObject({ v, type: z.literal('snapshot') }),
  /**
   * Before the start: start, then say a saved command log, each entry at its tick, up to `minute`, then pause
   * there (Resume drill). Outputs flow as if the drill had been played fast.
   */
  z.strictObject({
    v,
    type: z.literal('replay'),
    log: logSchema,
    minute: logTickSchema,
  }),
]);

/** A validated inbound message. */
export type DrillIn = z.infer<typeof drillInSchema>;

/** What the worker adapters accept before a host exists: which scenario, which seed. */
export const drillInitSchema = z.strictObject({
  v,
  type: z.literal('init'),
  scenario: z.string().min(1).max(64),
  seed: seedSchema,
  /** Run the same rules on a smaller network (0 < scale <= 1). */
  scale: z.number().gt(0).max(1).default(1),
  /**
   * A scenario opened from a file rather than built in: its whole definition (validated by the scenario loader;
   * its `id` must be `scenario`). Absent: `scenario` names a built-in one.
   */
  definition: z.unknown().optional(),
});
/** A validated `init` message. */
export type DrillInit = z.infer<typeof drillInitSchema>;

/** Session states as the outside sees them. */
export type SessionState = 'briefing' | 'running' | 'paused' | 'ended';

/** A command waiting for its lead time. */
export interface PendingView {
  command: string;
  issuedAtMinute: number;
  takesEffectAtMinute: number;
  minutesLeft: number;
}

/** A minute of any model's metrics: the common row and the model's own fields (numbers and yes/no). */
export type CascadeMetricsRow = CascadeMetrics & Record<string, number | boolean>;

/** A lever's preview at given arguments, as the model states it. */
export interface LeverPreviewView {
  command: string;
  args: Record<string, number>;
  preview: CascadePreview;
}

/** `ready` fields every model's drill sends. */
interface ReadyCommon {
  v: 1;
  type: 'ready';
  scenarioId: string;
  title: string;
  startIso: string;
  startMinuteOfDay: number;
  durationMinutes: number;
  seed: number;
  /** The scenario's model kind (`skype`, `facebook`, ...). */
  model: string;
  /** The minute of the triggering event this seed drew. */
  triggerMinute: number;
  speeds: number[];
  /** The levers this scenario offers (names). */
  levers: string[];
  /** Every lever of the model as it states it: title, effect, lead time, cost, arguments. */
  leverInfo: CascadeLever[];
  /** The facts the model's metrics carry beside the common row (what a generic view shows). */
  facts: CascadeFact[];
  roles: Record<string, string[]>;
  briefing: { title: string; text: string };
  injects: Array<{ id: string; channel: string; from: string }>;
}

/** `snapshot` fields every model's drill sends. */
interface SnapshotCommon {
  v: 1;
  type: 'snapshot';
  minute: number;
  session: SessionState;
  speed: number;
  phase: Phase;
  pending: PendingView[];
  /**
   * The model's state hash at `minute`, when this snapshot carries one: always when the session is not
   * running, otherwise every HASH_EVERY_MINUTES (a full-scale hash costs a few ms).
   */
  stateHash: string | null;
}

/** Messages the host sends. */
export type DrillOut =
  | (ReadyCommon & {
      /** The Skype model's supernode map. */
      view: 'supernodes';
      supernodeCount: number;
      regions: readonly string[];
      region: Uint8Array;
    })
  | (ReadyCommon & {
      /** Any other model: its metrics and facts are the view. */
      view: 'cascade';
    })
  | (SnapshotCommon & {
      view: 'cascade';
      metrics: CascadeMetricsRow | null;
      /** Each offered lever's preview now, at its default arguments. */
      previews: LeverPreviewView[];
    })
  | (SnapshotCommon & {
      view: 'supernodes';
      state: Uint8Array;
      load: Float32Array;
      attached: Int32Array;
      dedicated: Uint8Array;
      /** The client build on each supernode's host (KIND in model/types.ts). */
      hostKind: Uint8Array;
      metrics: SimMetrics | null;
      pending: PendingView[];
      /** What lever previews need (sim-core's previewLever runs the host's own checks on it). */
      levers: LeverContext;
    })
  | { v: 1; type: 'metrics'; view: 'supernodes'; minute: number; rows: SeriesRow[]; last: SimMetrics }
  | {
      v: 1;
      type: 'metrics';
      view: 'cascade';
      minute: number;
      rows: CascadeMetricsRow[];
      last: CascadeMetricsRow;
    }
  | ({ v: 1; type: 'preview'; requestId: string | null } & LeverPreviewView)
  | { v: 1; type: 'phase'; phase: Phase; atMinute: number }
  | ({ v: 1; type: 'inject' } & InjectMessage)
  | ({ v: 1 } & CommandResult)
  | { v: 1; type: 'bookmark'; atMinute: number; note: string }
  | { v: 1; type: 'session'; state: SessionState; atMinute: number; endReason: EndReason | null }
  | {
      v: 1;
      type: 'seeked';
      minute: number;
      fromCheckpoint: number;
      replayedCommands: number;
      phases: Array<{ phase: Phase; atMinute: number }>;
      injects: Array<{ id: string; atMinute: number; channel: string }>;
      bookmarks: Array<{ atMinute: number; note: string }>;
    }
  | { v: 1; type: 'branched'; minute: number; droppedCommands: number }
  | { v: 1; type: 'error'; message: string; inReplyTo: string | null };

/** How the host sends: a message and the buffers that may be transferred with it. */
export type DrillSend = (message: DrillOut, transfer: ArrayBuffer[]) => void;

/** Parse an inbound message; the error names the first problem in one line. */
export function parseDrillIn(raw: unknown): { ok: true; message: DrillIn } | { ok: false; error: string } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return { ok: false, error: 'a message must be an object { v, type, ... }' };
  const ver = (raw as { v?: unknown }).v;
  if (ver !== PROTOCOL_VERSION)
    return {
      ok: false,
      error: `unsupported protocol version ${typeof ver === 'number' ? String(ver) : typeof ver} (expected 1)`,
    };
  const r = drillInSchema.safeParse(raw);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, error: `${i.path.join('.') || 'message'}: ${i.message}` };
  }
  return { ok: true, message: r.data };
}

/** The `type` of an inbound message if it has a string one (for error replies). */
export function typeOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const t = (raw as { type?: unknown }).type;
  return typeof t === 'string' ? t.slice(0, 40) : null;
}
