/**
 * Operator levers: what a trainee (or a policy file) may ask for, validated before it reaches the model.
 * A command arrives as unknown JSON `{ command: "<name>", ...args }`; it leaves as a ModelCommand or as a
 * refusal with a reason a trainee can read. Defaults fill what the operator left out.
 */
import { z } from 'zod';
import type { ModelCommand } from '../model/types';
import { dedicatedInUse, dedicatedPool, type Sim } from '../model/index';
import { policyEntrySchema } from '../scenario/schema';

/** Lever names in the order the console shows them. */
export const LEVERS = [
  'forceUpdate',
  'spinUpSupernodes',
  'scaleOfflineMessaging',
  'disableFeature',
  'throttleLogins',
  'enableClientBackoff',
] as const;
export type LeverName = (typeof LEVERS)[number];

/** Defaults applied when an operator leaves a parameter out (documented in docs/levers.md). */
export const LEVER_DEFAULTS = {
  forceUpdate: { targetVersion: '5.0.0156', rolloutPercentPerHour: 25, bandwidthGbps: 100 },
  spinUpSupernodes: { count: 100 },
  scaleOfflineMessaging: { factor: 1.5 },
  disableFeature: { disabled: true },
  throttleLogins: { perMinute: 200000 },
} as const;

const leverSchema = z.discriminatedUnion('command', [
  z.object({
    command: z.literal('forceUpdate'),
    targetVersion: z.literal('5.0.0156').default(LEVER_DEFAULTS.forceUpdate.targetVersion),
    rolloutPercentPerHour: z
      .number()
      .finite()
      .gt(0)
      .max(100)
      .default(LEVER_DEFAULTS.forceUpdate.rolloutPercentPerHour),
    bandwidthGbps: z.number().finite().gt(0).max(10000).default(LEVER_DEFAULTS.forceUpdate.bandwidthGbps),
  }),
  z.object({
    command: z.literal('spinUpSupernodes'),
    count: z.number().int().min(1).max(100000).default(LEVER_DEFAULTS.spinUpSupernodes.count),
    capacity: z.number().int().min(100).max(1_000_000).optional(),
  }),
  z.object({
    command: z.literal('scaleOfflineMessaging'),
    factor: z.number().finite().min(1.01).max(10).default(LEVER_DEFAULTS.scaleOfflineMessaging.factor),
  }),
  z.object({
    command: z.literal('disableFeature'),
    feature: z.enum(['offlineIm', 'groupVideo']),
    disabled: z.boolean().default(LEVER_DEFAULTS.disableFeature.disabled),
  }),
  z.object({
    command: z.literal('throttleLogins'),
    perMinute: z
      .number()
      .int()
      .min(1000)
      .max(100_000_000)
      .nullable()
      .default(LEVER_DEFAULTS.throttleLogins.perMinute),
  }),
  z.object({ command: z.literal('enableClientBackoff') }),
]);

/** Outcome of checking a command. */
export type LeverResult = { ok: true; command: ModelCommand } | { ok: false; reason: string };

/**
 * Parse an operator command (shape and ranges only, no world state). Unknown names and bad arguments are
 * refused with a reason naming the problem.
 */
export function parseLever(input: unknown): LeverResult {
  if (typeof input !== 'object' || input === null)
    return { ok: false, reason: 'a command must be an object' };
  const name = (input as { command?: unknown }).command;
  if (typeof name !== 'string' || !(LEVERS as readonly string[]).includes(name))
    return { ok: false, reason: `unknown command "${String(name)}" (known: ${LEVERS.join(', ')})` };
  const r = leverSchema.safeParse(input);
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, reason: `${name}: ${i.path.join('.') || 'arguments'}: ${i.message}` };
  }
  const { command, ...args } = r.data;
  return { ok: true, command: { kind: command, ...args } as ModelCommand };
}

/**
 * Check a parsed command against the world: pool left, limits, and not already in effect. Returns the
 * command (possibly unchanged) or the reason it is refused.
 */
export function checkLever(sim: Sim, c: ModelCommand): LeverResult {
  const p = sim.params;
  switch (c.kind) {
    case 'spinUpSupernodes': {
      const free = dedicatedPool(sim) - dedicatedInUse(sim);
      if (free <= 0)
        return {
          ok: false,
          reason:
            'no spare servers for dedicated supernodes (disable group video or offline IM to free some)',
        };
      if (c.count > free)
        return { ok: false, reason: `only ${free} spare servers are free; asked for ${c.count}` };
      if (c.capacity !== undefined && c.capacity > p.dedicated.maxCapacity)
        return {
          ok: false,
          reason: `capacity above ${p.dedicated.maxCapacity} clients per server is not possible`,
        };
      return { ok: true, command: c };
    }
    case 'enableClientBackoff':
      if (sim.s.backoffEnabled || sim.pending.some((x) => x.command.kind === 'enableClientBackoff'))
        return { ok: false, reason: 'client back-off is already enabled' };
      return { ok: true, command: c };
    case 'disableFeature': {
      const enabled = c.feature === 'offlineIm' ? sim.s.omEnabled : sim.s.groupVideoEnabled;
      if (enabled === !c.disabled)
        return { ok: false, reason: `${c.feature} is already ${c.disabled ? 'off' : 'on'}` };
      if (!c.disabled) {
        const freed =
          c.feature === 'offlineIm' ? p.dedicated.offlineImServers : p.dedicated.groupVideoServers;
        if (dedicatedInUse(sim) > dedicatedPool(sim) - freed)
          return {
            ok: false,
            reason: `its servers are running dedicated supernodes; turning ${c.feature} back on would take them down`,
          };
      }
      return { ok: true, command: c };
    }
    case 'forceUpdate':
      if (sim.s.rolloutFraction >= 1)
        return { ok: false, reason: 'every 5.0.0152 client has already been told to update' };
      return { ok: true, command: c };
    default:
      return { ok: true, command: c };
  }
}

/** A policy: commands at simulated minutes, as in a policy file. */
export type Policy = Array<{ atMinute: number; command: ModelCommand }>;

/** Parse a policy file's JSON (an array of `{ atMinute, command, ...args }`). Throws with a one-line reason. */
export function parsePolicy(json: unknown): Policy {
  if (!Array.isArray(json))
    throw new Error('a policy must be a JSON array of { "atMinute": m, "command": "<name>", ... }');
  const out: Policy = [];
  json.forEach((entry, i) => {
    const e = policyEntrySchema.safeParse(entry);
    if (!e.success)
      throw new Error(
        `policy entry ${i}: ${e.error.issues[0]!.path.join('.') || 'entry'}: ${e.error.issues[0]!.message}`,
      );
    const { atMinute, ...rest } = e.data;
    const r = parseLever(rest);
    if (!r.ok) throw new Error(`policy entry ${i} (minute ${atMinute}): ${r.reason}`);
    out.push({ atMinute, command: r.command });
  });
  return out.sort((a, b) => a.atMinute - b.atMinute);
}
