/**
 * The scenario file format, validated with zod. The model section is checked against the model's own
 * ModelParams type (written once, in sim-core/src/model/types.ts): if the two drift apart, this file stops
 * compiling. Everything around the model (title, start time, history, policies, timeline data) is scenario-only.
 */
import { z } from 'zod';
import { ORDER_KINDS, type ModelParams } from '../model/types';
import type { FacebookParams } from '../model/facebook';
import type { S3Params } from '../model/s3';

/** Longest scenario: 14 simulated days, in minutes (every minute field is bounded by it). */
export const MAX_SCENARIO_MINUTES = 14 * 1440;
/**
 * Most supernode slots (user-hosted, spare and dedicated) a scenario may allocate: about four times the
 * shipped full-scale network (64,700). The model keeps 48 bytes of state per slot (SNAPSHOT_BYTES_PER_SLOT).
 */
export const MAX_SUPERNODE_SLOTS = 250_000;
/**
 * Most slot-minutes (slots x durationMinutes) a scenario may ask for: the largest network for 48 hours. The
 * model costs about 40 ns per slot-minute on the 2-core CI machine (80 ns under heavy load), so the largest
 * allowed scenario simulates end to end in under a minute; a longer scenario must be smaller.
 */
export const MAX_SLOT_MINUTES = MAX_SUPERNODE_SLOTS * 2880;
/** Bytes of model state per supernode slot (snapshot size; sim-core/test checks it against `snapshot`). */
export const SNAPSHOT_BYTES_PER_SLOT = 48;
/** Fixed part of a snapshot and a timeline checkpoint beside the per-slot arrays, in bytes (an upper bound). */
export const SNAPSHOT_BASE_BYTES = 64 * 1024;
/** Memory the drill host may spend on seek checkpoints (one snapshot per `checkpointEveryMinutes`). */
export const CHECKPOINT_BUDGET_BYTES = 512 * 1024 * 1024;
/** Largest capacity (clients) of any supernode: far below 2^31, the model's 32-bit per-slot counters. */
export const MAX_SUPERNODE_CAPACITY = 1_000_000;
/** Largest population: below 2^31 (the model's 32-bit per-kind counters). */
export const MAX_POPULATION = 2_000_000_000;

/** Supernode slots a scenario's model allocates (user-hosted, spare, and every possible dedicated server). */
export function supernodeSlots(m: {
  supernodes: { count: number; spareSlots: number };
  dedicated: { poolServers: number; groupVideoServers: number; offlineImServers: number };
}): number {
  const d = m.dedicated;
  return (
    m.supernodes.count + m.supernodes.spareSlots + d.poolServers + d.groupVideoServers + d.offlineImServers
  );
}

/** Bytes the drill host's checkpoints take over the whole scenario at full scale with this interval. */
export function checkpointBytes(
  m: Parameters<typeof supernodeSlots>[0] & { durationMinutes: number },
  everyMinutes: number,
): number {
  const snapshots = Math.ceil(m.durationMinutes / everyMinutes) + 1;
  return snapshots * (supernodeSlots(m) * SNAPSHOT_BYTES_PER_SLOT + SNAPSHOT_BASE_BYTES);
}

/** The shortest checkpoint interval (minutes) whose checkpoints fit CHECKPOINT_BUDGET_BYTES. */
export function minCheckpointMinutes(m: Parameters<typeof checkpointBytes>[0]): number {
  let every = 1;
  while (every < m.durationMinutes && checkpointBytes(m, every) > CHECKPOINT_BUDGET_BYTES) every++;
  return every;
}

const int = (min = 0) => z.number().int().min(min);
/** A finite number in [0, max]. */
const nonNeg = (max: number) => z.number().finite().nonnegative().max(max);
/** A finite number in (0, max]. */
const pos = (max: number) => z.number().finite().positive().max(max);
const share = z.number().finite().min(0).max(1);
/** A minute count or a minute of the scenario: [min, 14 days]. */
const minutes = (min = 0) => int(min).max(MAX_SCENARIO_MINUTES);
/** Load factors (multiples of a supernode's normal load). */
const factor = pos(1000);
/** Attempts, logins or requests per client (or supernode) per minute. */
const perMinute = nonNeg(1_000_000);
/** Money per unit (US dollars). */
const usd = nonNeg(1_000_000_000);
/** Milliseconds of latency: up to an hour. */
const ms = pos(3_600_000);
const capacity = int(1).max(MAX_SUPERNODE_CAPACITY);
const range = (n: z.ZodNumber) =>
  z
    .object({ min: n, max: n })
    .refine((r: { min: number; max: number }) => r.min <= r.max, 'min must be <= max');
