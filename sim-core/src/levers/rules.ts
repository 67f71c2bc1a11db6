/**
 * Operator levers: what a trainee (or a policy file) may ask for, validated before it reaches the model. The
 * rules are written once, here: ranges and defaults (LEVER_RANGES, from the scenario where it sets them), the
 * checks against the world (checkLeverIn, on a plain LeverContext), lead times and costs (preview.ts, which runs
 * the same check). A command arrives as unknown JSON `{ command: "<name>", ...args }`; it leaves as a
 * ModelCommand or as a refusal in plain words. docs/levers.md describes each lever.
 */
import {
  leadMinutes as modelLeadMinutes,
  ORDER_KINDS,
  type Feature,
  type ModelCommand,
  type ModelParams,
  type OrderKind,
  type Sim,
} from '../model/index';
import { modelCommandSchema, policyEntrySchema } from '../scenario/schema';
import { JsonLimitError, parseJsonWithin, type JsonLimits } from '../scenario/json';
import { leverContext, type LeverContext } from './context';
import { num, people } from './words';

/** Lever names in the order the console shows them; `cancelOrder` withdraws a pending one. */
export const LEVERS = [...ORDER_KINDS, 'cancelOrder'] as const;
export type LeverName = (typeof LEVERS)[number];

/** What each order is called in sentences a trainee reads. */
export const ORDER_WORDS: Record<OrderKind, string> = {
  forceUpdate: 'the forced update',
  spinUpSupernodes: 'the dedicated supernodes',
  releaseSupernodes: 'the release of dedicated supernodes',
  scaleOfflineMessaging: 'the extra offline-IM capacity',
  disableFeature: 'the feature switch',
  throttleLogins: 'the login throttle',
  enableClientBackoff: 'client back-off',
};

/** Feature names in sentences. */
export const FEATURE_WORDS: Record<Feature, string> = { offlineIm: 'offline IM', groupVideo: 'group video' };

/** A numeric argument's range as the console offers it and the lever layer enforces it. */
export interface LeverRange {
  min: number;
  max: number;
  step: number;
  integer: boolean;
  /** The value used when the operator leaves the argument out. */
  defaultValue: number;
  /** The argument in a sentence: "the rollout". */
  what: string;
  /** Unit after a number: " % of 5.0.0152 users per hour". */
  unit: string;
}

/**
 * Ranges that hold in every scenario (what parseLever enforces without a world). The scenario's physical limits
 * (bandwidth, load per dedicated supernode, offline-IM growth, spare servers) narrow them in leverRanges and are
 * enforced by checkLeverIn.
 */
const BASE_RANGES: Record<string, Record<string, LeverRange>> = {
  forceUpdate: {
    rolloutPercentPerHour: r(1, 100, 1, true, 25, 'the rollout', '% of 5.0.0152 users an hour'),
    bandwidthGbps: r(1, 10000, 10, false, 100, 'the update-server bandwidth', ' Gbit/s'),
  },
  spinUpSupernodes: {
    count: r(1, 100000, 10, true, 100, 'the number of servers', ' servers'),
    capacity: r(100, 1_000_000, 100, true, 4000, 'the load per dedicated supernode', ' clients'),
  },
  releaseSupernodes: { count: r(1, 100000, 10, true, 100, 'the number of servers', ' servers') },
  scaleOfflineMessaging: { factor: r(1.01, 10, 0.1, false, 1.5, 'the capacity multiple', '×') },
  throttleLogins: {
    perMinute: r(1000, 10_000_000, 10000, true, 200000, 'the login cap', ' logins a minute'),
  },
};

