/**
 * The scenario file format, validated with zod. The model section is checked against the model's own
 * ModelParams type (written once, in sim-core/src/model/types.ts): if the two drift apart, this file stops
 * compiling. Everything around the model (title, start time, history, policies, timeline data) is scenario-only.
 */
import { z } from 'zod';
import { ORDER_KINDS, type ModelParams } from '../model/types';

const nonNeg = z.number().finite().nonnegative();
const pos = z.number().finite().positive();
const share = z.number().finite().min(0).max(1);
const int = (min = 0) => z.number().int().min(min);
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
    targetVersion: z.string().min(1).optional(),
    rolloutPercentPerHour: z.number().finite().gt(0).max(100),
    bandwidthGbps: z.number().finite().gt(0).max(10000),
  }),
  z.object({
    kind: z.literal('spinUpSupernodes'),
    count: int(1).max(100000),
    capacity: z.number().int().min(100).max(1_000_000).optional(),
  }),
  z.object({ kind: z.literal('releaseSupernodes'), count: int(1).max(100000) }),
  z.object({
    kind: z.literal('cancelOrder'),
    order: z.enum(ORDER_KINDS),
    issuedAtMinute: int(0),
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
    startMinuteOfDay: int().max(1439),
    durationMinutes: int(60).max(14 * 1440),
    triggerMinute: int(),
    variation: z
      .object({
        triggerMinute: range(int()),
        rampScale: range(z.number().finite().min(0.25).max(4)),
        buggyShare: range(share),
        crashPerSlowReply: range(share),
        restartDelayScale: range(z.number().finite().min(0.25).max(4)),
      })
      .nullable()
      .default(null),
    population: z.object({
      total: int(1000).max(2_000_000_000),
      peakOnline: int(100),
      diurnal: z.array(z.number().finite().min(0).max(1)).length(24),
      kindShares,
      sessionMinutes: pos,
    }),
    supernodes: z.object({
      count: int(10).max(2_000_000),
      spareSlots: int(0).max(2_000_000),
      capacityMin: int(1),
      capacityMax: int(1),
      hostKindShares: kindShares,
      regionShares: z.array(share).length(6),
      protectLoadFactorMin: pos,
      protectLoadFactorMax: pos,
      protectAfterMinutes: z.number().finite().min(1),
      robustShare: share,
      robustLoadFactor: pos,
      coolDownMinutes: int(1),
      warmupMinutes: int(1),
      attemptCost: nonNeg,
      loginCost: nonNeg,
      acceptPerMinute: int(1),
      hostSessionMinutes: pos,
      clientsPerSupernodeTarget: pos,
      promotionPerMinute: share,
      eligiblePerMinute: share,
    }),
    search: z.object({
      attemptsPerMinute: pos,
      backoffAttemptsPerMinute: pos,
      giveUpPerMinute: share,
    }),
    restart: z.object({
      delayMinutes: z.array(int(1).max(240)).min(1),
      delayWeights: z.array(nonNeg).min(1),
      neverWeight: nonNeg,
    }),
    offlineIm: z.object({
      capacityPerMinute: pos,
      syncPerOnlinePerMinute: nonNeg,
      requestsPerLogin: nonNeg,
      baseLatencyMs: pos,
      maxLatencyMs: pos,
      costPerCapacityHour: nonNeg,
      serviceShare: share,
      scaleLeadMinutes: int(0),
      maxScale: z.number().finite().min(1).max(10),
    }),
    bug: z.object({ slowReplyMs: pos, fullHazardMs: pos, crashPerSlowReply: share }),
    dedicated: z.object({
      poolServers: int(0).max(100_000),
      groupVideoServers: int(0).max(100_000),
      groupVideoServiceShare: share,
      offlineImServers: int(0).max(100_000),
      capacity: int(1),
      maxCapacity: int(1),
      leadMinutes: int(0),
      costPerServerHour: nonNeg,
      acceptPerMinute: int(1),
      cacheBoost: pos,
    }),
    update: z.object({
      fixedVersion: z.string().min(1),
      maxBandwidthGbps: z.number().finite().min(1).max(10000),
      defaultBandwidthGbps: z.number().finite().min(1).max(10000),
      onHandGbps: z.number().finite().min(0).max(10000),
      provisionGbpsPerHour: nonNeg,
      costPerGbpsHour: nonNeg,
      packageMB: pos,
      installMinutes: int(1).max(240),
      costPerTB: nonNeg,
      supernodeRejoinMinutes: int(0).max(240),
      leadMinutes: int(0),
    }),
    levers: z.object({ throttleLeadMinutes: int(0), backoffLeadMinutes: int(0), disableLeadMinutes: int(0) }),
    effects: z.array(z.intersection(z.object({ atMinute: int() }), modelCommandSchema)),
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
  });

/** One scheduled command of a policy: `{ atMinute, command, ...args }` (the policy-file format). */
export const policyEntrySchema = z
  .object({ atMinute: int().max(14 * 1440), command: z.string().min(1) })
  .catchall(z.unknown());

/** A point of the published record, for the ghost curve. */
const historyPoint = z.object({ minute: int(), online: int(0), source: z.string().optional() });

/** The whole scenario file. */
export const scenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, 'id: lower-case letters, digits and dashes'),
  version: int(1),
  title: z.string().min(1),
  summary: z.string().optional(),
  /** Wall-clock time of tick 0, ISO 8601 in UTC (e.g. 2010-12-22T12:00:00Z). */
  startIso: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?Z$/, 'startIso: ISO 8601 UTC, e.g. 2010-12-22T12:00:00Z'),
  model: modelSchema,
  /** The published record (online users), drawn as a ghost. */
  history: z.array(historyPoint).default([]),
  /** Named policies in the policy-file format, e.g. `historical`: what the real operators did. */
  policies: z.record(z.string(), z.array(policyEntrySchema)).default({}),
  /** Timeline data (phases, injects, briefing): validated by the timeline layer. */
  timeline: z.unknown().optional(),
});

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;

// Compile-time proof that the schema's model section is exactly the model's contract.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _modelMatches: Exact<z.infer<typeof modelSchema>, ModelParams> = true;
void _modelMatches;