const kindShares = z
  .array(share)
  .length(5)
  .refine((a) => Math.abs(a.reduce((x, y) => x + y, 0) - 1) < 1e-6, 'shares must sum to 1');

/** Model commands as they appear in scenario effects and policies. */
export const modelCommandSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('forceUpdate'),
    targetVersion: z.string().min(1).max(40).optional(),
    rolloutPercentPerHour: z.number().finite().gt(0).max(100),
    bandwidthGbps: z.number().finite().gt(0).max(10000),
  }),
  z.object({
    kind: z.literal('spinUpSupernodes'),
    count: int(1).max(100000),
    capacity: z.number().int().min(100).max(MAX_SUPERNODE_CAPACITY).optional(),
  }),
  z.object({ kind: z.literal('releaseSupernodes'), count: int(1).max(100000) }),
  z.object({
    kind: z.literal('cancelOrder'),
    order: z.enum(ORDER_KINDS),
    issuedAtMinute: minutes(),
  }),
  z.object({ kind: z.literal('scaleOfflineMessaging'), factor: z.number().finite().min(1.01).max(10) }),
  z.object({
    kind: z.literal('disableFeature'),
    feature: z.enum(['offlineIm', 'groupVideo']),
    disabled: z.boolean(),
  }),
  z.object({
    kind: z.literal('throttleLogins'),
    perMinute: z.number().int().min(1000).max(100_000_000).nullable(),
  }),
  z.object({ kind: z.literal('enableClientBackoff') }),
  z.object({ kind: z.literal('offlineImCapacity'), factor: z.number().finite().gt(0).max(10) }),
]);