/** Every numeric lever argument's range in this scenario, as the console offers it and checkLeverIn enforces it. */
export function leverRanges(p: ModelParams): Record<string, Record<string, LeverRange>> {
  const d = p.dedicated;
  const servers = d.poolServers + d.groupVideoServers + d.offlineImServers;
  const b = BASE_RANGES;
  return {
    forceUpdate: {
      rolloutPercentPerHour: b['forceUpdate']!['rolloutPercentPerHour']!,
      bandwidthGbps: { ...b['forceUpdate']!['bandwidthGbps']!, max: p.update.maxBandwidthGbps },
    },
    spinUpSupernodes: {
      count: { ...b['spinUpSupernodes']!['count']!, max: servers, defaultValue: Math.min(100, servers) },
      capacity: { ...b['spinUpSupernodes']!['capacity']!, max: d.maxCapacity, defaultValue: d.capacity },
    },
    releaseSupernodes: {
      count: { ...b['releaseSupernodes']!['count']!, max: servers, defaultValue: Math.min(100, servers) },
    },
    scaleOfflineMessaging: {
      factor: { ...b['scaleOfflineMessaging']!['factor']!, max: p.offlineIm.maxScale },
    },
    throttleLogins: b['throttleLogins']!,
  };
}

function r(
  min: number,
  max: number,
  step: number,
  integer: boolean,
  defaultValue: number,
  what: string,
  unit: string,
): LeverRange {
  return { min, max, step, integer, defaultValue, what, unit };
}

/** Outcome of checking a command. A refusal names the check that failed and says why in plain words. */
export type LeverResult =
  | { ok: true; command: ModelCommand }
  | { ok: false; reason: string; check: 'argsValid' | 'poolLeft' | 'notAlreadyInEffect' };

const refuse = (check: 'argsValid' | 'poolLeft' | 'notAlreadyInEffect', reason: string): LeverResult => ({
  ok: false,
  reason,
  check,
});

/**
 * Parse an operator command against this scenario's ranges (no world state). Unknown names and bad arguments
 * are refused with a sentence naming the problem and the accepted range.
 */
export function parseLever(input: unknown): LeverResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    return refuse('argsValid', 'A command must be an object such as { "command": "forceUpdate" }.');
  const { command: name, ...args } = input as { command?: unknown } & Record<string, unknown>;
  if (typeof name !== 'string' || !(LEVERS as readonly string[]).includes(name))
    return refuse(
      'argsValid',
      `There is no lever called "${String(name).slice(0, 40)}" (known: ${LEVERS.join(', ')}).`,
    );
  if ('kind' in args) return refuse('argsValid', 'A command names its lever with "command", not "kind".');
  const ranges = BASE_RANGES[name] ?? {};
  const filled: Record<string, unknown> = {};
  for (const [arg, range] of Object.entries(ranges)) {
    if (arg === 'capacity' && args[arg] === undefined) continue; // the model's default load
    filled[arg] = args[arg] === undefined ? range.defaultValue : args[arg];
  }
  if (name === 'disableFeature') filled['disabled'] = args['disabled'] ?? true;
  if (name === 'throttleLogins' && args['perMinute'] === null) filled['perMinute'] = null;
  for (const [arg, range] of Object.entries(ranges)) {
    const v = filled[arg];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return refuse(
        'argsValid',
        `${cap(range.what)} must be a number (got ${JSON.stringify(v)?.slice(0, 20) ?? 'nothing'}).`,
      );
    if (v < range.min || v > range.max || (range.integer && !Number.isInteger(v)))
      return refuse(
        'argsValid',
        `${cap(range.what)} must be ${range.integer ? 'a whole number ' : ''}from ${range.integer ? people(range.min) : num(range.min)} to ${range.integer ? people(range.max) : num(range.max)}${range.unit} (asked: ${num(v)}).`,
      );
  }
  const parsed = modelCommandSchema.safeParse({ ...args, ...filled, kind: name });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') ?? '';
    if (name === 'disableFeature' && field === 'feature')
      return refuse('argsValid', 'Choose the feature to switch: offline IM or group video.');
    if (name === 'disableFeature' && field === 'disabled')
      return refuse('argsValid', 'Say whether to switch the feature off or back on.');
    if (name === 'cancelOrder')
      return refuse('argsValid', 'Name the order to cancel: its lever and the minute it was issued.');
    return refuse('argsValid', `The ${field || 'command'} given is not valid for this lever.`);
  }
  return { ok: true, command: parsed.data as ModelCommand };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Commands the world will have seen once everything accepted takes effect: pending ones, then this minute's. */
