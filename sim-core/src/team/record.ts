/**
 * What a team drill adds to its session file, as a schema (one owner): the seats, who issued each command and
 * what the host decided, and the team channel (lines, observer notes, status drafts and updates, facilitator
 * messages). The session file embeds it as its optional `team` field; the seat protocol sends the same shapes.
 */
import { z } from 'zod';
import { nameSchema as name, roleSchema as role } from '../drill/log';

const tick = z
  .number()
  .int()
  .min(0)
  .max(14 * 1440);
const seatId = z.string().regex(/^s[0-9]{1,6}$/, 'a seat id');
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, 'an ISO 8601 UTC time');

/** A line in the team channel (or a note, draft, status update, facilitator message or host notice). */
export const channelLineSchema = z.strictObject({
  /** Wall time on the host. */
  at: iso,
  /** Simulated minute when it was said. */
  minute: tick,
  kind: z.enum(['say', 'note', 'statusDraft', 'status', 'message', 'activity']),
  seat: seatId,
  name,
  role,
  text: z.string().max(4000),
  /** For facilitator messages to one seat (or `facilitator` for host notices only the facilitator sees). */
  toSeat: z.string().max(20).optional(),
});
export type ChannelLine = z.infer<typeof channelLineSchema>;

/** One command a seat issued, and what the host decided. */
export const teamCommandSchema = z.strictObject({
  minute: tick,
  seat: seatId,
  name,
  role,
  command: z.string().min(1).max(40),
  ok: z.boolean(),
  reason: z.string().max(1000).nullable(),
  takesEffectAtMinute: tick.nullable(),
});
export type TeamCommand = z.infer<typeof teamCommandSchema>;

export const teamRecordSchema = z.strictObject({
  seats: z.array(z.strictObject({ id: seatId, name, role })).max(200),
  commands: z.array(teamCommandSchema).max(50_000),
  channel: z.array(channelLineSchema).max(20_000),
});
export type TeamRecord = z.infer<typeof teamRecordSchema>;