const modelSchema = z
  .object({
    /** Which model plays this section: `skype` (the default when left out). */
    kind: z.literal('skype').optional(),
    startMinuteOfDay: int().max(1439),
    durationMinutes: minutes(60),
    triggerMinute: minutes(),
    variation: z
      .object({
        triggerMinute: range(minutes()),
        rampScale: range(z.number().finite().min(0.25).max(4)),
        buggyShare: range(share),
        crashPerSlowReply: range(share),
        restartDelayScale: range(z.number().finite().min(0.25).max(4)),
      })
      .nullable()
      .default(null),
    population: z.object({
      total: int(1000).max(MAX_POPULATION),
      peakOnline: int(100).max(MAX_POPULATION),
      diurnal: z.array(z.number().finite().min(0).max(1)).length(24),
      kindShares,
      sessionMinutes: pos(MAX_SCENARIO_MINUTES),
    }),
    supernodes: z.object({
      count: int(10).max(MAX_SUPERNODE_SLOTS),
      spareSlots: int(0).max(MAX_SUPERNODE_SLOTS),
      capacityMin: capacity,
      capacityMax: capacity,
      hostKindShares: kindShares,
      regionShares: z.array(share).length(6),
      protectLoadFactorMin: factor,
      protectLoadFactorMax: factor,
      protectAfterMinutes: z.number().finite().min(1).max(1440),
      robustShare: share,
      robustLoadFactor: factor,
      coolDownMinutes: minutes(1),
      warmupMinutes: minutes(1),
      attemptCost: nonNeg(1000),
      loginCost: nonNeg(1000),
      acceptPerMinute: int(1).max(MAX_SUPERNODE_CAPACITY),
      hostSessionMinutes: pos(MAX_SCENARIO_MINUTES),
      clientsPerSupernodeTarget: pos(MAX_SUPERNODE_CAPACITY),
      promotionPerMinute: share,
      eligiblePerMinute: share,
    }),
    search: z.object({
      attemptsPerMinute: pos(1000),
      backoffAttemptsPerMinute: pos(1000),
      giveUpPerMinute: share,
    }),
    restart: z.object({
      delayMinutes: z.array(int(1).max(240)).min(1).max(240),
      delayWeights: z.array(nonNeg(1_000_000)).min(1).max(240),
      neverWeight: nonNeg(1_000_000),
    }),
    offlineIm: z.object({
      capacityPerMinute: pos(1e12),
      syncPerOnlinePerMinute: perMinute,
      requestsPerLogin: nonNeg(1000),
      baseLatencyMs: ms,
      maxLatencyMs: ms,
      costPerCapacityHour: usd,
      serviceShare: share,
      scaleLeadMinutes: minutes(),
      maxScale: z.number().finite().min(1).max(10),
    }),
    bug: z.object({ slowReplyMs: ms, fullHazardMs: ms, crashPerSlowReply: share }),
    dedicated: z.object({
      poolServers: int(0).max(100_000),
      groupVideoServers: int(0).max(100_000),
      groupVideoServiceShare: share,
      offlineImServers: int(0).max(100_000),
      capacity,
      maxCapacity: capacity,
      leadMinutes: minutes(),
      costPerServerHour: usd,
      acceptPerMinute: int(1).max(MAX_SUPERNODE_CAPACITY),
      cacheBoost: factor,
    }),
    update: z.object({
      fixedVersion: z.string().min(1).max(40),
      maxBandwidthGbps: z.number().finite().min(1).max(10000),
      defaultBandwidthGbps: z.number().finite().min(1).max(10000),
      onHandGbps: z.number().finite().min(0).max(10000),
      provisionGbpsPerHour: nonNeg(10000),
      costPerGbpsHour: usd,
      packageMB: pos(100_000),
      installMinutes: int(1).max(240),
      costPerTB: usd,
      supernodeRejoinMinutes: int(0).max(240),
      leadMinutes: minutes(),
    }),
    levers: z.object({
      throttleLeadMinutes: minutes(),
      backoffLeadMinutes: minutes(),
      disableLeadMinutes: minutes(),
    }),
    effects: z.array(z.intersection(z.object({ atMinute: minutes() }), modelCommandSchema)).max(1000),
  })
  .superRefine((m, ctx) => {
    const issue = (message: string, path: (string | number)[]) =>
      ctx.addIssue({ code: 'custom', message, path });
    if (m.supernodes.capacityMax < m.supernodes.capacityMin)
      issue('capacityMax must be >= capacityMin', ['supernodes', 'capacityMax']);
    if (m.supernodes.protectLoadFactorMax < m.supernodes.protectLoadFactorMin)
      issue('protectLoadFactorMax must be >= protectLoadFactorMin', ['supernodes', 'protectLoadFactorMax']);
    if (m.restart.delayMinutes.length !== m.restart.delayWeights.length)
      issue('delayMinutes and delayWeights must have the same length', ['restart', 'delayWeights']);
    if (m.bug.fullHazardMs <= m.bug.slowReplyMs)
      issue('fullHazardMs must exceed slowReplyMs', ['bug', 'fullHazardMs']);
    // Headroom keeps the per-kind split of the gone pool non-negative at start (apportion is not monotone).
    if (m.population.peakOnline > 0.95 * m.population.total)
      issue('peakOnline must be at most 95% of the population', ['population', 'peakOnline']);
    if (m.triggerMinute >= m.durationMinutes)
      issue('triggerMinute must fall inside the scenario', ['triggerMinute']);
    if (m.variation !== null && m.variation.triggerMinute.max >= m.durationMinutes)
      issue('variation.triggerMinute must fall inside the scenario', ['variation', 'triggerMinute']);
    if (m.update.installMinutes >= 256) issue('installMinutes must be < 256', ['update', 'installMinutes']);
    if (m.dedicated.maxCapacity < m.dedicated.capacity)
      issue('maxCapacity must be >= capacity', ['dedicated', 'maxCapacity']);
    if (m.offlineIm.maxLatencyMs < m.offlineIm.baseLatencyMs)
      issue('maxLatencyMs must be >= baseLatencyMs', ['offlineIm', 'maxLatencyMs']);
    const slots = supernodeSlots(m);
    if (slots > MAX_SUPERNODE_SLOTS)
      issue(
        `the network has ${slots} supernode slots (count + spareSlots + dedicated servers); at most ${MAX_SUPERNODE_SLOTS}`,
        ['supernodes', 'count'],
      );
    else if (slots * m.durationMinutes > MAX_SLOT_MINUTES)
      issue(
        `${slots} supernode slots for ${m.durationMinutes} minutes is past the time budget (slots x minutes at most ${MAX_SLOT_MINUTES}: at most ${Math.floor(MAX_SLOT_MINUTES / slots)} minutes for this network)`,
        ['durationMinutes'],
      );
  });

