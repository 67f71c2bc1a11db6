/**
 * Sim facts: the few numbers the timeline reasons about, derived from one tick's metrics. Phases, inject
 * predicates and inject volumes all read facts by name, so scenario data can refer to them. Every model has the
 * common facts (COMMON_FACT_NAMES, from the common metrics row); the Skype model adds FACT_NAMES' others, and
 * any other model adds the facts it states (CascadeModel.facts).
 */
import { factValue, type CascadeMetrics, type SimMetrics } from '../model/index';

/** Facts every model has: the common row and what follows from it. */
export const COMMON_FACT_NAMES = [
  'minute',
  'online',
  'expectedOnline',
  'offline',
  'onlineRatio',
  /** Minutes since the triggering event this seed drew (negative before it). */
  'sinceTrigger',
] as const;

/** Fact names a Skype-model scenario may use in conditions and volumes. */
export const FACT_NAMES = [
  'minute',
  'online',
  'expectedOnline',
  /** Users who would be online on a normal day but are not (never negative). */
  'offline',
  /** online / expectedOnline. */
  'onlineRatio',
  'omLatencyMs',
  'supernodesAlive',
  /** supernodesAlive / supernodes alive at the start of the drill. */
  'supernodeAliveRatio',
  'supernodeLoadFactor',
  'searching',
  /** Clients connected to a supernode and waiting for the throttled login servers (not online). */
  'awaitingLogin',
  'crashed',
  'crashesThisTick',
  'failedAttemptsThisTick',
  'updating',
  'costUsd',
  /** Features switched off (offline IM, group video): 0 when every feature is on. */
  'featuresOff',
] as const;
export type FactName = (typeof FACT_NAMES)[number];

/**
 * One tick's facts by name. Plain numbers: they live in the machine context and its checkpoints. A Skype
 * drill has every FACT_NAMES entry; another model's drill has the common facts and its own.
 */
export type Facts = Record<string, number> & Record<(typeof COMMON_FACT_NAMES)[number], number>;

/** The facts of one minute of any model: the common ones from its row, then the named fields of its metrics. */
export function cascadeFactsOf(m: CascadeMetrics, names: readonly string[], triggerMinute: number): Facts {
  const f: Facts = {
    minute: m.minute,
    online: m.online,
    expectedOnline: m.expectedOnline,
    offline: Math.max(0, m.expectedOnline - m.online),
    onlineRatio: m.expectedOnline > 0 ? m.online / m.expectedOnline : 1,
    sinceTrigger: m.minute - triggerMinute,
  };
  for (const n of names) if (!(n in f)) f[n] = factValue(m, n);
  return f;
}

/** Facts of a tick; `baselineAlive` is the supernode count alive at the start of the drill (0: not known yet). */
export function factsOf(m: SimMetrics, baselineAlive: number, triggerMinute?: number): Facts {
  return {
    minute: m.tick,
    // Unknown to a caller without the sim (a stub world): 0.
    sinceTrigger: triggerMinute === undefined ? 0 : m.tick - triggerMinute,
    online: m.online,
    expectedOnline: m.expectedOnline,
    offline: Math.max(0, m.expectedOnline - m.online),
    onlineRatio: m.expectedOnline > 0 ? m.online / m.expectedOnline : 1,
    omLatencyMs: m.omLatencyMs,
    supernodesAlive: m.supernodesAlive,
    supernodeAliveRatio: baselineAlive > 0 ? m.supernodesAlive / baselineAlive : 1,
    supernodeLoadFactor: m.supernodeLoadFactor,
    searching: m.searching,
    awaitingLogin: m.awaitingLogin,
    crashed: m.crashed,
    crashesThisTick: m.crashesThisTick,
    failedAttemptsThisTick: m.failedAttemptsThisTick,
    updating: m.updating,
    costUsd: m.costUsd,
    featuresOff: (m.omEnabled ? 0 : 1) + (m.groupVideoEnabled ? 0 : 1),
  };
}

/** Facts before the first tick: a healthy network at minute 0 (used by injects fired before any tick). */
export function emptyFacts(names: readonly string[] = FACT_NAMES): Facts {
  const f: Facts = { minute: 0, online: 0, expectedOnline: 0, offline: 0, onlineRatio: 1, sinceTrigger: 0 };
  for (const k of names) if (!(k in f)) f[k] = 0;
  f.onlineRatio = 1;
  if ('supernodeAliveRatio' in f) f.supernodeAliveRatio = 1;
  return f;
}
