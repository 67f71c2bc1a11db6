/**
 * Operator levers: what a trainee (or a policy file) may ask for, validated before it reaches the model.
 * A command arrives as unknown JSON `{ command: "<name>", ...args }`; it leaves as a ModelCommand or as a
 * refusal with a reason a trainee can read. Defaults fill what the operator left out.
 */
import type { Feature, ModelCommand } from '../model/types';
import { dedicatedInUse, dedicatedPool, type Sim } from '../model/index';
import { modelCommandSchema, policyEntrySchema } from '../scenario/schema';

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

/** Outcome of checking a command. */
export type LeverResult = { ok: true; command: ModelCommand } | { ok: false; reason: string };

/**
 * Parse an operator command (shape and ranges only, no world state). Unknown names and bad arguments are
 * refused with a reason naming the problem.
 */
export function parseLever(input: unknown): LeverResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return { ok: false, reason: 'a command must be an object' };
  const { command: name, ...args } = input as { command?: unknown } & Record<string, unknown>;
  if (typeof name !== 'string' || !(LEVERS as readonly string[]).includes(name))
    return { ok: false, reason: `unknown command "${String(name)}" (known: ${LEVERS.join(', ')})` };
  if ('kind' in args) return { ok: false, reason: `${name}: unexpected argument "kind"` };
  // Ranges live once, in the model-command schema; the lever layer only adds operator defaults.
  const defaults = (LEVER_DEFAULTS as Record<string, object>)[name] ?? {};
  const r = modelCommandSchema.safeParse({ ...defaults, ...args, kind: name });
  if (!r.success) {
    const i = r.error.issues[0]!;
    return { ok: false, reason: `${name}: ${i.path.join('.') || 'arguments'}: ${i.message}` };
  }
  const command = r.data as ModelCommand;
  if (command.kind === 'forceUpdate' && command.targetVersion !== '5.0.0156')
    return {
      ok: false,
      reason: `forceUpdate: no client version "${command.targetVersion}" exists (5.0.0156 is the fix)`,
    };
  return { ok: true, command };
}

/**
 * Whether a feature will be on once every command already accepted has taken effect: the current state,
 * then pending commands in order, then `alsoAccepted` (commands accepted this minute, not yet stepped).
 */
export function featureEnabledAfterPending(
  sim: Sim,
  feature: Feature,
  alsoAccepted: readonly ModelCommand[] = [],
): boolean {
  let on = feature === 'offlineIm' ? sim.s.omEnabled : sim.s.groupVideoEnabled;
  for (const c of [...sim.pending.map((x) => x.command), ...alsoAccepted])
    if (c.kind === 'disableFeature' && c.feature === feature) on = !c.disabled;
  return on;
}

/**
 * Check a parsed command against the world as it will be once everything already accepted takes effect:
 * pool left, limits, and not already in effect. `alsoAccepted` are commands accepted earlier in the same
 * minute. Returns the command or the reason it is refused.
 */
export function checkLever(
  sim: Sim,
  c: ModelCommand,
  alsoAccepted: readonly ModelCommand[] = [],
): LeverResult {
  const p = sim.params;
  const d = p.dedicated;
  const poolAfter = () =>
    d.poolServers +
    (featureEnabledAfterPending(sim, 'groupVideo', alsoAccepted) ? 0 : d.groupVideoServers) +
    (featureEnabledAfterPending(sim, 'offlineIm', alsoAccepted) ? 0 : d.offlineImServers);
  const spunUpThisMinute = alsoAccepted.reduce(
    (n, x) => n + (x.kind === 'spinUpSupernodes' ? x.count : 0),
    0,
  );
  switch (c.kind) {
    case 'spinUpSupernodes': {
      const free = Math.min(poolAfter(), dedicatedPool(sim)) - dedicatedInUse(sim) - spunUpThisMinute;
      if (free <= 0)
        return {
          ok: false,
          reason:
            'no spare servers for dedicated supernodes (disable group video or offline IM to free some)',
        };
      if (c.count > free)
        return { ok: false, reason: `only ${free} spare servers are free; asked for ${c.count}` };
      if (c.capacity !== undefined && c.capacity > d.maxCapacity)
        return { ok: false, reason: `capacity above ${d.maxCapacity} clients per server is not possible` };
      return { ok: true, command: c };
    }
    case 'enableClientBackoff':
      if (
        sim.s.backoffEnabled ||
        sim.pending.some((x) => x.command.kind === 'enableClientBackoff') ||
        alsoAccepted.some((x) => x.kind === 'enableClientBackoff')
      )
        return { ok: false, reason: 'client back-off is already enabled' };
      return { ok: true, command: c };
    case 'disableFeature': {
      const on = featureEnabledAfterPending(sim, c.feature, alsoAccepted);
      if (on === !c.disabled)
        return { ok: false, reason: `${c.feature} is already ${c.disabled ? 'off' : 'on'}` };
      if (
        !c.disabled &&
        dedicatedInUse(sim) + spunUpThisMinute >
          poolAfter() - (c.feature === 'offlineIm' ? d.offlineImServers : d.groupVideoServers)
      )
        return {
          ok: false,
          reason: `its servers are running dedicated supernodes; turning ${c.feature} back on would take them down`,
        };
      return { ok: true, command: c };
    }
    case 'forceUpdate': {
      if (sim.s.rolloutFraction >= 1)
        return { ok: false, reason: 'every 5.0.0152 client has already been told to update' };
      // Asking again changes the rollout's pace or bandwidth; asking for the same one again is a no-op.
      const same = (x: ModelCommand) =>
        x.kind === 'forceUpdate' &&
        x.rolloutPercentPerHour === c.rolloutPercentPerHour &&
        x.bandwidthGbps === c.bandwidthGbps;
      const latest = [...sim.pending.map((x) => x.command), ...alsoAccepted]
        .filter((x) => x.kind === 'forceUpdate')
        .at(-1);
      const inEffect =
        latest !== undefined
          ? same(latest)
          : sim.s.rolloutActive &&
            sim.s.rolloutPercentPerHour === c.rolloutPercentPerHour &&
            sim.s.rolloutBandwidthGbps === c.bandwidthGbps;
      if (inEffect)
        return {
          ok: false,
          reason: `the update is already rolling out at ${c.rolloutPercentPerHour}%/h over ${c.bandwidthGbps} Gbit/s`,
        };
      return { ok: true, command: c };
    }
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