function upcoming(ctx: LeverContext, alsoAccepted: readonly ModelCommand[]): ModelCommand[] {
  return [...ctx.pending.map((x) => x.command), ...alsoAccepted];
}

/** Whether a feature will be on once every command already accepted has taken effect. */
export function featureOnAfter(
  ctx: LeverContext,
  feature: Feature,
  alsoAccepted: readonly ModelCommand[] = [],
): boolean {
  let on = feature === 'offlineIm' ? ctx.omEnabled : ctx.groupVideoEnabled;
  for (const c of upcoming(ctx, alsoAccepted))
    if (c.kind === 'disableFeature' && c.feature === feature) on = !c.disabled;
  return on;
}

/** Servers for dedicated supernodes once accepted feature switches take effect (the lower of now and then). */
export function serversFree(
  p: ModelParams,
  ctx: LeverContext,
  alsoAccepted: readonly ModelCommand[] = [],
): number {
  const d = p.dedicated;
  const poolWith = (gv: boolean, om: boolean) =>
    d.poolServers + (gv ? 0 : d.groupVideoServers) + (om ? 0 : d.offlineImServers);
  const now = poolWith(ctx.groupVideoEnabled, ctx.omEnabled);
  const after = poolWith(
    featureOnAfter(ctx, 'groupVideo', alsoAccepted),
    featureOnAfter(ctx, 'offlineIm', alsoAccepted),
  );
  let used = ctx.dedicatedInUse;
  for (const c of alsoAccepted) {
    if (c.kind === 'spinUpSupernodes') used += c.count;
    if (c.kind === 'releaseSupernodes') used = Math.max(0, used - c.count);
  }
  return Math.min(now, after) - used;
}

/** Offline-IM capacity multiple once accepted orders arrive. */
export function omScaleAfter(ctx: LeverContext, alsoAccepted: readonly ModelCommand[] = []): number {
  let s = ctx.omScale;
  for (const c of upcoming(ctx, alsoAccepted)) if (c.kind === 'scaleOfflineMessaging') s *= c.factor;
  return s;
}

/**
 * Check a parsed command against the world as it will be once everything already accepted takes effect.
 * `alsoAccepted` are commands accepted earlier in the same minute. The console's previews call this same
 * function on the context it receives, so a preview and a refusal never disagree.
 */
