/**
 * The world: all model state, in typed arrays sized once at creation plus a few scalars. Supernodes are
 * modelled one by one (a dense slot id indexes every per-supernode array); clients are counts, in cohorts of
 * supernode × kind while attached and in per-kind pools (searching, gone) and timing wheels (crashed, installing)
 * otherwise. Nothing here is ever a per-client object.
 */
import { apportion, drawFromPools } from './allocate';
import { nextFloat, seedRng } from './rng';
import { resolveParams } from './variation';
import { KINDS, SN_STATE, type ModelCommand, type ModelParams, type SimMetrics } from './types';

/** Timing-wheel length in ticks (minutes); must exceed the longest restart and install delay. */
export const WHEEL = 256;

/** An accepted command waiting for its lead time. */
export interface PendingCommand {
  /** Tick at which it takes effect. */
  at: number;
  /** Tick at which it was issued. */
  issued: number;
  command: ModelCommand;
}

/** Scalar state. Plain numbers and booleans only: serialised as JSON into snapshots. */
export interface Scalars {
  tick: number;
  /** The run's seed: with the scenario it fixes the drawn parameters (model/variation.ts), so a restore redraws them. */
  seed: number;
  /** The trigger minute this seed drew (also in params.triggerMinute): kept here so the hash shows it. */
  triggerMinute: number;
  omBacklog: number;
  omCapacityFactor: number;
  omScale: number;
  omEnabled: boolean;
  groupVideoEnabled: boolean;
  rolloutActive: boolean;
  rolloutPercentPerHour: number;
  rolloutBandwidthGbps: number;
  rolloutFraction: number;
  /** Told to update and still downloading in the background (online or searching): a count for views. */
  updateQueue: number;
  /** Share of the buggy clients on the network (online or searching) that are told and downloading. */
  toldShare: number;
  /** Update-server bandwidth available now (Gbit/s), growing towards the ordered rolloutBandwidthGbps. */
  bandwidthNowGbps: number;
  loginThrottle: number;
  backoffEnabled: boolean;
  costUsd: number;
  serverCostUsd: number;
  updateCostUsd: number;
  userMinutesLost: number;
  promoteCursor: number;
  lastLogins: number;
  lastOnline: number;
  // First-wave statistics: from the trigger until offline-IM replies are fast again.
  waveState: number;
  waveBuggyAtTrigger: number;
  waveFirstCrashes: number;
  waveSupernodesAtTrigger: number;
  waveSupernodeCrashes: number;
  waveEndTick: number;
  peakLoadFactor: number;
}

/** The whole model state. */
export interface World {
  params: ModelParams;
  /** User-hosted slots [0, userSlots); dedicated slots [userSlots, slots). */
  userSlots: number;
  slots: number;
  rng: Uint32Array;
  snState: Uint8Array;
  snTimer: Int32Array;
  snCapacity: Int32Array;
  snHostKind: Uint8Array;
  snRegion: Uint8Array;
  snDedicated: Uint8Array;
  snAttached: Int32Array;
  snLoad: Float32Array;
  /** Traffic at which this user supernode's overload protection trips (hosts differ in bandwidth). */
  snProtectAt: Float32Array;
  /** Traffic smoothed over protectAfterMinutes: what the host's overload protection watches. */
  snTrafficAvg: Float32Array;
  /**
   * Clients connected to each slot but waiting for the login server (the login throttle's queue). They hold a
   * connection (counted in snAttached) but are not online; their kinds are pooled in waitingKind.
   */
  snWaiting: Int32Array;
  /** Clients waiting for the login server, per kind: the sum of snWaiting split by kind. */
  waitingKind: Int32Array;
  /** Logged-in clients per slot × kind: cohort[slot * KINDS + kind]. snAttached = its row sum + snWaiting. */
  cohort: Int32Array;
  /** Online (attached) clients per kind: the column sums of cohort, kept up to date at every change. */
  onlineKind: Int32Array;
  searching: Int32Array;
  gone: Int32Array;
  /** Crashed clients by restart tick: crashWheel[(tick % WHEEL) * KINDS + kind]. */
  crashWheel: Int32Array;
  /** Clients installing the update, by completion tick. */
  installWheel: Int32Array;
  s: Scalars;
  pending: PendingCommand[];
  /**
   * Metrics of the last completed tick. Part of the state: promotion reads onlineByKind from the previous
   * tick, so snapshots carry it.
   */
  m: SimMetrics;
  /** Derived from params once; not state, not in snapshots. */
  derived: { restartWeights: number[]; restartParts: Int32Array };
}