/** One scheduled command of a policy: `{ atMinute, command, ...args }` (the policy-file format). */
export const policyEntrySchema = z
  .object({ atMinute: minutes(), command: z.string().min(1).max(40) })
  .catchall(z.unknown());

/** A point of the published record, for the ghost curve. */
const historyPoint = z.object({
  minute: minutes(),
  online: int(0).max(MAX_POPULATION),
  source: z.string().max(400).optional(),
});

/** The whole scenario file. */
export const scenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'id: lower-case letters, digits and dashes'),
  version: int(1).max(1_000_000),
  title: z.string().min(1).max(200),
  summary: z.string().max(4000).optional(),
  /** What the drill teaches, in one short sentence without the spoiler (the choice screen shows it). */
  teaches: z.string().min(1).max(300).optional(),
  /** Wall-clock time of tick 0, ISO 8601 in UTC (e.g. 2010-12-22T12:00:00Z). */
  startIso: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/, 'startIso: ISO 8601 UTC, e.g. 2010-12-22T12:00:00Z'),
  model: modelSchema,
  /** The published record (online users), drawn as a ghost. */
  history: z.array(historyPoint).max(10_000).default([]),
  /** Named policies in the policy-file format, e.g. `historical`: what the real operators did. */
  policies: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,39}$/, 'a policy name'),
      z.array(policyEntrySchema).max(10_000),
    )
    .default({}),
  /** Timeline data (phases, injects, briefing): validated by the timeline layer. */
  timeline: z.unknown().optional(),
});

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;

// Compile-time proof that the schema's model section is exactly the model's contract.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _modelMatches: Exact<z.infer<typeof modelSchema>, ModelParams> = true;
void _modelMatches;

/** Facebook 2010 commands as they appear in its scripted effects (model/facebook.ts parses policy entries). */
const facebookCommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixStoredValue') }),
  z.object({ kind: z.literal('cutAllTraffic') }),
  z.object({ kind: z.literal('readmitUsers'), percentPerMinute: z.number().finite().min(0.1).max(100) }),
  z.object({ kind: z.literal('disableVerifier') }),
  z.object({ kind: z.literal('keepStaleOnError') }),
  z.object({
    kind: z.literal('rateLimitRepair'),
    queriesPerSecond: z.number().finite().min(1).max(10_000_000),
  }),
  z.object({ kind: z.literal('jitterExpiry'), windowSeconds: z.number().finite().min(1).max(3600) }),
]);

/** The Facebook 2010 model's section (model/facebook.ts FacebookParams; docs/model-facebook-2010.md). */
const facebookModelSchema = z
  .object({
    kind: z.literal('facebook'),
    startMinuteOfDay: int().max(1439),
    durationMinutes: minutes(60).max(2 * 1440),
    triggerMinute: minutes(),
    users: z.object({ onlineByHour: z.array(int(0).max(MAX_POPULATION)).length(24) }).strict(),
    web: z
      .object({
        clients: int(1).max(100_000_000),
        pollSeconds: pos(3600),
        repairQueriesPerSecond: pos(100),
        ordinaryQueriesPerSecond: nonNeg(100),
      })
      .strict(),
    database: z
      .object({
        capacityQps: pos(1e9),
        overloadedShare: z.number().finite().min(0).max(1),
        collapseMinutes: pos(600),
        drainMinutes: pos(600),
      })
      .strict(),
    levers: z
      .object({
        fixValueMinutes: minutes(),
        cutTrafficMinutes: minutes(),
        verifierOffMinutes: minutes(),
        designChangeMinutes: minutes(),
      })
      .strict(),
    effects: z
      .array(z.intersection(z.object({ atMinute: minutes() }), facebookCommandSchema))
      .max(1000)
      .default([]),
  })
  .strict()
  .refine((m) => m.triggerMinute < m.durationMinutes, {
    message: 'triggerMinute must be before durationMinutes',
    path: ['triggerMinute'],
  });