export function checkLeverIn(
  p: ModelParams,
  ctx: LeverContext,
  c: ModelCommand,
  alsoAcceptedNow: readonly ModelCommand[] = [],
): LeverResult {
  const d = p.dedicated;
  const alsoAccepted = ctx.accepted.length > 0 ? [...ctx.accepted, ...alsoAcceptedNow] : alsoAcceptedNow;
  switch (c.kind) {
    case 'spinUpSupernodes': {
      const free = serversFree(p, ctx, alsoAccepted);
      if (c.capacity !== undefined && c.capacity > d.maxCapacity)
        return refuse('poolLeft', `A dedicated supernode carries at most ${people(d.maxCapacity)} clients.`);
      if (free <= 0)
        return refuse(
          'poolLeft',
          'Every spare server is already running a dedicated supernode; switching off group video or offline IM frees theirs.',
        );
      if (c.count > free)
        return refuse(
          'poolLeft',
          `Only ${people(free)} spare servers are free; you asked for ${people(c.count)}.`,
        );
      return { ok: true, command: c };
    }
    case 'releaseSupernodes': {
      const used =
        ctx.dedicatedInUse -
        alsoAccepted.reduce((n, x) => n + (x.kind === 'releaseSupernodes' ? x.count : 0), 0) +
        alsoAccepted.reduce((n, x) => n + (x.kind === 'spinUpSupernodes' ? x.count : 0), 0);
      if (used <= 0) return refuse('notAlreadyInEffect', 'No dedicated supernodes are running.');
      if (c.count > used)
        return refuse(
          'poolLeft',
          `Only ${people(used)} dedicated supernodes are running; you asked to release ${people(c.count)}.`,
        );
      return { ok: true, command: c };
    }
    case 'enableClientBackoff':
      if (ctx.backoffEnabled || upcoming(ctx, alsoAccepted).some((x) => x.kind === 'enableClientBackoff'))
        return refuse('notAlreadyInEffect', 'Client back-off is already switched on (or ordered).');
      return { ok: true, command: c };
    case 'disableFeature': {
      const name = FEATURE_WORDS[c.feature];
      if (featureOnAfter(ctx, c.feature, alsoAccepted) === !c.disabled)
        return refuse(
          'notAlreadyInEffect',
          `${cap(name)} is already ${c.disabled ? 'off' : 'on'} (or ordered so).`,
        );
      if (!c.disabled) {
        const own = c.feature === 'offlineIm' ? d.offlineImServers : d.groupVideoServers;
        if (serversFree(p, ctx, alsoAccepted) < own)
          return refuse(
            'poolLeft',
            `Dedicated supernodes are running on ${name}'s servers; release ${people(own - Math.max(0, serversFree(p, ctx, alsoAccepted)))} of them before switching it back on.`,
          );
      }
      return { ok: true, command: c };
    }
    case 'scaleOfflineMessaging': {
      const after = omScaleAfter(ctx, alsoAccepted) * c.factor;
      if (after > p.offlineIm.maxScale + 1e-9)
        return refuse(
          'poolLeft',
          `The offline-IM cluster can grow to at most ${num(p.offlineIm.maxScale)}× its normal size; with what is ordered it would be ${num(after)}×.`,
        );
      return { ok: true, command: c };
    }
    case 'forceUpdate': {
      if (c.targetVersion !== undefined && c.targetVersion !== p.update.fixedVersion)
        return refuse(
          'argsValid',
          `No client version "${c.targetVersion.slice(0, 20)}" exists; ${p.update.fixedVersion} is the fix.`,
        );
      if (ctx.rolloutFraction >= 1)
        return refuse('notAlreadyInEffect', `Every 5.0.0152 client has already been told to update.`);
      if (c.bandwidthGbps > p.update.maxBandwidthGbps)
        return refuse(
          'poolLeft',
          `The update servers can serve at most ${num(p.update.maxBandwidthGbps)} Gbit/s.`,
        );
      const latest = upcoming(ctx, alsoAccepted)
        .filter((x) => x.kind === 'forceUpdate')
        .at(-1);
      const inEffect =
        latest !== undefined
          ? latest.rolloutPercentPerHour === c.rolloutPercentPerHour &&
            latest.bandwidthGbps === c.bandwidthGbps
          : ctx.rolloutActive &&
            ctx.rolloutPercentPerHour === c.rolloutPercentPerHour &&
            ctx.rolloutBandwidthGbps === c.bandwidthGbps;
      if (inEffect)
        return refuse(
          'notAlreadyInEffect',
          `The update is already rolling out at ${num(c.rolloutPercentPerHour)}% an hour over ${num(c.bandwidthGbps)} Gbit/s.`,
        );
      return { ok: true, command: c };
    }
    case 'throttleLogins': {
      const latest = upcoming(ctx, alsoAccepted)
        .filter((x) => x.kind === 'throttleLogins')
        .at(-1);
      const current = latest !== undefined ? latest.perMinute : ctx.loginThrottle;
      if (current === c.perMinute)
        return refuse(
          'notAlreadyInEffect',
          c.perMinute === null
            ? 'No login cap is in force.'
            : `Logins are already capped at ${people(c.perMinute)} a minute.`,
        );
      return { ok: true, command: c };
    }
    case 'cancelOrder': {
      const waiting = ctx.pending.find(
        (x) => x.issued === c.issuedAtMinute && x.command.kind === c.order && x.at > ctx.minute,
      );
      if (waiting) return { ok: true, command: c };
      const thisMinute = alsoAccepted.some((x) => x.kind === c.order) && c.issuedAtMinute === ctx.minute;
      if (thisMinute) return { ok: true, command: c };
      return refuse(
        'notAlreadyInEffect',
        `${cap(ORDER_WORDS[c.order])} ordered at minute ${c.issuedAtMinute} is not waiting any more: it has taken effect (or was never accepted), so it cannot be cancelled.`,
      );
    }
    case 'offlineImCapacity':
      return { ok: true, command: c };
  }
}