/** Expected online users at a GMT minute of day: the normal-day demand curve. */
export function expectedOnline(p: ModelParams, minuteOfDay: number): number {
  const d = p.population.diurnal;
  const h = minuteOfDay / 60;
  const i = Math.floor(h) % 24;
  const j = (i + 1) % 24;
  const f = h - Math.floor(h);
  return Math.floor(p.population.peakOnline * (d[i]! + (d[j]! - d[i]!) * f));
}

/** Pick an index from cumulative-free weights with one RNG draw. */
export function pickWeighted(rng: Uint32Array, weights: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += weights[i]!;
  let r = nextFloat(rng) * sum;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** Number of dedicated slots: every server that could ever be turned into a dedicated supernode. */
export function dedicatedSlotCount(p: ModelParams): number {
  return p.dedicated.poolServers + p.dedicated.groupVideoServers + p.dedicated.offlineImServers;
}

/** Allocate arrays for a scenario (no initial population). */
export function allocateWorld(p: ModelParams): World {
  const userSlots = p.supernodes.count + p.supernodes.spareSlots;
  const slots = userSlots + dedicatedSlotCount(p);
  return {
    params: p,
    userSlots,
    slots,
    rng: new Uint32Array(4),
    snState: new Uint8Array(slots),
    snTimer: new Int32Array(slots),
    snCapacity: new Int32Array(slots),
    snHostKind: new Uint8Array(slots),
    snRegion: new Uint8Array(slots),
    snDedicated: new Uint8Array(slots),
    snAttached: new Int32Array(slots),
    snLoad: new Float32Array(slots),
    snProtectAt: new Float32Array(slots),
    snTrafficAvg: new Float32Array(slots),
    snWaiting: new Int32Array(slots),
    waitingKind: new Int32Array(KINDS),
    cohort: new Int32Array(slots * KINDS),
    onlineKind: new Int32Array(KINDS),
    searching: new Int32Array(KINDS),
    gone: new Int32Array(KINDS),
    crashWheel: new Int32Array(WHEEL * KINDS),
    installWheel: new Int32Array(WHEEL),
    s: {
      tick: 0,
      seed: 0,
      triggerMinute: p.triggerMinute,
      omBacklog: 0,
      omCapacityFactor: 1,
      omScale: 1,
      omEnabled: true,
      groupVideoEnabled: true,
      rolloutActive: false,
      rolloutPercentPerHour: 0,
      rolloutBandwidthGbps: 0,
      rolloutFraction: 0,
      updateQueue: 0,
      toldShare: 0,
      bandwidthNowGbps: 0,
      loginThrottle: -1,
      backoffEnabled: false,
      costUsd: 0,
      serverCostUsd: 0,
      updateCostUsd: 0,
      userMinutesLost: 0,
      promoteCursor: 0,
      lastLogins: 0,
      lastOnline: 0,
      waveState: 0,
      waveBuggyAtTrigger: 0,
      waveFirstCrashes: 0,
      waveSupernodesAtTrigger: 0,
      waveSupernodeCrashes: 0,
      waveEndTick: -1,
      peakLoadFactor: 0,
    },
    pending: [],
    m: emptyMetrics(),
    derived: {
      restartWeights: [...p.restart.delayWeights, p.restart.neverWeight],
      restartParts: new Int32Array(p.restart.delayWeights.length + 1),
    },
  };
}

/** Metrics before the first step. */
export function emptyMetrics(): SimMetrics {
  return {
    tick: 0,
    minuteOfDay: 0,
    online: 0,
    expectedOnline: 0,
    searching: 0,
    awaitingLogin: 0,
    crashed: 0,
    updating: 0,
    gone: 0,
    onlineByKind: new Array<number>(KINDS).fill(0),
    buggyOnline: 0,
    supernodesAlive: 0,
    supernodesProtecting: 0,
    supernodesWarming: 0,
    supernodesDead: 0,
    dedicatedSupernodes: 0,
    dedicatedProvisioning: 0,
    supernodeLoadFactor: 0,
    omLatencyMs: 0,
    omUtilisation: 0,
    omEnabled: true,
    groupVideoEnabled: true,
    crashesThisTick: 0,
    loginsThisTick: 0,
    failedAttemptsThisTick: 0,
    supernodeDeathsThisTick: 0,
    protectionsThisTick: 0,
    updatesCompletedThisTick: 0,
    rolloutFraction: 0,
    loginThrottlePerMinute: null,
    backoffEnabled: false,
    costUsd: 0,
    serverCostUsd: 0,
    updateCostUsd: 0,
    userMinutesLost: 0,
    totalClients: 0,
  };
}

/**
 * Build the initial world: supernodes with seeded capacities, host kinds and regions; the users expected online
 * at the start attached across supernodes in proportion to capacity; everyone else gone (not running Skype).
 */
export function initWorld(scenarioParams: ModelParams, seed: number): World {
  const p = resolveParams(scenarioParams, seed);
  const w = allocateWorld(p);
  w.s.seed = seed;
  seedRng(w.rng, seed);
  const sn = p.supernodes;
  const span = sn.capacityMax - sn.capacityMin;
  for (let i = 0; i < w.userSlots; i++) {
    w.snCapacity[i] = sn.capacityMin + Math.floor(nextFloat(w.rng) * (span + 1));
    w.snRegion[i] = pickWeighted(w.rng, sn.regionShares);
    w.snHostKind[i] = pickWeighted(w.rng, sn.hostKindShares);
    w.snState[i] = i < sn.count ? SN_STATE.Alive : SN_STATE.Empty;
    // Most hosts trip within [min, max]; a few well-provisioned ones (university and office machines on fat
    // links) ride out any storm: they are what keeps a trickle of users online at the trough.
    const u = nextFloat(w.rng);
    const tolerance =
      u < sn.robustShare
        ? sn.robustLoadFactor
        : sn.protectLoadFactorMin + nextFloat(w.rng) * (sn.protectLoadFactorMax - sn.protectLoadFactorMin);
    w.snProtectAt[i] = tolerance * w.snCapacity[i]!;
  }
  for (let i = w.userSlots; i < w.slots; i++) {
    w.snDedicated[i] = 1;
    w.snCapacity[i] = p.dedicated.capacity;
    w.snProtectAt[i] = Number.MAX_VALUE; // dedicated supernodes run without the user-host overload protection
    w.snHostKind[i] = 2;
    // Skype's own datacentres: alternate Europe and North America.
    w.snRegion[i] = (i - w.userSlots) % 2 === 0 ? 0 : 1;
  }
  const online0 = Math.min(expectedOnline(p, p.startMinuteOfDay), p.population.total);
  const byKind = new Int32Array(KINDS);
  apportion(online0, p.population.kindShares, byKind);
  const goneByKind = new Int32Array(KINDS);
  apportion(p.population.total, p.population.kindShares, goneByKind);
  for (let k = 0; k < KINDS; k++) w.gone[k] = goneByKind[k]! - byKind[k]!;
  // Place the online users on supernodes in proportion to capacity, kinds mixed by sequential draws.
  const caps = w.snCapacity.subarray(0, sn.count);
  const perSn = new Int32Array(sn.count);
  apportion(online0, caps, perSn);
  const pool = Int32Array.from(byKind);
  const part = new Int32Array(KINDS);
  for (let i = 0; i < sn.count; i++) {
    const n = Math.min(perSn[i]!, w.snCapacity[i]!);
    drawFromPools(n, pool, part);
    let placed = 0;
    for (let k = 0; k < KINDS; k++) {
      w.cohort[i * KINDS + k] = part[k]!;
      pool[k] = pool[k]! - part[k]!;
      placed += part[k]!;
    }
    w.snAttached[i] = placed;
  }
  // Any rounding leftovers start as searching: they find a supernode in the first minute.
  for (let k = 0; k < KINDS; k++) {
    w.searching[k] = pool[k]!;
    w.m.onlineByKind[k] = byKind[k]! - pool[k]!;
    w.onlineKind[k] = byKind[k]! - pool[k]!;
  }
  w.s.lastOnline = online0 - sumInt(pool);
  return w;
}

/** Sum of an integer array. */
export function sumInt(a: ArrayLike<number>): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i]!;
  return t;
}
