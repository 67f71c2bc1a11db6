/**
 * The reference model: the fast model's rules (sim-core/src/model/step.ts), restated over one plain object per
 * client and one per supernode, in the same system order. It exists to cross-check the fast model, so it is
 * written to be read, not to be quick: every client is a `{ kind, state, supernode, timer }` record that moves
 * between state pools one at a time, and where the fast model moves a cohort by expected-value apportionment or
 * stochastic rounding, the reference flips a coin per client with its own seeded RNG (sfc32, as the model).
 *
 * Deliberate simplifications, each where the fast model's quantity is not a flow of clients:
 * - Connection attempts: each searching client draws its whole number of attempts this minute and tries host-cache
 *   entries one by one until a live supernode with room takes it. The *traffic* those attempts cause is spread over
 *   supernodes by cache weight in expectation (total attempts × weight share), as in the fast model; sampling the
 *   landing point of every one of ~10^5 attempts per minute would only add √n noise to a 10-minute average.
 * - Promotion counts (how many hosts per minute qualify) are a supernode-level scalar rule and use stochastic
 *   rounding, as in the fast model: supernode hosts are not members of the client population.
 * - The offline-IM queue, the rollout fraction and costs are scalars in both models, with the same formulas.
 */
import { nextFloat, seedRng } from '../model/rng';
import { resolveParams } from '../model/variation';
import { emptyMetrics } from '../model/world';
import {
  KIND,
  KINDS,
  SN_STATE,
  type ModelCommand,
  type ModelParams,
  type ModelScenario,
  type SimInput,
  type SimMetrics,
} from '../model/types';

/** Where a client is. Every client is in exactly one state pool at every moment. */
/** `waiting`: connected to a supernode (holding a place on it) but not yet let in by the throttled login server. */
export type ClientState = 'online' | 'waiting' | 'searching' | 'crashed' | 'queued' | 'installing' | 'gone';

const STATES: readonly ClientState[] = [
  'online',
  'waiting',
  'searching',
  'crashed',
  'queued',
  'installing',
  'gone',
];

/** One Skype client. */
export interface RefClient {
  /** A KIND value. */
  kind: number;
  state: ClientState;
  /** Index of the supernode it is connected to while online or waiting, else -1. */
  supernode: number;
  /** Crashed: tick its user restarts it (-1 until drawn at the end of the crash tick). Installing: tick it finishes. */
  timer: number;
  /** Tick at which its supernode went away under it: such clients neither update nor give up in that tick. */
  orphanedAt: number;
  /** Told to update and downloading in the background (a 5.0.0152 that is online or searching). */
  told: boolean;
  /** Tick of its last turn in the attach pass. */
  turnAt: number;
  /** Position inside its state pool and, while online, inside its supernode's list (for O(1) moves). */
  pos: number;
  slotPos: number;
}

/** One supernode slot (user-hosted or dedicated). */
export interface RefSupernode {
  index: number;
  /** A SN_STATE value. */
  state: number;
  timer: number;
  capacity: number;
  /** KIND of the user hosting it (dedicated: Fixed). */
  hostKind: number;
  region: number;
  dedicated: boolean;
  /** Smoothed traffic above which a user host drops the role. */
  protectAt: number;
  trafficAvg: number;
  load: number;
  /** Attached clients (order carries no meaning). */
  clients: RefClient[];
}

interface Pending {
  at: number;
  issued: number;
  command: ModelCommand;
}

/** The whole reference state. Fields are public so tests can look inside. */
export interface Reference {
  params: ModelParams;
  tick: number;
  rng: Uint32Array;
  clients: RefClient[];
  /** Clients per state and KIND, kept up to date by every move (tests recount them from the pools). */
  counts: Record<ClientState, number[]>;
  /** Clients by state; the order inside a pool carries no meaning. */
  pools: Record<ClientState, RefClient[]>;
  supernodes: RefSupernode[];
  userSlots: number;
  pending: Pending[];
  omBacklog: number;
  omCapacityFactor: number;
  omScale: number;
  omEnabled: boolean;
  groupVideoEnabled: boolean;
  rolloutActive: boolean;
  rolloutPercentPerHour: number;
  rolloutBandwidthGbps: number;
  rolloutFraction: number;
  /** Update-server bandwidth available now, growing towards rolloutBandwidthGbps. */
  bandwidthNowGbps: number;
  /** Null: no login throttle. */
  loginThrottle: number | null;
  backoffEnabled: boolean;
  costUsd: number;
  serverCostUsd: number;
  updateCostUsd: number;
  userMinutesLost: number;
  promoteCursor: number;
  lastLogins: number;
  lastOnline: number;
  peakLoadFactor: number;
  /** First wave, as the fast model counts it: 0 before the trigger, 1 during, 2 after. */
  waveState: number;
  waveBuggyAtTrigger: number;
  waveFirstCrashes: number;
  waveSupernodesAtTrigger: number;
  waveSupernodeCrashes: number;
  m: SimMetrics;
}

const {
  Empty: EMPTY,
  Alive: ALIVE,
  Protecting: PROTECTING,
  Warming: WARMING,
  Dead: DEAD,
  Provisioning: PROVISIONING,
} = SN_STATE;
const { Buggy: BUGGY, BuggyRestarted: BUGGY_RESTARTED, Fixed: FIXED } = KIND;
/** A supernode's clients decide about logging off every 5th minute (by slot), at 5× the per-minute rate. */
const LOGOFF_STRIDE = 5;

