/**
 * The facts a lever check and preview need, as small plain data. A `Sim` supplies it in the drill host (and the
 * CLI, par and tests); the console gets the same object in every drill snapshot, so its previews run the same
 * code as the host's refusals and cannot disagree with them.
 */
import {
  dedicatedInUse,
  expectedOnline,
  type ModelCommand,
  type ModelParams,
  type Sim,
} from '../model/index';

/** An order still waiting for its lead time. */
export interface PendingOrder {
  /** Minute it was issued. */
  issued: number;
  /** Minute it takes effect. */
  at: number;
  command: ModelCommand;
}

/** What levers know about the world at one minute (plain JSON). */
export interface LeverContext {
  /** The minute the next command would be stamped with. */
  minute: number;
  /** Minutes in the scenario (the scoring window ends here). */
  durationMinutes: number;
  omEnabled: boolean;
  groupVideoEnabled: boolean;
  /** Dedicated supernodes serving or provisioning. */
  dedicatedInUse: number;
  /** Offline-IM capacity ordered so far, as a multiple of the normal cluster (1 = none ordered). */
  omScale: number;
  rolloutActive: boolean;
  rolloutFraction: number;
  rolloutPercentPerHour: number;
  rolloutBandwidthGbps: number;
  /** Told to update and not yet downloaded (clients). */
  updateQueue: number;
  /** Update-server bandwidth serving now (it grows towards the ordered bandwidth while provisioned). */
  bandwidthNowGbps: number;
  /** Money spent so far on the forced update (downloads and reserved bandwidth) and on dedicated supernodes. */
  updateCostUsd: number;
  serverCostUsd: number;
  loginThrottle: number | null;
  /** Clients connected to a supernode and waiting for the throttled login servers (not online). */
  awaitingLogin: number;
  backoffEnabled: boolean;
  /** Users online now, and how many are on the buggy build or the fixed one. */
  online: number;
  buggyOnline: number;
  fixedOnline: number;
  /** Users online on a normal day at this minute. */
  expectedOnline: number;
  /** Buggy (5.0.0152) clients in the population, online or not. */
  buggyClients: number;
  pending: PendingOrder[];
  /** Commands accepted this minute and not yet stepped (checked as if accepted just before the next one). */
  accepted: ModelCommand[];
}

/** The lever context of a running sim; `accepted` are commands accepted this minute, not yet stepped. */
export function leverContext(sim: Sim, accepted: readonly ModelCommand[] = []): LeverContext {
  const s = sim.s;
  const m = sim.m;
  let buggy = 0;
  for (const pool of [sim.onlineKind, sim.waitingKind, sim.searching, sim.gone]) buggy += pool[0]! + pool[1]!;
  for (let i = 0; i < sim.crashWheel.length; i += 5) buggy += sim.crashWheel[i]! + sim.crashWheel[i + 1]!;
  return {
    minute: s.tick,
    durationMinutes: sim.params.durationMinutes,
    omEnabled: s.omEnabled,
    groupVideoEnabled: s.groupVideoEnabled,
    dedicatedInUse: dedicatedInUse(sim),
    omScale: s.omScale,
    rolloutActive: s.rolloutActive,
    rolloutFraction: s.rolloutFraction,
    rolloutPercentPerHour: s.rolloutPercentPerHour,
    rolloutBandwidthGbps: s.rolloutBandwidthGbps,
    updateQueue: s.updateQueue,
    bandwidthNowGbps: s.rolloutActive ? s.bandwidthNowGbps : 0,
    updateCostUsd: s.updateCostUsd,
    serverCostUsd: s.serverCostUsd,
    loginThrottle: s.loginThrottle >= 0 ? s.loginThrottle : null,
    awaitingLogin: m.awaitingLogin,
    backoffEnabled: s.backoffEnabled,
    online: m.online,
    buggyOnline: m.buggyOnline,
    fixedOnline: m.onlineByKind[2] ?? 0,
    expectedOnline: m.expectedOnline,
    buggyClients: buggy + s.updateQueue,
    pending: sim.pending.map((p) => ({ issued: p.issued, at: p.at, command: { ...p.command } })),
    accepted: accepted.map((c) => ({ ...c })),
  };
}

/** The context before the drill starts (the briefing): nothing ordered, every feature on, the normal network. */
export function leverContextAtStart(p: ModelParams): LeverContext {
  const shares = p.population.kindShares;
  const expected = expectedOnline(p, p.startMinuteOfDay);
  return {
    minute: 0,
    durationMinutes: p.durationMinutes,
    omEnabled: true,
    groupVideoEnabled: true,
    dedicatedInUse: 0,
    omScale: 1,
    rolloutActive: false,
    rolloutFraction: 0,
    rolloutPercentPerHour: 0,
    rolloutBandwidthGbps: 0,
    updateQueue: 0,
    bandwidthNowGbps: 0,
    updateCostUsd: 0,
    serverCostUsd: 0,
    loginThrottle: null,
    awaitingLogin: 0,
    backoffEnabled: false,
    online: expected,
    buggyOnline: Math.round(expected * ((shares[0] ?? 0) + (shares[1] ?? 0))),
    fixedOnline: Math.round(expected * (shares[2] ?? 0)),
    expectedOnline: expected,
    buggyClients: Math.round(p.population.total * ((shares[0] ?? 0) + (shares[1] ?? 0))),
    pending: [],
    accepted: [],
  };
}