/** checkLever against a running sim. */
export function checkLever(
  sim: Sim,
  c: ModelCommand,
  alsoAccepted: readonly ModelCommand[] = [],
): LeverResult {
  return checkLeverIn(sim.params, leverContext(sim), c, alsoAccepted);
}

/** Lead time of a command in minutes (the model's, for every caller). */
export function leadMinutes(p: ModelParams, c: ModelCommand): number {
  return modelLeadMinutes({ params: p } as Sim, c);
}

/** Whether a feature will be on once every command already accepted has taken effect (for a running sim). */
export function featureEnabledAfterPending(
  sim: Sim,
  feature: Feature,
  alsoAccepted: readonly ModelCommand[] = [],
): boolean {
  return featureOnAfter(leverContext(sim), feature, alsoAccepted);
}

/** A policy: commands at simulated minutes, as in a policy file. */
export type Policy = Array<{ atMinute: number; command: ModelCommand }>;

/** The arguments a lever takes (its fields in the model command, `kind` aside): `count`, `capacity`. */
export function leverArgNames(name: LeverName): string[] {
  if (name === 'cancelOrder') return ['order', 'issuedAtMinute'];
  const option = modelCommandSchema.options.find((o) => o.shape.kind.value === name);
  return Object.keys(option?.shape ?? {}).filter((k) => k !== 'kind');
}

/**
 * The shape bound of a policy file's text (checked before parsing, sim-core/src/scenario/json.ts): 1 MB, an
 * array of flat entries (depth 2), an entry's keys (`atMinute`, `command` and at most 3 arguments) well below
 * 32, and at most 20,000 entries (a drill log's limit, MAX_LOG_ENTRIES).
 */
export const POLICY_JSON_LIMITS: JsonLimits = {
  maxChars: 1_000_000,
  maxDepth: 4,
  maxKeys: 32,
  maxItems: 20_000,
};

/**
 * Parse a policy file's JSON (an array of `{ atMinute, command, ...args }`). Throws with a one-line reason.
 * Strict: a key that is not one of the lever's arguments is an error naming it (`"cout"` is not taken for
 * `count` and left at its default).
 */
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
    const known = leverArgNames(rest.command as LeverName);
    const unknown = Object.keys(rest).find((k) => k !== 'command' && !known.includes(k));
    if (unknown !== undefined)
      throw new Error(
        `policy entry ${i} (minute ${atMinute}): ${rest.command} has no argument ${JSON.stringify(unknown.slice(0, 40))} (${known.length > 0 ? `its arguments: ${known.join(', ')}` : 'it takes none'})`,
      );
    out.push({ atMinute, command: r.command });
  });
  return out.sort((a, b) => a.atMinute - b.atMinute);
}

/** A policy file's text (`what` names it in messages): size and shape checked before parsing (POLICY_JSON_LIMITS), then {@link parsePolicy}. */
export function parsePolicyText(text: string, what = 'the policy file'): Policy {
  let json: unknown;
  try {
    json = parseJsonWithin(text, POLICY_JSON_LIMITS, what);
  } catch (e) {
    if (e instanceof JsonLimitError) throw e;
    throw new Error(`not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  return parsePolicy(json);
}