const isBuggy = (kind: number) => kind === BUGGY || kind === BUGGY_RESTARTED;

// ---- randomness ---------------------------------------------------------------------------------------------

function chance(ref: Reference, p: number): boolean {
  return p > 0 && nextFloat(ref.rng) < p;
}

/** An integer whose expectation is x: used only for the scalar (non-client) counts named in the header. */
function roundRandom(ref: Reference, x: number): number {
  const f = Math.floor(x);
  return nextFloat(ref.rng) < x - f ? f + 1 : f;
}

/** Index drawn with probability proportional to weights[i]. */
function pickWeighted(ref: Reference, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = nextFloat(ref.rng) * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

// ---- moving clients -----------------------------------------------------------------------------------------

const onSupernode = (state: ClientState) => state === 'online' || state === 'waiting';

/** Move a client to another state pool (leaving its supernode unless it goes from waiting to online). */
function moveTo(ref: Reference, c: RefClient, state: ClientState): void {
  if (onSupernode(c.state) && !onSupernode(state)) {
    const list = ref.supernodes[c.supernode]!.clients;
    const last = list.pop()!;
    if (last !== c) {
      list[c.slotPos] = last;
      last.slotPos = c.slotPos;
    }
    c.supernode = -1;
  }
  ref.counts[c.state][c.kind]!--;
  ref.counts[state][c.kind]!++;
  const from = ref.pools[c.state];
  const last = from.pop()!;
  if (last !== c) {
    from[c.pos] = last;
    last.pos = c.pos;
  }
  const to = ref.pools[state];
  c.pos = to.length;
  to.push(c);
  c.state = state;
}

/** A client's build changes (first crash marks a 5.0.0152 as restarted; an install makes it 5.0.0156). */
function setKind(ref: Reference, c: RefClient, kind: number): void {
  ref.counts[c.state][c.kind]!--;
  ref.counts[c.state][kind]!++;
  c.kind = kind;
}

/**
 * The members of `items` whose own coin (probability p each, independently) comes up. The same distribution as
 * one coin per item, but it draws only the gaps between hits (geometric: P(gap = g) = (1-p)^g p), so a pool of
 * 10^5 searchers at p = 0.001 costs ~100 draws instead of 10^5.
 */
function coinsOver<T>(ref: Reference, items: readonly T[], p: number): T[] {
  const hits: T[] = [];
  if (p <= 0) return hits;
  if (p >= 1) return [...items];
  const logMiss = Math.log(1 - p);
  for (let i = Math.floor(Math.log(1 - nextFloat(ref.rng)) / logMiss); i < items.length;) {
    hits.push(items[i]!);
    i += 1 + Math.floor(Math.log(1 - nextFloat(ref.rng)) / logMiss);
  }
  return hits;
}

function attachTo(
  ref: Reference,
  c: RefClient,
  sn: RefSupernode,
  state: 'online' | 'waiting' = 'online',
): void {
  moveTo(ref, c, state);
  c.supernode = sn.index;
  c.slotPos = sn.clients.length;
  sn.clients.push(c);
}

/** The supernode goes away: every client on it starts searching. */
function orphanAll(ref: Reference, sn: RefSupernode): void {
  for (const c of [...sn.clients]) {
    moveTo(ref, c, 'searching');
    c.orphanedAt = ref.tick;
  }
}

// ---- the normal-day demand curve --------------------------------------------------------------------------

/** Users online at a GMT minute of day on a normal day: the hourly diurnal fractions, linearly interpolated. */
export function referenceExpectedOnline(p: ModelParams, minuteOfDay: number): number {
  const d = p.population.diurnal;
  const hour = Math.floor(minuteOfDay / 60) % 24;
  const next = (hour + 1) % 24;
  const frac = minuteOfDay / 60 - Math.floor(minuteOfDay / 60);
  return Math.floor(p.population.peakOnline * (d[hour]! + (d[next]! - d[hour]!) * frac));
}

// ---- creation -----------------------------------------------------------------------------------------------

/** Whole numbers summing to n, proportional to shares (largest remainder). */
function splitByShares(n: number, shares: readonly number[]): number[] {
  const sum = shares.reduce((a, b) => a + b, 0);
  const exact = shares.map((s) => (n * s) / sum);
  const out = exact.map((x) => Math.floor(x));
  let left = n - out.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left === 0) break;
    out[i]!++;
    left--;
  }
  return out;
}

/**
 * A reference world at tick 0 with the same distributions as the fast model's: supernodes with random
 * capacities, regions, host kinds and protection tolerances; the users expected online at the start attached
 * to random supernodes in proportion to capacity; everyone else not running Skype (gone).
 */
