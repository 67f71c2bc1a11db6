/**
 * One tick = one simulated minute. The systems run in this fixed order (docs/model.md explains each):
 *
 *  1. commands      inputs and scripted effects become pending; due ones take effect
 *  2. offline IM    demand from last minute's online clients and logins -> backlog -> reply latency
 *  3. supernodes    timers (cool-down, warm-up, restart, provisioning); host crashes, log-offs and forced
 *                   updates; per-cohort crashes, forced updates and log-offs of attached clients
 *  4. restarts      crashed clients whose user restarts now search again (or update first, if targeted)
 *  5. updates       searching/arriving buggy clients targeted by a rollout; downloads bounded by bandwidth
 *  6. arrivals      users who start Skype (the demand curve), and searchers who give up
 *  7. promotion     eligible online clients take empty supernode slots (the organic recovery path)
 *  8. attach        searching clients' attempts hit host-cache entries; live supernodes with room take them;
 *                   traffic above the protection threshold makes a supernode drop its role (the cascade)
 *  9. accounting    crashes into the restart wheel, costs, user-minutes lost, metrics
 *
 * Only basic IEEE arithmetic and Math.floor/min/max are used on state, so results are identical in every engine.
 */
import { apportion, drawFromPools, drawFromPoolsWeighted } from './allocate';
import { nextFloat, sround } from './rng';
import { KIND, KINDS, SN_STATE, type ModelCommand, type ModelParams, type SimInput } from './types';
import { WHEEL, expectedOnline, pickWeighted, sumInt, type World } from './world';

const LOGOFF_STRIDE = 5;
// Read the enum objects once: module-interop getters on every access cost more than the model itself.
const {
  Empty: EMPTY,
  Alive: ALIVE,
  Protecting: PROTECTING,
  Warming: WARMING,
  Dead: DEAD,
  Provisioning: PROVISIONING,
} = SN_STATE;
const { Buggy: BUGGY, BuggyRestarted: BUGGY_RESTARTED, Fixed: FIXED } = KIND;
const K = KINDS;

// Scratch buffers reused across ticks (not state: rebuilt every tick).
const crashedNow = new Int32Array(K);
const orphans = new Int32Array(K);
const part = new Int32Array(K);
const kindTotals = new Int32Array(K);
const kindRate = new Float64Array(K);
const waitPart = new Int32Array(K);
const admitTotals = new Int32Array(K);
let offerBuf = new Float64Array(0);
let attemptBuf = new Float64Array(0);
let acceptBuf = new Int32Array(0);
let admitBuf = new Int32Array(0);

