/**
 * Sim facts: the few numbers the timeline reasons about, derived from one tick's metrics. Phases, inject
 * predicates and inject volumes all read facts by name, so scenario data can refer to them.
 */
import type { SimMetrics } from '../model/index';

/** Fact names scenario data may use in conditions and volumes. */
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

/** One tick's facts. Plain numbers: they live in the machine context and its checkpoints. */
export type Facts = Record<FactName, number>;

/** Facts of a tick; `baselineAlive` is the supernode count alive at the start of the drill (0: not known yet). */
export function factsOf(m: SimMetrics, baselineAlive: number): Facts {
  return {
    minute: m.tick,
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
export function emptyFacts(): Facts {
  const f = {} as Facts;
  for (const k of FACT_NAMES) f[k] = 0;
  f.onlineRatio = 1;
  f.supernodeAliveRatio = 1;
  return f;
}