export function createReference(scenario: ModelScenario, seed: number): Reference {
  // The seed's draws of what the record leaves uncertain: the same function as the fast model's.
  const p = resolveParams(scenario.model, seed | 0);
  const sn = p.supernodes;
  const rng = new Uint32Array(4);
  // The supernode table comes first, drawn in the fast model's order from the same seed: both models then start
  // from the same network (common random numbers), so a differential test compares their dynamics rather than
  // two draws of which few hosts happen to be robust. Everything after is drawn from a stream of the reference's own.
  seedRng(rng, seed | 0);
  const pools = {} as Record<ClientState, RefClient[]>;
  const counts = {} as Record<ClientState, number[]>;
  for (const s of STATES) {
    pools[s] = [];
    counts[s] = new Array<number>(KINDS).fill(0);
  }
  const userSlots = sn.count + sn.spareSlots;
  const dedicatedSlots =
    p.dedicated.poolServers + p.dedicated.groupVideoServers + p.dedicated.offlineImServers;
  const ref: Reference = {
    params: p,
    tick: 0,
    rng,
    clients: [],
    counts,
    pools,
    supernodes: [],
    userSlots,
    pending: [],
    omBacklog: 0,
    omCapacityFactor: 1,
    omScale: 1,
    omEnabled: true,
    groupVideoEnabled: true,
    rolloutActive: false,
    rolloutPercentPerHour: 0,
    rolloutBandwidthGbps: 0,
    rolloutFraction: 0,
    bandwidthNowGbps: 0,
    loginThrottle: null,
    backoffEnabled: false,
    costUsd: 0,
    serverCostUsd: 0,
    updateCostUsd: 0,
    userMinutesLost: 0,
    promoteCursor: 0,
    lastLogins: 0,
    lastOnline: 0,
    peakLoadFactor: 0,
    waveState: 0,
    waveBuggyAtTrigger: 0,
    waveFirstCrashes: 0,
    waveSupernodesAtTrigger: 0,
    waveSupernodeCrashes: 0,
    m: emptyMetrics(),
  };
  for (let i = 0; i < userSlots; i++) {
    const capacity = sn.capacityMin + Math.floor(nextFloat(rng) * (sn.capacityMax - sn.capacityMin + 1));
    const region = pickWeighted(ref, sn.regionShares);
    const hostKind = pickWeighted(ref, sn.hostKindShares);
    // A few well-provisioned hosts ride out any storm; the rest trip somewhere in [min, max] × capacity.
    const tolerance =
      nextFloat(rng) < sn.robustShare
        ? sn.robustLoadFactor
        : sn.protectLoadFactorMin + nextFloat(rng) * (sn.protectLoadFactorMax - sn.protectLoadFactorMin);
    ref.supernodes.push({
      index: i,
      state: i < sn.count ? ALIVE : EMPTY,
      timer: 0,
      capacity,
      hostKind,
      region,
      dedicated: false,
      protectAt: tolerance * capacity,
      trafficAvg: 0,
      load: 0,
      clients: [],
    });
  }
  for (let j = 0; j < dedicatedSlots; j++) {
    ref.supernodes.push({
      index: userSlots + j,
      state: EMPTY,
      timer: 0,
      capacity: p.dedicated.capacity,
      hostKind: FIXED,
      region: j % 2 === 0 ? 0 : 1,
      dedicated: true,
      protectAt: Number.POSITIVE_INFINITY,
      trafficAvg: 0,
      load: 0,
      clients: [],
    });
  }
  seedRng(rng, (seed ^ 0x5eed0fef) | 0);
  // The population, kinds in exact shares; everyone starts gone.
  const byKind = splitByShares(p.population.total, p.population.kindShares);
  for (let kind = 0; kind < KINDS; kind++) {
    for (let n = 0; n < byKind[kind]!; n++) {
      const c: RefClient = {
        kind,
        state: 'gone',
        supernode: -1,
        timer: -1,
        orphanedAt: -1,
        told: false,
        turnAt: -1,
        pos: pools.gone.length,
        slotPos: -1,
      };
      ref.clients.push(c);
      pools.gone.push(c);
      counts.gone[kind]!++;
    }
  }
  // Random users come online, each on a random starting supernode in proportion to capacity.
  const online0 = Math.min(referenceExpectedOnline(p, p.startMinuteOfDay), p.population.total);
  const starting = ref.supernodes.slice(0, sn.count);
  let capacitySum = 0;
  const cumulativeCapacity = starting.map((s) => (capacitySum += s.capacity));
  const randomHost = () => {
    const x = nextFloat(rng) * capacitySum;
    return starting[cumulativeCapacity.findIndex((upTo) => x < upTo)]!;
  };
  for (let n = 0; n < online0; n++) {
    const c = pools.gone[Math.floor(nextFloat(rng) * pools.gone.length)]!;
    let host = randomHost();
    while (host.clients.length >= host.capacity) host = randomHost();
    attachTo(ref, c, host);
  }
  ref.lastOnline = online0;
  return ref;
}

// ---- commands -----------------------------------------------------------------------------------------------

function leadTime(p: ModelParams, c: ModelCommand): number {
  switch (c.kind) {
    case 'forceUpdate':
      return p.update.leadMinutes;
    case 'spinUpSupernodes':
      return 0; // each server then provisions for dedicated.leadMinutes
    case 'releaseSupernodes':
    case 'cancelOrder':
      return 0;
    case 'scaleOfflineMessaging':
      return p.offlineIm.scaleLeadMinutes;
    case 'disableFeature':
      return p.levers.disableLeadMinutes;
    case 'throttleLogins':
      return p.levers.throttleLeadMinutes;
    case 'enableClientBackoff':
      return p.levers.backoffLeadMinutes;
    case 'offlineImCapacity':
      return 0;
  }
}

/** Servers that may host dedicated supernodes now: the spare pool plus those freed by disabled features. */
function dedicatedServers(ref: Reference): number {
  const d = ref.params.dedicated;
  return (
    d.poolServers +
    (ref.groupVideoEnabled ? 0 : d.groupVideoServers) +
    (ref.omEnabled ? 0 : d.offlineImServers)
  );
}

function dedicatedSlots(ref: Reference): RefSupernode[] {
  return ref.supernodes.filter((s) => s.dedicated);
}