/** A Facebook 2010 scenario file: the same frame as any scenario, with the Facebook model's section. */
export const facebookScenarioSchema = scenarioSchema.extend({ model: facebookModelSchema });
/** A validated Facebook 2010 scenario. */
export type FacebookScenario = z.infer<typeof facebookScenarioSchema>;
const _facebookMatches: Exact<z.infer<typeof facebookModelSchema>, FacebookParams> = true;
void _facebookMatches;

/** S3 2008 commands as they appear in its scripted effects (model/s3.ts parses policy entries). */
const s3CommandSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('shedLoad'), percent: z.number().finite().min(0).max(95) }),
  z.object({ kind: z.literal('stopAllCommunication') }),
  z.object({ kind: z.literal('clearGossipState') }),
  z.object({ kind: z.literal('reconnectServers'), percent: z.number().finite().min(0.1).max(100) }),
  z.object({ kind: z.literal('reactivateRequests'), region: z.enum(['us', 'eu']) }),
  z.object({ kind: z.literal('checksumStateMessages') }),
  z.object({ kind: z.literal('reduceFailedServerGossip') }),
  z.object({ kind: z.literal('gossipRateAlarm') }),
]);

/** Most storage servers of one S3 region (the model keeps one state per server). */
export const MAX_S3_SERVERS = 50_000;

const s3RegionSchema = z
  .object({
    servers: int(10).max(MAX_S3_SERVERS),
    requestsPerSecondByHour: z.array(nonNeg(1e9)).length(24),
  })
  .strict();

/** The S3 2008 model's section (model/s3.ts S3Params; docs/model-s3-2008.md). */
const s3ModelSchema = z
  .object({
    kind: z.literal('s3'),
    startMinuteOfDay: int().max(1439),
    durationMinutes: minutes(60).max(2 * 1440),
    triggerMinute: minutes(),
    regions: z.object({ us: s3RegionSchema, eu: s3RegionSchema }).strict(),
    gossip: z
      .object({
        peersPerMinute: int(1).max(100),
        crossRegionShare: share,
        baseShare: z.number().finite().min(0).max(0.5),
        badStateShare: z.number().finite().min(0).max(0.999),
        buildUpMinutes: int(1).max(1440),
        failedServerShare: nonNeg(10),
        failPerGossipMinute: share,
        restartMinutes: int(1).max(1440),
        corruptedServers: int(0).max(MAX_S3_SERVERS),
        alarmShare: share,
        reducedGossipFactor: share,
      })
      .strict(),
    rebuild: z
      .object({
        seedServers: int(1).max(MAX_S3_SERVERS),
        joinShare: nonNeg(10),
        syncMinutes: pos(1440),
      })
      .strict(),
    requests: z
      .object({
        serversPerRequest: int(1).max(32),
        normalUtilisation: z.number().finite().gt(0).max(1),
        reactivateServersPerMinute: pos(MAX_S3_SERVERS),
      })
      .strict(),
    levers: z
      .object({
        shedMinutes: minutes(),
        stopMinutes: minutes(),
        clearMinutes: minutes(),
        reconnectMinutes: minutes(),
        designChangeMinutes: minutes(),
      })
      .strict(),
    effects: z
      .array(z.intersection(z.object({ atMinute: minutes() }), s3CommandSchema))
      .max(1000)
      .default([]),
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.triggerMinute >= m.durationMinutes)
      ctx.addIssue({
        code: 'custom',
        message: 'triggerMinute must be before durationMinutes',
        path: ['triggerMinute'],
      });
    if (m.gossip.badStateShare < m.gossip.baseShare)
      ctx.addIssue({
        code: 'custom',
        message: 'badStateShare must be at least baseShare',
        path: ['gossip', 'badStateShare'],
      });
    if (m.gossip.corruptedServers > m.regions.us.servers)
      ctx.addIssue({
        code: 'custom',
        message: 'corruptedServers must be at most the US servers',
        path: ['gossip', 'corruptedServers'],
      });
  });

/** An S3 2008 scenario file: the same frame as any scenario, with the S3 model's section. */
export const s3ScenarioSchema = scenarioSchema.extend({ model: s3ModelSchema });
/** A validated S3 2008 scenario. */
export type S3Scenario = z.infer<typeof s3ScenarioSchema>;
const _s3Matches: Exact<z.infer<typeof s3ModelSchema>, S3Params> = true;
void _s3Matches;
