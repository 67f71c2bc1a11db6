/**
 * The drill log: what was said to a drill, each entry stamped with the tick (simulated minute) it was said at
 * and the role that said it. A session file stores it, the host replays it (Resume drill), a traced run is made
 * from it, and a policy becomes one. One zod schema here; the type is inferred from it, so the file format,
 * the protocol's `replay` message and every caller share one definition.
 */
import { z } from 'zod';

/** Who speaks for the facilitator in a log. */
export const FACILITATOR = 'facilitator';

/** Most entries a log may hold (a session file, a `replay` message): a 48 h drill with thousands of commands is far below it. */
export const MAX_LOG_ENTRIES = 20_000;

/** Last tick a log, a replay or a session's progress may name: 14 simulated days. */
export const MAX_LOG_TICK = 14 * 1440;

/** A tick (simulated minute) a log may name. */
export const logTickSchema = z.number().int().min(0).max(MAX_LOG_TICK);

/**
 * Longest role name, in characters: one constant for the session file (log entries, participants, a team
 * drill's seats and commands) and the seat protocol (a role a seat asks for or is given), so a file never
 * holds a role the protocol would refuse.
 */
export const MAX_ROLE_CHARS = 40;
/** Longest person's name (a participant, a note's author, a seat) in a session file, in characters. */
export const MAX_NAME_CHARS = 80;

/** A role name in a log, a session's participants or a team record: 1 to MAX_ROLE_CHARS characters. */
export const roleSchema = z.string().min(1).max(MAX_ROLE_CHARS);
/** A person's name in a session file: 1 to MAX_NAME_CHARS characters. */
export const nameSchema = z.string().min(1).max(MAX_NAME_CHARS);

const arg = z.union([z.string().max(200), z.number().finite(), z.boolean(), z.null()]);

/**
 * One thing said to the drill, stamped with the tick it was said at, before that tick was simulated, and with
 * who said it. Same-tick entries keep their order.
 */
export const logEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    tick: logTickSchema,
    kind: z.literal('command'),
    role: roleSchema,
    command: z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'a lever name: letters and digits'),
    args: z.record(z.string().max(40), arg).refine((a) => Object.keys(a).length <= 16, 'too many arguments'),
  }),
  z.strictObject({
    tick: logTickSchema,
    kind: z.literal('inject'),
    role: roleSchema,
    id: z.string().min(1).max(64),
  }),
  z.strictObject({
    tick: logTickSchema,
    kind: z.literal('bookmark'),
    role: roleSchema,
    note: z.string().max(500),
  }),
  z.strictObject({ tick: logTickSchema, kind: z.literal('end'), role: roleSchema }),
  /** A team drill's status page: opened at the start (a solo drill has none), or an update published. */
  z.strictObject({
    tick: logTickSchema,
    kind: z.literal('status'),
    role: roleSchema,
    event: z.enum(['opened', 'published']),
  }),
]);

/** One entry of the drill log (inferred from `logEntrySchema`). */
export type LogEntry = z.infer<typeof logEntrySchema>;

/** A whole log: at most MAX_LOG_ENTRIES entries (tick order is checked where the log is used). */
export const logSchema = z.array(logEntrySchema).max(MAX_LOG_ENTRIES);