function applyCommand(ref: Reference, c: ModelCommand): void {
  switch (c.kind) {
    case 'forceUpdate':
      if (!ref.rolloutActive) ref.bandwidthNowGbps = Math.min(c.bandwidthGbps, ref.params.update.onHandGbps);
      ref.rolloutActive = true;
      ref.rolloutPercentPerHour = c.rolloutPercentPerHour;
      ref.rolloutBandwidthGbps = c.bandwidthGbps;
      return;
    case 'spinUpSupernodes': {
      const inUse = dedicatedSlots(ref).filter((s) => s.state !== EMPTY).length;
      let n = Math.min(c.count, dedicatedServers(ref) - inUse);
      for (const s of dedicatedSlots(ref)) {
        if (n <= 0) break;
        if (s.state !== EMPTY) continue;
        s.state = PROVISIONING;
        s.timer = ref.tick + ref.params.dedicated.leadMinutes;
        s.capacity = c.capacity ?? ref.params.dedicated.capacity;
        n--;
      }
      return;
    }
    case 'scaleOfflineMessaging':
      ref.omScale = Math.min(ref.params.offlineIm.maxScale, ref.omScale * c.factor);
      return;
    case 'disableFeature': {
      if (c.feature === 'offlineIm') ref.omEnabled = !c.disabled;
      else ref.groupVideoEnabled = !c.disabled;
      // Turning a feature back on takes its servers back: the newest dedicated supernodes beyond the pool go.
      const used = dedicatedSlots(ref).filter((s) => s.state !== EMPTY).length;
      releaseNewest(ref, used - dedicatedServers(ref));
      return;
    }
    case 'releaseSupernodes':
      releaseNewest(ref, c.count);
      return;
    case 'cancelOrder':
      return; // withdraws a pending order when it arrives (commands)
    case 'throttleLogins':
      ref.loginThrottle = c.perMinute;
      return;
    case 'enableClientBackoff':
      ref.backoffEnabled = true;
      return;
    case 'offlineImCapacity':
      ref.omCapacityFactor *= c.factor;
      return;
  }
}

/** Take `count` dedicated supernodes down, newest first. */
function releaseNewest(ref: Reference, count: number): void {
  let n = count;
  for (const s of dedicatedSlots(ref).reverse()) {
    if (n <= 0) break;
    if (s.state === EMPTY) continue;
    orphanAll(ref, s);
    s.state = EMPTY;
    n--;
  }
}

// ---- one tick -----------------------------------------------------------------------------------------------

/** What the systems of one tick hand each other (not state: rebuilt every tick). */
interface Tick {
  t: number;
  minuteOfDay: number;
  expected: number;
  omLatency: number;
  omUtil: number;
  slowFraction: number;
  /** Per-minute chance that an online 5.0.0152 crashes, and that one crashes at login (its message fetch). */
  crashOnline: number;
  crashAtLogin: number;
  /** Share of not-yet-told 5.0.0152 clients told to update this minute. */
  tellNow: number;
  /** Share of the 5.0.0152 clients on the network whose download finishes this minute (hosts draw against it). */
  doneShare: number;
  /** The told clients whose download finishes this minute. */
  downloaded: RefClient[];
  inWave: boolean;
  /** Clients that crashed this tick; their restart delays are drawn at the end of it. */
  crashedNow: RefClient[];
  supernodeDeaths: number;
  updatesDone: number;
  logins: number;
  /** Searchers a supernode took this minute (logged in at once, or waiting while the login server is throttled). */
  accepted: number;
  attempts: number;
  protections: number;
  meanLoad: number;
}

/** Advance one simulated minute: the fast model's nine systems, in its order. */
export function stepReference(ref: Reference, inputs: readonly SimInput[] = []): void {
  const p = ref.params;
  const minuteOfDay = (p.startMinuteOfDay + ref.tick) % 1440;
  const tick: Tick = {
    t: ref.tick,
    minuteOfDay,
    expected: referenceExpectedOnline(p, minuteOfDay),
    omLatency: 0,
    omUtil: 0,
    slowFraction: 0,
    crashOnline: 0,
    crashAtLogin: 0,
    tellNow: 0,
    doneShare: 0,
    downloaded: [],
    inWave: false,
    crashedNow: [],
    supernodeDeaths: 0,
    updatesDone: 0,
    logins: 0,
    accepted: 0,
    attempts: 0,
    protections: 0,
    meanLoad: 0,
  };
  commands(ref, tick, inputs);
  offlineIm(ref, tick);
  supernodes(ref, tick);
  restarts(ref, tick);
  updates(ref, tick);
  arrivals(ref, tick);
  promotion(ref, tick);
  attach(ref, tick);
  accounting(ref, tick);
  ref.tick++;
}

/** 1. Commands: scripted effects take effect now; operator inputs after their lead time, in the order given. */
function commands(ref: Reference, tick: Tick, inputs: readonly SimInput[]): void {
  const t = tick.t;
  for (const e of ref.params.effects) {
    if (e.atMinute !== t) continue;
    const { atMinute: _at, ...command } = e;
    ref.pending.push({ at: t, issued: t, command: command as ModelCommand });
  }
  for (const input of inputs) {
    const { tick: _tick, ...command } = input;
    if (command.kind === 'cancelOrder') {
      const c = command;
      const i = ref.pending.findIndex(
        (x) => x.issued === c.issuedAtMinute && x.command.kind === c.order && x.at > t,
      );
      if (i >= 0) ref.pending.splice(i, 1);
      continue;
    }
    ref.pending.push({
      issued: t,
      at: t + leadTime(ref.params, command as ModelCommand),
      command: command as ModelCommand,
    });
  }
  const due = ref.pending.filter((x) => x.at <= t);
  ref.pending = ref.pending.filter((x) => x.at > t);
  for (const x of due) applyCommand(ref, x.command);
}