/** Lead time of a command in minutes. */
export function leadMinutes(w: World, c: ModelCommand): number {
  const p = w.params;
  switch (c.kind) {
    case 'forceUpdate':
      return p.update.leadMinutes;
    case 'spinUpSupernodes':
      return 0; // servers are reserved at once; each one provisions for dedicated.leadMinutes
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

/** Dedicated servers that may be used now: the spare pool plus servers freed by disabled features. */
export function dedicatedPool(w: World): number {
  const d = w.params.dedicated;
  return (
    d.poolServers +
    (w.s.groupVideoEnabled ? 0 : d.groupVideoServers) +
    (w.s.omEnabled ? 0 : d.offlineImServers)
  );
}

/** Dedicated slots in use (provisioning or alive). */
export function dedicatedInUse(w: World): number {
  let n = 0;
  for (let i = w.userSlots; i < w.slots; i++) if (w.snState[i] !== EMPTY) n++;
  return n;
}

function orphanSlot(w: World, i: number): void {
  const base = i * K;
  for (let k = 0; k < K; k++) {
    const n = w.cohort[base + k]!;
    orphans[k] = orphans[k]! + n;
    w.onlineKind[k] = w.onlineKind[k]! - n;
    w.cohort[base + k] = 0;
  }
  // Clients waiting at it for the login server lose their connection too; their kinds come from the queue's mix.
  const q = w.snWaiting[i]!;
  if (q > 0) {
    drawFromPools(q, w.waitingKind, waitPart);
    for (let k = 0; k < K; k++) {
      w.waitingKind[k] = w.waitingKind[k]! - waitPart[k]!;
      orphans[k] = orphans[k]! + waitPart[k]!;
    }
    w.snWaiting[i] = 0;
  }
  w.snAttached[i] = 0;
}

/** Orphaned clients start searching (after the pass that orphaned them, so they do not re-enter it). */
function flushOrphans(w: World): void {
  for (let k = 0; k < K; k++) {
    w.searching[k] = w.searching[k]! + orphans[k]!;
    orphans[k] = 0;
  }
}

/**
 * `n` clients of kind `k` start Skype (a restart or an arrival) and search. A buggy one whose share of the
 * population the rollout has reached is told at login and starts downloading in the background: it joins the
 * told share (tk.joinTold / tk.joinBuggy, folded into s.toldShare after the downloads of this minute).
 */
function startSearching(w: World, k: number, n: number): void {
  w.searching[k] = w.searching[k]! + n;
  if (k !== BUGGY && k !== BUGGY_RESTARTED) return;
  tk.joinBuggy += n;
  if (w.s.rolloutActive) tk.joinTold += n * w.s.rolloutFraction;
}

function applyCommand(w: World, c: ModelCommand): void {
  const s = w.s;
  switch (c.kind) {
    case 'forceUpdate':
      // Bandwidth beyond what the update servers have on hand is provisioned at update.provisionGbpsPerHour.
      if (!s.rolloutActive) s.bandwidthNowGbps = Math.min(c.bandwidthGbps, w.params.update.onHandGbps);
      s.rolloutActive = true;
      s.rolloutPercentPerHour = c.rolloutPercentPerHour;
      s.rolloutBandwidthGbps = c.bandwidthGbps;
      return;
    case 'spinUpSupernodes': {
      const room = dedicatedPool(w) - dedicatedInUse(w);
      let n = Math.min(c.count, room);
      const cap = c.capacity ?? w.params.dedicated.capacity;
      for (let i = w.userSlots; i < w.slots && n > 0; i++) {
        if (w.snState[i] !== EMPTY) continue;
        w.snState[i] = PROVISIONING;
        w.snTimer[i] = s.tick + w.params.dedicated.leadMinutes;
        w.snCapacity[i] = cap;
        n--;
      }
      return;
    }
    case 'releaseSupernodes':
      releaseDedicated(w, c.count);
      return;
    case 'cancelOrder':
      return; // handled when it arrives (stepCommands): it withdraws a pending order
    case 'scaleOfflineMessaging':
      // Repeated orders do not compound past the cluster's largest size.
      s.omScale = Math.min(w.params.offlineIm.maxScale, s.omScale * c.factor);
      return;
    case 'disableFeature':
      if (c.feature === 'offlineIm') s.omEnabled = !c.disabled;
      else s.groupVideoEnabled = !c.disabled;
      releaseExcessDedicated(w);
      return;
    case 'throttleLogins':
      s.loginThrottle = c.perMinute === null ? -1 : c.perMinute;
      return;
    case 'enableClientBackoff':
      s.backoffEnabled = true;
      return;
    case 'offlineImCapacity':
      s.omCapacityFactor *= c.factor;
      return;
  }
}

/** Re-enabling a feature takes its servers back: the newest dedicated supernodes beyond the pool go away. */
function releaseExcessDedicated(w: World): void {
  releaseDedicated(w, dedicatedInUse(w) - dedicatedPool(w));
}

/** Take `count` dedicated supernodes down, newest first; their clients search again. */
function releaseDedicated(w: World, count: number): void {
  let n = count;
  for (let i = w.slots - 1; i >= w.userSlots && n > 0; i--) {
    if (w.snState[i] === EMPTY) continue;
    orphanSlot(w, i);
    w.snState[i] = EMPTY;
    n--;
  }
}

/**
 * Price of dedicated supernodes per hour: a server-hour per `dedicated.capacity` clients they are set up to
 * carry (a heavier load needs a bigger server, priced in proportion). Accounting and previews use it.
 */
export function dedicatedUsdPerHour(p: ModelParams, totalCapacity: number): number {
  return (totalCapacity / p.dedicated.capacity) * p.dedicated.costPerServerHour;
}

/**
 * The share of one online user's service lost while features are off (offline IM, group video). The model's
 * accounting charges `online × share` user-minutes per minute; previews and the score read the same function.
 */
export function featureLossShare(p: ModelParams, omEnabled: boolean, groupVideoEnabled: boolean): number {
  return (
    (omEnabled ? 0 : p.offlineIm.serviceShare) + (groupVideoEnabled ? 0 : p.dedicated.groupVideoServiceShare)
  );
}

/**
 * Per-tick values one system hands to the next. Module scratch, rebuilt every tick (not state, not in
 * snapshots); the systems below read and write it in the documented order.
 */
const tk = {
  t: 0,
  minuteOfDay: 0,
  expected: 0,
  omLatency: 0,
  omUtil: 0,
  slowFraction: 0,
  /** Per-minute crash chance of an online 5.0.0152 client, and the extra chance at login (its message fetch). */
  hOnline: 0,
  hLogin: 0,
  inWave: false,
  /** Share of the not-yet-told buggy clients told to update this minute. */
  pUpdate: 0,
  /** Share of the buggy clients on the network (online or searching) whose download finishes this minute. */
  pDone: 0,
  /** Buggy clients on the network at the start of the updates, and told ones in it (the download queue). */
  buggyNet: 0,
  queue: 0,
  /** Buggy clients starting Skype this minute, and the told ones among them (expected count). */
  joinBuggy: 0,
  joinTold: 0,
  toUpdate: 0,
  updatesDone: 0,
  snDeaths: 0,
  activeUser: 0,
  cacheWeight: 0,
  attachedSum: 0,
  attempts: 0,
  /** Clients a supernode took this minute (logged in at once, or into the login queue while throttled). */
  accepted: 0,
  logins: 0,
  protections: 0,
  meanLoad: 0,
  alive: 0,
  protecting: 0,
  warming: 0,
  dead: 0,
  ded: 0,
  dedProv: 0,
  /** Summed client capacity of the dedicated supernodes serving or provisioning (their price follows it). */
  dedLoad: 0,
};

/** Advance the world by one tick (one simulated minute): the systems in their documented order. */
export function stepWorld(w: World, inputs: readonly SimInput[]): void {
  crashedNow.fill(0);
  orphans.fill(0);
  tk.t = w.s.tick;
  stepCommands(w, inputs);
  tk.minuteOfDay = (w.params.startMinuteOfDay + tk.t) % 1440;
  tk.expected = expectedOnline(w.params, tk.minuteOfDay);
  stepOfflineIm(w);
  stepSupernodes(w);
  stepRestarts(w);
  stepUpdates(w);
  stepArrivals(w);
  stepPromotion(w);
  stepAttach(w);
  stepAccounting(w);
  w.s.tick = tk.t + 1;
}

/** 1. Commands: scripted effects and inputs become pending with their lead time; due ones take effect. */
function stepCommands(w: World, inputs: readonly SimInput[]): void {
  const t = tk.t;
  for (const e of w.params.effects) {
    if (e.atMinute === t) {
      const { atMinute: _a, ...command } = e;
      w.pending.push({ at: t, issued: t, command: command as ModelCommand });
    }
  }
  for (const input of inputs) {
    const { tick: _t, ...command } = input;
    if (command.kind === 'cancelOrder') {
      const c = command;
      const i = w.pending.findIndex(
        (x) => x.issued === c.issuedAtMinute && x.command.kind === c.order && x.at > t,
      );
      if (i >= 0) w.pending.splice(i, 1);
      continue;
    }
    w.pending.push({
      at: t + leadMinutes(w, command as ModelCommand),
      issued: t,
      command: command as ModelCommand,
    });
  }
  if (w.pending.length > 0) {
    const keep = [];
    for (const pc of w.pending) {
      if (pc.at <= t) applyCommand(w, pc.command);
      else keep.push(pc);
    }
    w.pending = keep;
  }
}

/**
 * 2. Offline IM: demand from last minute's online clients and logins -> backlog -> reply latency -> the crash
 * hazards of 5.0.0152; first-wave bookkeeping; this minute's forced-update progress.
 */
function stepOfflineIm(w: World): void {
  const p = w.params;
  const s = w.s;
  const t = tk.t;
  const om = p.offlineIm;
  let omLatency = 0;
  let omUtil = 0;
  let slowFraction = 0;
  if (s.omEnabled) {
    const capacity = om.capacityPerMinute * s.omCapacityFactor * s.omScale;
    const demand = s.lastOnline * om.syncPerOnlinePerMinute + s.lastLogins * om.requestsPerLogin;
    const maxBacklog = (capacity * om.maxLatencyMs) / 60000;
    s.omBacklog = Math.min(maxBacklog, Math.max(0, s.omBacklog + demand - capacity));
    omUtil = demand / capacity;
    const rho = omUtil < 0.95 ? omUtil : 0.95;
    omLatency = Math.min(om.maxLatencyMs, om.baseLatencyMs / (1 - rho) + (s.omBacklog / capacity) * 60000);
    const b = p.bug;
    slowFraction = (omLatency - b.slowReplyMs) / (b.fullHazardMs - b.slowReplyMs);
    slowFraction = slowFraction < 0 ? 0 : slowFraction > 1 ? 1 : slowFraction;
  } else {
    s.omBacklog = 0;
  }
  tk.omLatency = omLatency;
  tk.omUtil = omUtil;
  tk.slowFraction = slowFraction;
  tk.hOnline = Math.min(1, om.syncPerOnlinePerMinute * p.bug.crashPerSlowReply * slowFraction);
  tk.hLogin = Math.min(1, om.requestsPerLogin * p.bug.crashPerSlowReply * slowFraction);

  // First-wave bookkeeping starts when replies first turn slow at or after the trigger.
  if (s.waveState === 0 && t >= p.triggerMinute && slowFraction > 0) {
    s.waveState = 1;
    let buggy = 0;
    let alive = 0;
    for (let i = 0; i < w.userSlots; i++) {
      buggy += w.cohort[i * K + BUGGY]! + w.cohort[i * K + BUGGY_RESTARTED]!;
      if (w.snState[i] === ALIVE) alive++;
    }
    s.waveBuggyAtTrigger = buggy;
    s.waveSupernodesAtTrigger = alive;
  }
  tk.inWave = s.waveState === 1;

  // Forced-update progress this minute: share of the not-yet-told buggy clients told now.
  let pUpdate = 0;
  if (s.rolloutActive && s.rolloutFraction < 1) {
    const before = s.rolloutFraction;
    const after = Math.min(1, before + s.rolloutPercentPerHour / 100 / 60);
    pUpdate = (after - before) / (1 - before);
    s.rolloutFraction = after;
  }
  tk.pUpdate = pUpdate;
  tk.toUpdate = 0;
  tk.joinBuggy = 0;
  tk.joinTold = 0;

  // Told clients download in the background and stay online (and exposed to the bug) meanwhile; the update
  // servers' bandwidth bounds how many finish a minute. A finished download restarts the client (installing,
  // off the network for update.installMinutes). Told clients are a share of the buggy clients on the network.
  let buggyNet = 0;
  for (let k = BUGGY; k <= BUGGY_RESTARTED; k++) buggyNet += w.onlineKind[k]! + w.searching[k]!;
  if (pUpdate > 0) s.toldShare += pUpdate * (1 - s.toldShare);
  const queue = s.toldShare * buggyNet;
  const bw = stepBandwidth(w, queue);
  let pDone = 0;
  if (queue >= 1 && bw > 0) {
    const done = Math.min(queue, Math.floor((bw * 7500) / p.update.packageMB));
    pDone = done / buggyNet;
  }
  tk.buggyNet = buggyNet;
  tk.queue = queue;
  tk.pDone = pDone;
}

/**
 * Update-server bandwidth this minute: what was on hand at the order, growing at update.provisionGbpsPerHour
 * towards the ordered bandwidth. Reserved capacity is paid per Gbit/s-hour while the rollout is telling users
 * or more than a minute's downloads wait (`queue`); the trickle of users who start Skype later is served without
 * it (the lever's preview prices the same span: until everyone told is served).
 */
function stepBandwidth(w: World, queue: number): number {
  const s = w.s;
  const u = w.params.update;
  if (!s.rolloutActive) return 0;
  if (s.bandwidthNowGbps < s.rolloutBandwidthGbps)
    s.bandwidthNowGbps = Math.min(s.rolloutBandwidthGbps, s.bandwidthNowGbps + u.provisionGbpsPerHour / 60);
  else s.bandwidthNowGbps = s.rolloutBandwidthGbps;
  if (s.rolloutFraction < 1 || queue > Math.floor((s.bandwidthNowGbps * 7500) / u.packageMB)) {
    const usd = (s.rolloutBandwidthGbps * u.costPerGbpsHour) / 60;
    s.costUsd += usd;
    s.updateCostUsd += usd;
  }
  return s.bandwidthNowGbps;
}

/**
 * 3. Supernodes, one by one: timers; host crashes, forced updates and log-offs; per-cohort crashes, forced
 * updates and log-offs of attached clients. Sums the host-cache weight for promotion and attach.
 */
function stepSupernodes(w: World): void {
  const p = w.params;
  const s = w.s;
  const t = tk.t;
  const rng = w.rng;
  const hOnline = tk.hOnline;
  const pUpdate = tk.pDone;
  const inWave = tk.inWave;
  const sn = p.supernodes;
  const pHostLogoff = Math.min(1, LOGOFF_STRIDE / sn.hostSessionMinutes);
  const pLogoff = Math.min(1, LOGOFF_STRIDE / p.population.sessionMinutes);
  let snDeaths = 0;
  let toUpdate = tk.toUpdate;
  // Host caches list every supernode that existed recently (dead, warming and protecting entries waste
  // attempts); dedicated supernodes are handed out at login, so they appear cacheBoost times as often. Summed
  // here from each slot's state at the end of this pass, for promotion and the attach pass.
  let activeUser = 0;
  let cacheWeight = 0;
  let attachedSum = 0;
  for (let i = 0; i < w.slots; i++) {
    let st = w.snState[i]!;
    if (st === EMPTY) continue;
    slot: {
      if (st !== ALIVE) {
        if (w.snTimer[i]! <= t) {
          if (st === DEAD) {
            st = WARMING;
            w.snTimer[i] = t + sn.warmupMinutes;
          } else {
            st = ALIVE;
            w.snTrafficAvg[i] = 0;
          }
          w.snState[i] = st;
        }
        if (st !== ALIVE) break slot;
      }
      const base = i * K;
      // Log-offs (hosts and clients) are applied to a fifth of the supernodes each minute, at five times the rate.
      const logoffTurn = (t + i) % LOGOFF_STRIDE === 0; // a fifth of the slots each minute
      if (w.snDedicated[i] === 0) {
        const hk = w.snHostKind[i]!;
        const buggyHost = hk === BUGGY || hk === BUGGY_RESTARTED;
        if (buggyHost && hOnline > 0 && nextFloat(rng) < hOnline) {
          // The host's own 5.0.0152 crashed: the supernode goes with it.
          orphanSlot(w, i);
          w.snState[i] = DEAD;
          w.snTimer[i] = t + restartDelay(w);
          w.snHostKind[i] = BUGGY_RESTARTED;
          snDeaths++;
          if (inWave) s.waveSupernodeCrashes++;
          break slot;
        }
        if (buggyHost && pUpdate > 0 && nextFloat(rng) < pUpdate) {
          // Its download finished: updating costs the host an orderly restart: it keeps its supernode credentials, so it rejoins
          // sooner than a crashed one, but its clients are orphaned all the same.
          orphanSlot(w, i);
          w.snState[i] = WARMING;
          w.snTimer[i] = t + p.update.installMinutes + p.update.supernodeRejoinMinutes;
          w.snHostKind[i] = FIXED;
          break slot;
        }
        if (logoffTurn && nextFloat(rng) < pHostLogoff) {
          orphanSlot(w, i);
          w.snState[i] = EMPTY;
          break slot;
        }
      }
      let attached = w.snAttached[i]!;
      if (attached === 0) break slot;
      if (hOnline > 0 || pUpdate > 0) {
        for (let k = BUGGY; k <= BUGGY_RESTARTED; k++) {
          let n = w.cohort[base + k]!;
          if (n === 0) continue;
          if (hOnline > 0) {
            const c = sround(rng, n * hOnline);
            n -= c;
            crashedNow[k] = crashedNow[k]! + c;
            if (inWave && k === BUGGY) s.waveFirstCrashes += c;
          }
          if (pUpdate > 0 && n > 0) {
            const u = sround(rng, n * pUpdate);
            n -= u;
            toUpdate += u;
          }
          const removed = w.cohort[base + k]! - n;
          attached -= removed;
          w.onlineKind[k] = w.onlineKind[k]! - removed;
          w.cohort[base + k] = n;
        }
      }
      if (logoffTurn) {
        for (let k = 0; k < K; k++) {
          const n = w.cohort[base + k]!;
          if (n === 0) continue;
          const l = sround(rng, n * pLogoff);
          w.cohort[base + k] = n - l;
          w.onlineKind[k] = w.onlineKind[k]! - l;
          w.gone[k] = w.gone[k]! + l;
          attached -= l;
        }
      }
      w.snAttached[i] = attached;
    }
    attachedSum += w.snAttached[i]!;
    const fs = w.snState[i]!;
    if (fs === EMPTY || fs === PROVISIONING) continue;
    if (w.snDedicated[i] === 1) {
      if (fs === ALIVE) cacheWeight += w.snCapacity[i]! * p.dedicated.cacheBoost;
    } else {
      cacheWeight += w.snCapacity[i]!;
      activeUser++;
    }
  }
  tk.snDeaths = snDeaths;
  tk.toUpdate = toUpdate;
  tk.activeUser = activeUser;
  tk.cacheWeight = cacheWeight;
  tk.attachedSum = attachedSum;
}

/** 4. Restarts: crashed clients whose user restarts now search again (or update first, if targeted). */
function stepRestarts(w: World): void {
  const slot = (tk.t % WHEEL) * K;
  for (let k = 0; k < K; k++) {
    const n = w.crashWheel[slot + k]!;
    if (n === 0) continue;
    w.crashWheel[slot + k] = 0;
    // A restarting client is told at login (if the rollout has reached it) and downloads in the background.
    startSearching(w, k, n);
  }
}

/**
 * 5. Updates: searching buggy clients whose download finished restart too; every finished download installs
 * (off the network for update.installMinutes) and comes back as the fixed build. The told share is brought up
 * to date: finished downloads leave it, clients starting Skype join it.
 */
function stepUpdates(w: World): void {
  const p = w.params;
  const s = w.s;
  const t = tk.t;
  const pDone = tk.pDone;
  let done = tk.toUpdate;
  if (pDone > 0) {
    for (let k = BUGGY; k <= BUGGY_RESTARTED; k++) {
      const u = sround(w.rng, w.searching[k]! * pDone);
      w.searching[k] = w.searching[k]! - u;
      done += u;
    }
  }
  tk.toUpdate = done;
  if (done > 0) {
    const at = (t + p.update.installMinutes) % WHEEL;
    w.installWheel[at] = w.installWheel[at]! + done;
    const usd = ((done * p.update.packageMB) / 1e6) * p.update.costPerTB;
    s.costUsd += usd;
    s.updateCostUsd += usd;
    const left = tk.buggyNet - done;
    const share = left > 0 ? Math.max(0, tk.queue - done) / left : 0;
    s.toldShare = share < 1 ? share : 1;
  }
  let updatesDone = 0;
  const installed = w.installWheel[t % WHEEL]!;
  if (installed > 0) {
    w.installWheel[t % WHEEL] = 0;
    w.searching[FIXED] = w.searching[FIXED]! + installed;
    updatesDone = installed;
  }
  tk.updatesDone = updatesDone;
}

/** 6. Arrivals and give-ups: users start Skype to follow the demand curve; a few searchers give up. */
function stepArrivals(w: World): void {
  const p = w.params;
  const s = w.s;
  const crashedWaiting = sumInt(w.crashWheel) + sumInt(crashedNow);
  const installing = sumInt(w.installWheel);
  const wanting = tk.attachedSum + sumInt(w.searching) + sumInt(orphans) + crashedWaiting + installing;
  const arrivals = Math.min(sumInt(w.gone), Math.max(0, tk.expected - wanting));
  if (arrivals > 0) {
    drawFromPools(arrivals, w.gone, part);
    for (let k = 0; k < K; k++) {
      const n = part[k]!;
      if (n === 0) continue;
      w.gone[k] = w.gone[k]! - n;
      startSearching(w, k, n);
    }
  }
  for (let k = 0; k < K; k++) {
    const n = w.searching[k]!;
    if (n === 0) continue;
    const g = sround(w.rng, n * p.search.giveUpPerMinute);
    w.searching[k] = n - g;
    w.gone[k] = w.gone[k]! + g;
  }
  flushOrphans(w);
  // Clients that started Skype this minute join the told share at the rollout's reach.
  if (tk.joinBuggy > 0) {
    let net = 0;
    for (let k = BUGGY; k <= BUGGY_RESTARTED; k++) net += w.onlineKind[k]! + w.searching[k]!;
    const stayed = net - tk.joinBuggy;
    const share = net > 0 ? (s.toldShare * (stayed > 0 ? stayed : 0) + tk.joinTold) / net : 0;
    s.toldShare = share < 1 ? share : 1; // joins this minute may already have downloaded: keep it a share
  }
}

/** 7. Promotion: eligible online clients take empty supernode slots, after warm-up (organic recovery). */
function stepPromotion(w: World): void {
  const sn = w.params.supernodes;
  const s = w.s;
  const rng = w.rng;
  const activeUser = tk.activeUser;
  const target = Math.floor(tk.expected / sn.clientsPerSupernodeTarget);
  if (target > activeUser && activeUser < w.userSlots) {
    const wantPromote = sround(rng, (target - activeUser) * sn.promotionPerMinute);
    const eligible = sround(rng, s.lastOnline * sn.eligiblePerMinute);
    let n = Math.min(wantPromote, eligible, w.userSlots - activeUser);
    const kindWeights = onlineKindWeights(w);
    let cursor = s.promoteCursor;
    while (n > 0) {
      if (w.snState[cursor] === EMPTY) {
        w.snState[cursor] = WARMING;
        w.snTimer[cursor] = tk.t + sn.warmupMinutes;
        w.snHostKind[cursor] = pickWeighted(rng, kindWeights);
        tk.cacheWeight += w.snCapacity[cursor]!;
        n--;
      }
      cursor = (cursor + 1) % w.userSlots;
    }
    s.promoteCursor = cursor;
  }
}

/**
 * `c` clients of `kind`, connected to slot `i` (and counted in its snAttached), log in: a 5.0.0152 fetches its
 * offline messages, and while replies are slow some crash before they settle (they leave the slot).
 */
function logIn(w: World, i: number, kind: number, n: number): void {
  let c = n;
  if (tk.hLogin > 0 && (kind === BUGGY || kind === BUGGY_RESTARTED)) {
    const x = sround(w.rng, c * tk.hLogin);
    crashedNow[kind] = crashedNow[kind]! + x;
    if (tk.inWave && kind === BUGGY) w.s.waveFirstCrashes += x;
    c -= x;
    w.snAttached[i] = w.snAttached[i]! - x;
  }
  const at = i * K + kind;
  w.cohort[at] = w.cohort[at]! + c;
  w.onlineKind[kind] = w.onlineKind[kind]! + c;
}

/**
 * 8. Attach: the search storm meets the surviving supernodes. Searching clients' attempts hit host-cache
 * entries; live supernodes with room take them; traffic above the protection threshold makes a supernode drop
 * its role (the cascade).
 */
function stepAttach(w: World): void {
  const p = w.params;
  const s = w.s;
  const t = tk.t;
  const rng = w.rng;
  const sn = p.supernodes;
  const expected = tk.expected;
  if (offerBuf.length !== w.slots) {
    offerBuf = new Float64Array(w.slots);
    attemptBuf = new Float64Array(w.slots);
    acceptBuf = new Int32Array(w.slots);
    admitBuf = new Int32Array(w.slots);
  }
  const searching = sumInt(w.searching);
  const throttle = s.loginThrottle;
  let attempts = 0;
  // The login throttle gates the login step only (Pass B): a refused client keeps searching at its own rate,
  // because 2010 clients had no back-off and reach a supernode before the login server.
  for (let k = 0; k < K; k++) {
    let a = p.search.attemptsPerMinute;
    if (s.backoffEnabled && k === FIXED) a = p.search.backoffAttemptsPerMinute;
    kindRate[k] = a;
    attempts += w.searching[k]! * a;
  }
  // Pass A: attempts reaching each live supernode and the clients it could take.
  let offeredTotal = 0;
  const cacheWeight = tk.cacheWeight;
  const perWeight = cacheWeight > 0 ? attempts / cacheWeight : 0;
  for (let i = 0; i < w.slots; i++) {
    offerBuf[i] = 0;
    attemptBuf[i] = 0;
    if (w.snState[i] !== ALIVE) continue;
    const ded = w.snDedicated[i] === 1;
    const a = perWeight * w.snCapacity[i]! * (ded ? p.dedicated.cacheBoost : 1);
    attemptBuf[i] = a;
    const room = w.snCapacity[i]! - w.snAttached[i]!;
    const acceptCap = ded ? p.dedicated.acceptPerMinute : sn.acceptPerMinute;
    let offer = a < room ? a : room;
    if (offer > acceptCap) offer = acceptCap;
    if (offer > 0) {
      offerBuf[i] = offer;
      offeredTotal += offer;
    }
  }
  // Pass B: whole clients per supernode, never more than are searching.
  const limit = searching;
  const scale = offeredTotal > limit ? limit / offeredTotal : 1;
  let accepted = 0;
  // Systematic rounding: the fractional parts carry from one supernode to the next, so the total is exact
  // to within one client without a random draw per supernode.
  let carry = nextFloat(rng);
  for (let i = 0; i < w.slots; i++) {
    const offer = offerBuf[i]!;
    if (offer === 0) {
      acceptBuf[i] = 0;
      continue;
    }
    const x = offer * scale + carry;
    let n = Math.floor(x);
    carry = x - n;
    const room = w.snCapacity[i]! - w.snAttached[i]!;
    if (n > room) n = room;
    if (accepted + n > limit) n = limit - accepted;
    acceptBuf[i] = n;
    accepted += n;
  }
  // The login step. A client that reached a supernode logs in through it at once, unless the login throttle has
  // no room left this minute: then it waits, connected to its supernode (holding a place, not online, no longer
  // searching). Each minute the throttle first lets in the queue, in proportion across supernodes, then this
  // minute's newcomers while it has room. Lifting the throttle admits the whole queue at once (a login storm of
  // its own).
  const queueing = throttle >= 0;
  const queued = sumInt(w.waitingKind);
  let admit = queued > 0 ? (queueing ? Math.min(throttle, queued) : queued) : 0;
  if (admit > 0) {
    const f = admit / queued;
    let c = nextFloat(rng);
    let given = 0;
    for (let i = 0; i < w.slots; i++) {
      const q = w.snWaiting[i]!;
      if (q === 0) {
        admitBuf[i] = 0;
        continue;
      }
      const x = q * f + c;
      let n = Math.floor(x);
      c = x - n;
      if (n > q) n = q;
      if (given + n > admit) n = admit - given;
      admitBuf[i] = n;
      given += n;
    }
    admit = given;
    drawFromPools(admit, w.waitingKind, admitTotals);
    for (let k = 0; k < K; k++) w.waitingKind[k] = w.waitingKind[k]! - admitTotals[k]!;
  }
  /** Newcomers who may still log in this minute. */
  let room = queueing ? Math.max(0, throttle - admit) : accepted;
  const logins = (room < accepted ? room : accepted) + admit;
  // Pass C: kinds come from the searching pools in exact totals, streamed across supernodes from a rotating
  // start (one split per kind boundary instead of a proportional split at every supernode). The same pass
  // counts supernode states and online clients per kind for the metrics.
  // Clients that retry more often get through more often: back-off clients wait their turn.
  drawFromPoolsWeighted(accepted, w.searching, kindRate, kindTotals);
  for (let k = 0; k < K; k++) w.searching[k] = w.searching[k]! - kindTotals[k]!;
  let kind = 0;
  let kindLeft = kindTotals[0]!;
  let protections = 0;
  const perNormal = expected > 0 ? sn.count / expected : 0;
  let loadSum = 0;
  let aliveUser = 0;
  let alive = 0;
  let protecting = 0;
  let warming = 0;
  let dead = 0;
  let ded = 0;
  let dedProv = 0;
  let dedLoad = 0;
  const costAttempt = sn.attemptCost;
  const costLogin = sn.loginCost;
  const smoothing = 1 / sn.protectAfterMinutes;
  const start = accepted + admit > 0 ? Math.floor(nextFloat(rng) * w.slots) : 0;
  let kindA = 0;
  let kindLeftA = admitTotals[0]!;
  for (let j = 0; j < w.slots; j++) {
    let i = start + j;
    if (i >= w.slots) i -= w.slots;
    const st = w.snState[i]!;
    if (st !== ALIVE) {
      w.snLoad[i] = 0;
      if (st === EMPTY) continue;
      if (w.snDedicated[i] === 1) {
        dedProv++;
        dedLoad += w.snCapacity[i]!;
      } else if (st === PROTECTING) protecting++;
      else if (st === WARMING) warming++;
      else if (st === DEAD) dead++;
      continue;
    }
    const n = acceptBuf[i]!;
    let rest = n;
    let loggedIn = 0;
    while (rest > 0) {
      while (kindLeft === 0) kindLeft = kindTotals[++kind]!;
      const c = rest < kindLeft ? rest : kindLeft;
      rest -= c;
      kindLeft -= c;
      w.snAttached[i] = w.snAttached[i]! + c;
      const now = c < room ? c : room;
      room -= now;
      if (now > 0) logIn(w, i, kind, now);
      loggedIn += now;
      if (c > now) {
        // The throttle is full this minute: connected to this supernode, waiting for the login server.
        w.snWaiting[i] = w.snWaiting[i]! + c - now;
        w.waitingKind[kind] = w.waitingKind[kind]! + c - now;
      }
    }
    const na = admit > 0 ? admitBuf[i]! : 0;
    rest = na;
    while (rest > 0) {
      while (kindLeftA === 0) kindLeftA = admitTotals[++kindA]!;
      const c = rest < kindLeftA ? rest : kindLeftA;
      rest -= c;
      kindLeftA -= c;
      w.snWaiting[i] = w.snWaiting[i]! - c;
      logIn(w, i, kindA, c);
    }
    const a = attemptBuf[i]!;
    const traffic = w.snAttached[i]! + costLogin * (loggedIn + na) + costAttempt * a;
    const load = traffic * perNormal;
    w.snLoad[i] = load;
    if (w.snDedicated[i] === 0) {
      loadSum += load;
      aliveUser++;
      // Protection reacts to sustained overload, not a one-minute burst: a smoothed traffic level trips it.
      const avg = w.snTrafficAvg[i]! + (traffic - w.snTrafficAvg[i]!) * smoothing;
      w.snTrafficAvg[i] = avg;
      if (avg > w.snProtectAt[i]!) {
        // Overload protection: the host drops the supernode role; its clients are orphaned.
        orphanSlot(w, i);
        w.snState[i] = PROTECTING;
        w.snTimer[i] = t + sn.coolDownMinutes;
        protections++;
        protecting++;
        continue;
      }
      alive++;
    } else {
      ded++;
      dedLoad += w.snCapacity[i]!;
    }
  }
  flushOrphans(w);
  tk.attempts = attempts;
  tk.accepted = accepted;
  tk.logins = logins;
  tk.protections = protections;
  tk.meanLoad = aliveUser > 0 ? loadSum / aliveUser : 0;
  tk.alive = alive;
  tk.protecting = protecting;
  tk.warming = warming;
  tk.dead = dead;
  tk.ded = ded;
  tk.dedProv = dedProv;
  tk.dedLoad = dedLoad;
}

/** 9. Accounting: crashes into the restart wheel, costs, user-minutes lost, first-wave end, metrics. */
function stepAccounting(w: World): void {
  const p = w.params;
  const s = w.s;
  const t = tk.t;
  const om = p.offlineIm;
  // Crashed clients wait for their users: the restart delay histogram fills the timing wheel.
  const r = p.restart;
  const restartParts = w.derived.restartParts;
  let crashes = 0;
  for (let k = 0; k < K; k++) {
    const n = crashedNow[k]!;
    if (n === 0) continue;
    crashes += n;
    const restartKind = k === BUGGY ? BUGGY_RESTARTED : k;
    apportion(n, w.derived.restartWeights, restartParts);
    for (let j = 0; j < r.delayMinutes.length; j++) {
      const c = restartParts[j]!;
      if (c === 0) continue;
      const at = ((t + r.delayMinutes[j]!) % WHEEL) * K + restartKind;
      w.crashWheel[at] = w.crashWheel[at]! + c;
    }
    const never = restartParts[r.delayMinutes.length]!;
    w.gone[restartKind] = w.gone[restartKind]! + never;
  }

  const expected = tk.expected;
  const onlineByKind = w.m.onlineByKind;
  for (let k = 0; k < K; k++) onlineByKind[k] = w.onlineKind[k]!;
  const online = sumInt(onlineByKind);
  const hours = 1 / 60;
  if (tk.dedLoad > 0) {
    const usd = dedicatedUsdPerHour(p, tk.dedLoad) * hours;
    s.costUsd += usd;
    s.serverCostUsd += usd;
  }
  if (s.omScale > 1) s.costUsd += (s.omScale - 1) * om.costPerCapacityHour * hours;
  if (expected > online) s.userMinutesLost += expected - online;
  // A switched-off feature is service lost too: each online user loses that feature's share of the service.
  const featureLoss = featureLossShare(p, s.omEnabled, s.groupVideoEnabled);
  if (featureLoss > 0) s.userMinutesLost += online * featureLoss;
  const meanLoad = tk.meanLoad;
  if (meanLoad > s.peakLoadFactor) s.peakLoadFactor = meanLoad;
  // The first wave ends when replies are fast again, or six hours after the trigger at the latest.
  if (tk.inWave && (tk.slowFraction === 0 || t >= p.triggerMinute + 360)) {
    s.waveState = 2;
    s.waveEndTick = t;
  }
  s.lastLogins = tk.logins;
  s.lastOnline = online;

  const crashedTotal = sumInt(w.crashWheel);
  const installingTotal = sumInt(w.installWheel);
  const searchingTotalEnd = sumInt(w.searching);
  const goneEnd = sumInt(w.gone);

  const m = w.m;
  m.tick = t;
  m.minuteOfDay = tk.minuteOfDay;
  m.online = online;
  m.expectedOnline = expected;
  m.searching = searchingTotalEnd;
  const awaiting = sumInt(w.waitingKind);
  m.awaitingLogin = awaiting;
  m.crashed = crashedTotal;
  let buggyNet = 0;
  for (let k = BUGGY; k <= BUGGY_RESTARTED; k++) buggyNet += w.onlineKind[k]! + w.searching[k]!;
  s.updateQueue = Math.round(s.toldShare * buggyNet);
  m.updating = installingTotal;
  m.gone = goneEnd;
  m.buggyOnline = onlineByKind[BUGGY]! + onlineByKind[BUGGY_RESTARTED]!;
  m.supernodesAlive = tk.alive;
  m.supernodesProtecting = tk.protecting;
  m.supernodesWarming = tk.warming;
  m.supernodesDead = tk.dead;
  m.dedicatedSupernodes = tk.ded;
  m.dedicatedProvisioning = tk.dedProv;
  m.supernodeLoadFactor = meanLoad;
  m.omLatencyMs = tk.omLatency;
  m.omUtilisation = tk.omUtil;
  m.omEnabled = s.omEnabled;
  m.groupVideoEnabled = s.groupVideoEnabled;
  m.crashesThisTick = crashes;
  m.loginsThisTick = tk.logins;
  m.failedAttemptsThisTick = Math.max(0, tk.attempts - tk.accepted);
  m.supernodeDeathsThisTick = tk.snDeaths;
  m.protectionsThisTick = tk.protections;
  m.updatesCompletedThisTick = tk.updatesDone;
  m.rolloutFraction = s.rolloutFraction;
  m.loginThrottlePerMinute = s.loginThrottle >= 0 ? s.loginThrottle : null;
  m.backoffEnabled = s.backoffEnabled;
  m.costUsd = s.costUsd;
  m.serverCostUsd = s.serverCostUsd;
  m.updateCostUsd = s.updateCostUsd;
  m.userMinutesLost = s.userMinutesLost;
  m.totalClients = online + awaiting + searchingTotalEnd + crashedTotal + installingTotal + goneEnd;
}

/** One host's restart delay, drawn from the human restart histogram (never-restarters wait the longest delay). */
function restartDelay(w: World): number {
  const r = w.params.restart;
  const i = pickWeighted(w.rng, r.delayWeights);
  return r.delayMinutes[i]!;
}

function onlineKindWeights(w: World): number[] {
  // Promotion favours hosts that can be supernodes: weighted by the host-kind mix relative to the client mix.
  const out: number[] = [];
  const sh = w.params.supernodes.hostKindShares;
  const ks = w.params.population.kindShares;
  for (let k = 0; k < K; k++) {
    const ratio = ks[k]! > 0 ? sh[k]! / ks[k]! : 0;
    out.push(w.m.onlineByKind[k]! * ratio);
  }
  return out;
}