/** 2. Offline IM: last minute's syncs and logins queue at the cluster; a long queue means slow replies. */
function offlineIm(ref: Reference, tick: Tick): void {
  const p = ref.params;
  const om = p.offlineIm;
  if (ref.omEnabled) {
    const capacity = om.capacityPerMinute * ref.omCapacityFactor * ref.omScale;
    const demand = ref.lastOnline * om.syncPerOnlinePerMinute + ref.lastLogins * om.requestsPerLogin;
    const maxBacklog = (capacity * om.maxLatencyMs) / 60000;
    ref.omBacklog = Math.min(maxBacklog, Math.max(0, ref.omBacklog + demand - capacity));
    tick.omUtil = demand / capacity;
    const rho = Math.min(tick.omUtil, 0.95);
    tick.omLatency = Math.min(
      om.maxLatencyMs,
      om.baseLatencyMs / (1 - rho) + (ref.omBacklog / capacity) * 60000,
    );
    const slow = (tick.omLatency - p.bug.slowReplyMs) / (p.bug.fullHazardMs - p.bug.slowReplyMs);
    tick.slowFraction = Math.min(1, Math.max(0, slow));
  } else {
    ref.omBacklog = 0;
  }
  tick.crashOnline = Math.min(1, om.syncPerOnlinePerMinute * p.bug.crashPerSlowReply * tick.slowFraction);
  tick.crashAtLogin = Math.min(1, om.requestsPerLogin * p.bug.crashPerSlowReply * tick.slowFraction);

  // The first wave is counted from the first slow replies at or after the trigger.
  if (ref.waveState === 0 && tick.t >= p.triggerMinute && tick.slowFraction > 0) {
    ref.waveState = 1;
    const user = ref.supernodes.slice(0, ref.userSlots);
    ref.waveBuggyAtTrigger = user.reduce(
      (n, s) => n + s.clients.filter((c) => c.state === 'online' && isBuggy(c.kind)).length,
      0,
    );
    ref.waveSupernodesAtTrigger = user.filter((s) => s.state === ALIVE).length;
  }
  tick.inWave = ref.waveState === 1;

  if (ref.rolloutActive && ref.rolloutFraction < 1) {
    const before = ref.rolloutFraction;
    const after = Math.min(1, before + ref.rolloutPercentPerHour / 100 / 60);
    tick.tellNow = (after - before) / (1 - before);
    ref.rolloutFraction = after;
  }
  // Told clients download in the background and stay where they are; bandwidth bounds the downloads a minute.
  const onNet = [...ref.pools.online, ...ref.pools.searching].filter((c) => isBuggy(c.kind));
  if (tick.tellNow > 0) for (const c of onNet) if (!c.told && chance(ref, tick.tellNow)) c.told = true;
  let bw = 0;
  if (ref.rolloutActive) {
    const u = p.update;
    ref.bandwidthNowGbps =
      ref.bandwidthNowGbps < ref.rolloutBandwidthGbps
        ? Math.min(ref.rolloutBandwidthGbps, ref.bandwidthNowGbps + u.provisionGbpsPerHour / 60)
        : ref.rolloutBandwidthGbps;
    bw = ref.bandwidthNowGbps;
    // Reserved while telling users or while more than a minute's downloads wait (the later trickle goes without).
    const waiting = onNet.reduce((n, c) => n + (c.told ? 1 : 0), 0);
    if (ref.rolloutFraction < 1 || waiting > Math.floor((bw * 7500) / u.packageMB)) {
      const usd = (ref.rolloutBandwidthGbps * u.costPerGbpsHour) / 60;
      ref.costUsd += usd;
      ref.updateCostUsd += usd;
    }
  }
  const told = onNet.filter((c) => c.told);
  const perMinute = Math.floor((bw * 7500) / p.update.packageMB);
  const done = Math.min(told.length, perMinute);
  // Which told clients finish first is random (they started at random times).
  for (let i = 0; i < done; i++) {
    const j = i + Math.floor(nextFloat(ref.rng) * (told.length - i));
    [told[i], told[j]] = [told[j]!, told[i]!];
  }
  tick.downloaded = told.slice(0, done);
  tick.doneShare = onNet.length > 0 ? done / onNet.length : 0;
}

function crash(ref: Reference, tick: Tick, c: RefClient): void {
  if (tick.inWave && c.kind === BUGGY) ref.waveFirstCrashes++;
  moveTo(ref, c, 'crashed');
  c.timer = -1;
  tick.crashedNow.push(c);
}

/** 3. Supernodes, in slot order: timers, then the host's own fate, then each attached client's. */
function supernodes(ref: Reference, tick: Tick): void {
  const p = ref.params;
  const sn = p.supernodes;
  const t = tick.t;
  for (const s of ref.supernodes) {
    if (s.state === EMPTY) continue;
    if (s.state !== ALIVE && s.timer <= t) {
      if (s.state === DEAD) {
        s.state = WARMING;
        s.timer = t + sn.warmupMinutes;
      } else {
        s.state = ALIVE;
        s.trafficAvg = 0;
      }
    }
    if (s.state !== ALIVE) continue;
    // Log-offs (hosts and clients) are decided for a fifth of the supernodes each minute, at five times the rate.
    const logoffTurn = (t + s.index) % LOGOFF_STRIDE === 0;
    if (!s.dedicated) {
      if (isBuggy(s.hostKind) && chance(ref, tick.crashOnline)) {
        // The host's own 5.0.0152 crashed: the supernode goes with it until its user restarts it.
        orphanAll(ref, s);
        s.state = DEAD;
        s.timer = t + p.restart.delayMinutes[pickWeighted(ref, p.restart.delayWeights)]!;
        s.hostKind = BUGGY_RESTARTED;
        tick.supernodeDeaths++;
        if (tick.inWave) ref.waveSupernodeCrashes++;
        continue;
      }
      if (isBuggy(s.hostKind) && chance(ref, tick.doneShare)) {
        // Its download finished: updating restarts the host in an orderly way: its clients are orphaned, and it rejoins as a supernode
        // after the install and a short rejoin (it keeps its credentials, unlike a crashed host).
        orphanAll(ref, s);
        s.state = WARMING;
        s.timer = t + p.update.installMinutes + p.update.supernodeRejoinMinutes;
        s.hostKind = FIXED;
        continue;
      }
      if (logoffTurn && chance(ref, Math.min(1, LOGOFF_STRIDE / sn.hostSessionMinutes))) {
        orphanAll(ref, s);
        s.state = EMPTY;
        continue;
      }
    }
    // Each attached client: a 5.0.0152 may crash, else be told to update; anyone may log off. One coin per
    // client per rule, each over the clients the rules before it left.
    // Clients waiting for the login server have not logged in: they fetch no offline messages and stay.
    for (const c of coinsOver(ref, s.clients, tick.crashOnline))
      if (isBuggy(c.kind) && c.state === 'online') crash(ref, tick, c);
    if (logoffTurn) {
      const leaving = coinsOver(ref, s.clients, Math.min(1, LOGOFF_STRIDE / p.population.sessionMinutes));
      for (const c of leaving) if (c.state === 'online') moveTo(ref, c, 'gone');
    }
  }
}

/** A (re)starting client searches; a 5.0.0152 is told at login if the rollout has reached its share. */
function startSearching(ref: Reference, c: RefClient): void {
  moveTo(ref, c, 'searching');
  c.told = isBuggy(c.kind) && ref.rolloutActive && chance(ref, ref.rolloutFraction);
}

/** 4. Restarts: users restart crashed clients when their delay is up. */
function restarts(ref: Reference, tick: Tick): void {
  for (const c of [...ref.pools.crashed]) {
    if (c.timer === tick.t) startSearching(ref, c);
  }
}

/** 5. Updates: searching 5.0.0152 clients are told too; downloads per minute are bounded by bandwidth. */
function updates(ref: Reference, tick: Tick): void {
  const p = ref.params;
  const t = tick.t;
  // Finished downloads restart their client into the update (unless it crashed or left meanwhile).
  let served = 0;
  for (const c of tick.downloaded) {
    if (c.state !== 'online' && c.state !== 'searching') continue;
    if (!isBuggy(c.kind)) continue;
    moveTo(ref, c, 'installing');
    c.told = false;
    c.timer = t + p.update.installMinutes;
    served++;
  }
  const updateUsd = ((served * p.update.packageMB) / 1e6) * p.update.costPerTB;
  ref.costUsd += updateUsd;
  ref.updateCostUsd += updateUsd;
  for (const c of [...ref.pools.installing]) {
    if (c.timer !== t) continue;
    setKind(ref, c, FIXED);
    moveTo(ref, c, 'searching');
    tick.updatesDone++;
  }
}

/** 6. Arrivals: users start Skype until the demand curve is met; searching users give up now and then. */
function arrivals(ref: Reference, tick: Tick): void {
  const gone = ref.pools.gone;
  const wanting = ref.clients.length - gone.length;
  const arriving = Math.min(gone.length, Math.max(0, tick.expected - wanting));
  for (let n = 0; n < arriving; n++) {
    const c = gone[Math.floor(nextFloat(ref.rng) * gone.length)]!;
    startSearching(ref, c);
  }
  // Clients orphaned this minute are still reconnecting: they neither give up nor update until the next.
  for (const c of coinsOver(ref, ref.pools.searching, ref.params.search.giveUpPerMinute)) {
    if (c.orphanedAt !== tick.t) moveTo(ref, c, 'gone');
  }
}

/** 7. Promotion: empty user slots are taken by eligible online users, up to the network's target. */
function promotion(ref: Reference, tick: Tick): void {
  const p = ref.params;
  const sn = p.supernodes;
  const userSupernodes = ref.supernodes.slice(0, ref.userSlots);
  const active = userSupernodes.filter((s) => s.state !== EMPTY).length;
  const target = Math.floor(tick.expected / sn.clientsPerSupernodeTarget);
  if (target <= active || active >= ref.userSlots) return;
  const wanted = roundRandom(ref, (target - active) * sn.promotionPerMinute);
  const eligible = roundRandom(ref, ref.lastOnline * sn.eligiblePerMinute);
  let n = Math.min(wanted, eligible, ref.userSlots - active);
  // Host kinds follow last minute's online mix, tilted towards the kinds that make good hosts.
  const kindWeights = ref.m.onlineByKind.map((online, k) => {
    const share = p.population.kindShares[k]!;
    return share > 0 ? (online * sn.hostKindShares[k]!) / share : 0;
  });
  while (n > 0) {
    const s = userSupernodes[ref.promoteCursor]!;
    if (s.state === EMPTY) {
      s.state = WARMING;
      s.timer = tick.t + sn.warmupMinutes;
      s.hostKind = pickWeighted(ref, kindWeights);
      n--;
    }
    ref.promoteCursor = (ref.promoteCursor + 1) % ref.userSlots;
  }
}

/**
 * 8. Attach: every searching client fires its attempts at host-cache entries (weighted by capacity; dedicated
 * supernodes are handed out cacheBoost times as often) until a live supernode with room and accept budget takes
 * it; dead, warming and protecting entries waste attempts. Then each live supernode's traffic is totted up, and
 * sustained overload makes a user host drop the role (the cascade).
 */
function attach(ref: Reference, tick: Tick): void {
  const p = ref.params;
  const sn = p.supernodes;
  const pool = ref.pools.searching;
  const searching = pool.length;
  const throttle = ref.loginThrottle;
  const cacheWeight = ref.supernodes.map((s) => {
    if (s.state === EMPTY || s.state === PROVISIONING) return 0;
    if (s.dedicated) return s.state === ALIVE ? s.capacity * p.dedicated.cacheBoost : 0;
    return s.capacity;
  });
  const totalWeight = cacheWeight.reduce((a, b) => a + b, 0);
  // How many new clients each live supernode can take this minute: its room, at most its accept rate.
  const budget = ref.supernodes.map((s) => {
    if (s.state !== ALIVE) return 0;
    const acceptRate = s.dedicated ? p.dedicated.acceptPerMinute : sn.acceptPerMinute;
    return Math.max(0, Math.min(s.capacity - s.clients.length, acceptRate));
  });
  const accepted = ref.supernodes.map(() => 0);
  /** Logins through each supernode this minute (they cost it loginCost each). */
  const loginsAt = ref.supernodes.map(() => 0);
  // The login step, for clients already waiting at a supernode: a throttled login server lets in `throttle`
  // of them a minute, chosen at random; with the throttle lifted every one of them logs in now.
  const waiting = ref.pools.waiting;
  let admit = throttle !== null ? Math.min(throttle, waiting.length) : waiting.length;
  /** Newcomers the throttle still lets in this minute, once the queue has had its turn. */
  let room = throttle !== null ? throttle - admit : Infinity;
  while (admit-- > 0) {
    const c = waiting[Math.floor(nextFloat(ref.rng) * waiting.length)]!;
    loginsAt[c.supernode]!++;
    tick.logins++;
    if (isBuggy(c.kind) && chance(ref, tick.crashAtLogin)) crash(ref, tick, c);
    else moveTo(ref, c, 'online');
  }
  // Open entries: supernodes that can still take someone this minute, and their share of the host cache.
  let open = ref.supernodes.filter((s) => budget[s.index]! > 0).map((s) => s.index);
  let openWeight = open.reduce((w, i) => w + cacheWeight[i]!, 0);
  const rateOf = (kind: number) =>
    ref.backoffEnabled && kind === FIXED ? p.search.backoffAttemptsPerMinute : p.search.attemptsPerMinute;
  // The throttle gates the login step only: searchers keep retrying at their own rate.
  for (let kind = 0; kind < KINDS; kind++) tick.attempts += ref.counts.searching[kind]! * rateOf(kind);
  // Searchers take turns in random order: a random searcher who has not had a turn this minute, until every
  // searcher left has had one. Once every budget is spent, the rest could only fail.
  let failed = 0;
  let taken = 0;
  while (failed < pool.length && taken < searching && open.length > 0) {
    const c = pool[Math.floor(nextFloat(ref.rng) * pool.length)]!;
    if (c.turnAt === tick.t) continue;
    c.turnAt = tick.t;
    const rate = rateOf(c.kind);
    const tries = Math.floor(rate) + (chance(ref, rate - Math.floor(rate)) ? 1 : 0);
    let target = -1;
    for (let a = 0; a < tries && target < 0; a++) {
      // A try lands on a cache entry in proportion to its weight. Lay the open entries out first on [0, total):
      // a point below openWeight is an open entry, found by walking them; anything else is a wasted attempt.
      let x = nextFloat(ref.rng) * totalWeight;
      if (x >= openWeight) continue;
      for (const i of open) {
        x -= cacheWeight[i]!;
        target = i;
        if (x < 0) break;
      }
    }
    if (target < 0) {
      failed++;
      continue;
    }
    taken++;
    if (++accepted[target]! === budget[target]) {
      open = open.filter((i) => i !== target);
      openWeight = open.reduce((w, i) => w + cacheWeight[i]!, 0);
    }
    if (room <= 0) {
      // Connected, but the throttled login server has no room left this minute: it waits on this supernode.
      attachTo(ref, c, ref.supernodes[target]!, 'waiting');
      continue;
    }
    room--;
    tick.logins++;
    loginsAt[target]!++;
    if (isBuggy(c.kind) && chance(ref, tick.crashAtLogin)) crash(ref, tick, c);
    else attachTo(ref, c, ref.supernodes[target]!);
  }
  tick.accepted = taken;

  // Traffic: attached clients, logins, and attempts (spread by cache weight in expectation).
  const normalPerSupernode = tick.expected / sn.count;
  let loadSum = 0;
  let aliveUser = 0;
  for (const s of ref.supernodes) {
    if (s.state !== ALIVE) {
      s.load = 0;
      continue;
    }
    const attemptsHere = totalWeight > 0 ? (tick.attempts * cacheWeight[s.index]!) / totalWeight : 0;
    const traffic = s.clients.length + sn.loginCost * loginsAt[s.index]! + sn.attemptCost * attemptsHere;
    s.load = normalPerSupernode > 0 ? traffic / normalPerSupernode : 0;
    if (s.dedicated) continue;
    loadSum += s.load;
    aliveUser++;
    // Protection watches traffic smoothed over protectAfterMinutes, not a one-minute burst.
    s.trafficAvg += (traffic - s.trafficAvg) / sn.protectAfterMinutes;
    if (s.trafficAvg > s.protectAt) {
      orphanAll(ref, s);
      s.state = PROTECTING;
      s.timer = tick.t + sn.coolDownMinutes;
      tick.protections++;
    }
  }
  tick.meanLoad = aliveUser > 0 ? loadSum / aliveUser : 0;
}

/** 9. Accounting: each crashed user picks a restart delay (or never restarts); costs; metrics. */
function accounting(ref: Reference, tick: Tick): void {
  const p = ref.params;
  const t = tick.t;
  const r = p.restart;
  const delayChoices = [...r.delayWeights, r.neverWeight];
  for (const c of tick.crashedNow) {
    if (c.kind === BUGGY) setKind(ref, c, BUGGY_RESTARTED);
    const choice = pickWeighted(ref, delayChoices);
    if (choice === r.delayMinutes.length) moveTo(ref, c, 'gone');
    else c.timer = t + r.delayMinutes[choice]!;
  }

  const pools = ref.pools;
  const online = pools.online.length;
  const onlineByKind = [...ref.counts.online];
  const count = (pred: (s: RefSupernode) => boolean) => ref.supernodes.filter(pred).length;
  const dedicatedAlive = count((s) => s.dedicated && s.state === ALIVE);
  const dedicatedOther = count((s) => s.dedicated && s.state !== ALIVE && s.state !== EMPTY);
  // A server-hour per dedicated.capacity clients a dedicated supernode is set up to carry.
  const dedicatedLoad = ref.supernodes
    .filter((s) => s.dedicated && s.state !== EMPTY)
    .reduce((n, s) => n + s.capacity, 0);
  const serverUsd = ((dedicatedLoad / p.dedicated.capacity) * p.dedicated.costPerServerHour) / 60;
  ref.costUsd += serverUsd;
  ref.serverCostUsd += serverUsd;
  if (ref.omScale > 1) ref.costUsd += ((ref.omScale - 1) * p.offlineIm.costPerCapacityHour) / 60;
  if (tick.expected > online) ref.userMinutesLost += tick.expected - online;
  // Each online user loses the share of service a switched-off feature was.
  if (!ref.omEnabled) ref.userMinutesLost += online * p.offlineIm.serviceShare;
  if (!ref.groupVideoEnabled) ref.userMinutesLost += online * p.dedicated.groupVideoServiceShare;
  ref.peakLoadFactor = Math.max(ref.peakLoadFactor, tick.meanLoad);
  // It ends when replies are fast again, or six hours after the trigger at the latest.
  if (tick.inWave && (tick.slowFraction === 0 || t >= p.triggerMinute + 360)) {
    ref.waveState = 2;
  }
  ref.lastLogins = tick.logins;
  ref.lastOnline = online;

  ref.m = {
    tick: t,
    minuteOfDay: tick.minuteOfDay,
    online,
    expectedOnline: tick.expected,
    searching: pools.searching.length,
    crashed: pools.crashed.length,
    updating: pools.queued.length + pools.installing.length,
    gone: pools.gone.length,
    onlineByKind,
    buggyOnline: onlineByKind[BUGGY]! + onlineByKind[BUGGY_RESTARTED]!,
    supernodesAlive: count((s) => !s.dedicated && s.state === ALIVE),
    supernodesProtecting: count((s) => !s.dedicated && s.state === PROTECTING),
    supernodesWarming: count((s) => !s.dedicated && s.state === WARMING),
    supernodesDead: count((s) => !s.dedicated && s.state === DEAD),
    dedicatedSupernodes: dedicatedAlive,
    dedicatedProvisioning: dedicatedOther,
    supernodeLoadFactor: tick.meanLoad,
    omLatencyMs: tick.omLatency,
    omUtilisation: tick.omUtil,
    omEnabled: ref.omEnabled,
    groupVideoEnabled: ref.groupVideoEnabled,
    crashesThisTick: tick.crashedNow.length,
    loginsThisTick: tick.logins,
    awaitingLogin: pools.waiting.length,
    failedAttemptsThisTick: Math.max(0, tick.attempts - tick.accepted),
    supernodeDeathsThisTick: tick.supernodeDeaths,
    protectionsThisTick: tick.protections,
    updatesCompletedThisTick: tick.updatesDone,
    rolloutFraction: ref.rolloutFraction,
    loginThrottlePerMinute: ref.loginThrottle,
    backoffEnabled: ref.backoffEnabled,
    costUsd: ref.costUsd,
    serverCostUsd: ref.serverCostUsd,
    updateCostUsd: ref.updateCostUsd,
    userMinutesLost: ref.userMinutesLost,
    totalClients: STATES.reduce((n, s) => n + pools[s].length, 0),
  };
}

/** Metrics of the last completed tick (a copy), in the fast model's shape. */
export function referenceMetrics(ref: Reference): SimMetrics {
  return { ...ref.m, onlineByKind: [...ref.m.onlineByKind] };
}
