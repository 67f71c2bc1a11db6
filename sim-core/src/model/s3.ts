/**
 * Amazon S3, 20 July 2008: single-bit-corrupted gossip messages poison server state in both regions
 * (docs/model-s3-2008.md).
 *
 * Two regions (US, EU), each a fleet of storage servers, one state per server. Servers gossip server state to
 * peers a few times a minute, mostly within their region. At the trigger a handful of messages arrive with one
 * bit flipped: still readable, but the state they carry is wrong, and nothing checks it, so every server that
 * gossips with a carrier takes the bad state on and passes it along. A carrier's bad state grows into ever more
 * gossip until it spends almost all its time gossiping; a server fails while gossiping at a rate that grows
 * with the share of its time gossip takes, and each failure is more gossip (about a failed server) for the
 * rest of its region. A request touches several servers and is served only when each has request processing
 * on and time for it, so the region stops serving once gossip takes most of its servers' time; shedding
 * requests does not touch the gossip. The way out is the record's: stop all server-to-server communication
 * and request processing, clear the gossiped state, reconnect servers in batches (a newcomer rebuilds its state
 * from servers already in sync, and too many newcomers at once swamp them in gossip), then turn request
 * processing back on region by region at a fixed number of servers a minute, so the smaller region is back
 * first. Stepped one tick per simulated minute; its own integer RNG (rng.ts) draws the corrupted servers,
 * gossip peers and failures; no transcendental functions, so the hash is the same on every engine.
 */
import { asciiBytes, hashBytes } from './bytes';
import {
  recoveryMinutes,
  type CascadeLever,
  type CascadeMetrics,
  type CascadeModel,
  type CascadePreview,
  type CascadeSim,
} from './cascade';
import { nextFloat, nextU32, seedRng } from './rng';

/** The two regions, in the order of every per-region array. */
export const S3_REGIONS = ['us', 'eu'] as const;
export type S3Region = (typeof S3_REGIONS)[number];
const REGION_WORDS: Record<S3Region, string> = { us: 'the US', eu: 'the EU' };

/** One region of the S3 model's scenario section. */
export interface S3RegionParams {
  /** Storage servers in the region (one state each). */
  servers: number;
  /** Requests a second the region serves at each GMT hour on a normal day (24 values, linear between hours). */
  requestsPerSecondByHour: number[];
}

/** The S3 model's scenario section (the scenario schema checks it, scenario/schema.ts). */
export interface S3Params {
  kind: 's3';
  /** GMT minute of day at tick 0. */
  startMinuteOfDay: number;
  durationMinutes: number;
  /** Tick at which the corrupted messages arrive. */
  triggerMinute: number;
  regions: { us: S3RegionParams; eu: S3RegionParams };
  gossip: {
    /** Gossip exchanges a server starts a minute (each with one peer). */
    peersPerMinute: number;
    /** Share of exchanges with a server of the other region. */
    crossRegionShare: number;
    /** Share of a server's time gossip takes on a normal day. */
    baseShare: number;
    /** Share of its time gossip takes once bad state has built up on it (the record: "almost all"). */
    badStateShare: number;
    /** Minutes for a carrier's gossip share to climb from the normal share to `badStateShare`. */
    buildUpMinutes: number;
    /** Extra gossip share on every server of a region per unit of the region's failed share (gossip about failed servers). */
    failedServerShare: number;
    /** Chance a minute that a server spending all its time gossiping fails (scaled by its gossip share). */
    failPerGossipMinute: number;
    /** Minutes a failed server takes to restart; it comes back with empty gossip state and rebuilds it. */
    restartMinutes: number;
    /** US servers that receive a corrupted message at the trigger. */
    corruptedServers: number;
    /** Share of a region's gossiping time at which the gossip-rate alarm fires (when installed). */
    alarmShare: number;
    /** Factor on gossip about failed servers (bad state included) once gossip about failed servers is reduced. */
    reducedGossipFactor: number;
  };
  rebuild: {
    /** A group of reconnected servers this small rebuilds its state among itself. */
    seedServers: number;
    /** Gossip share each in-sync server spends per newcomer it brings into sync (per newcomer per in-sync server). */
    joinShare: number;
    /** Minutes a reconnected server takes to rebuild its state when gossip takes none of its time. */
    syncMinutes: number;
  };
  requests: {
    /** Servers one request touches; it completes only if every one has request processing on and time for it. */
    serversPerRequest: number;
    /** Share of a server's time normal demand takes. */
    normalUtilisation: number;
    /** Servers a minute, per region, whose request processing is turned back on once reactivation is ordered. */
    reactivateServersPerMinute: number;
  };
  levers: {
    /** Minutes to shed (or restore) a share of the requests at the front door. */
    shedMinutes: number;
    /** Minutes to stop all server-to-server communication and request processing. */
    stopMinutes: number;
    /** Minutes to clear the gossiped state of stopped servers, counted from when communication has stopped. */
    clearMinutes: number;
    /** Minutes to reconnect a batch of servers. */
    reconnectMinutes: number;
    /** Minutes to deploy a design change across both fleets (checksums, less gossip, a gossip-rate alarm). */
    designChangeMinutes: number;
  };
  /** Scripted commands at minutes (none in s3-2008; the trigger is `triggerMinute`). */
  effects: Array<{ atMinute: number } & S3Command>;
}

/** Commands of the S3 model (operator levers, as in a policy file's `command`). */
export type S3Command =
  | { kind: 'shedLoad'; percent: number }
  | { kind: 'stopAllCommunication' }
  | { kind: 'clearGossipState' }
  | { kind: 'reconnectServers'; percent: number }
  | { kind: 'reactivateRequests'; region: S3Region }
  | { kind: 'checksumStateMessages' }
  | { kind: 'reduceFailedServerGossip' }
  | { kind: 'gossipRateAlarm' };

export const S3_COMMANDS = [
  'shedLoad',
  'stopAllCommunication',
  'clearGossipState',
  'reconnectServers',
  'reactivateRequests',
  'checksumStateMessages',
  'reduceFailedServerGossip',
  'gossipRateAlarm',
] as const;

/** One minute of the S3 model: the common row (requests a second served) and each region's fleet. */
export interface S3Metrics extends CascadeMetrics {
  /** US servers gossiping with clean state / carrying bad state / restarting after a failure / stopped. */
  usHealthy: number;
  usInfected: number;
  usFailed: number;
  usStopped: number;
  /** US servers reconnected and still rebuilding their state (counted among healthy or infected). */
  usRebuilding: number;
  /** US servers with request processing on. */
  usProcessing: number;
  /** Mean share of a gossiping US server's time taken by gossip. */
  usGossipShare: number;
  /** Requests a second the US region served. */
  usRequestsServed: number;
  /** Requests a second the US region serves at this minute on a normal day. */
  usRequestsNormal: number;
  euHealthy: number;
  euInfected: number;
  euFailed: number;
  euStopped: number;
  euRebuilding: number;
  euProcessing: number;
  euGossipShare: number;
  euRequestsServed: number;
  euRequestsNormal: number;
  /** Share of requests refused at the front door (shed). */
  shedShare: number;
  checksums: boolean;
  reducedGossip: boolean;
  alarmInstalled: boolean;
  /** Minute the gossip-rate alarm fired (-1: not yet, or not installed). */
  alarmAtMinute: number;
  /** Corrupted messages the checksums logged and rejected. */
  rejectedMessages: number;
}

/** Server status (one byte each). */
const UP = 0;
const REBUILDING = 1;
const FAILED = 2;
const STOPPED = 3;
/** Most gossip share a server can have (it still answers a little). */
const MAX_GOSSIP_SHARE = 0.999;

interface Scalars {
  seed: number;
  tick: number;
  shed: number;
  checksums: boolean;
  reducedGossip: boolean;
  alarmInstalled: boolean;
  alarmAt: number;
  rejected: number;
  /** Per region: request processing being turned back on (1) or not (0). */
  reactivating: number[];
  /** Per region: reactivation budget carried over (fractional servers). */
  reactivateCarry: number[];
  userMinutesLost: number;
  pending: Array<{ at: number; command: S3Command }>;
}

interface Fleet {
  /** Servers in all: the US fleet first, then the EU fleet. */
  n: number;
  /** First index of each region, and the end. */
  start: number[];
  rng: Uint32Array;
  status: Uint8Array;
  /** 1 when the server carries the bad state. */
  bad: Uint8Array;
  /** Minutes since the server took the bad state on (capped). */
  badAge: Uint16Array;
  /** 1 when its request processing is on. */
  processing: Uint8Array;
  /** Minutes left of a failed server's restart. */
  timer: Uint16Array;
  /** A rebuilding server's progress, 0 to 1. */
  progress: Float64Array;
}

const ZERO_METRICS: S3Metrics = {
  minute: -1,
  online: 0,
  expectedOnline: 0,
  userMinutesLost: 0,
  usHealthy: 0,
  usInfected: 0,
  usFailed: 0,
  usStopped: 0,
  usRebuilding: 0,
  usProcessing: 0,
  usGossipShare: 0,
  usRequestsServed: 0,
  usRequestsNormal: 0,
  euHealthy: 0,
  euInfected: 0,
  euFailed: 0,
  euStopped: 0,
  euRebuilding: 0,
  euProcessing: 0,
  euGossipShare: 0,
  euRequestsServed: 0,
  euRequestsNormal: 0,
  shedShare: 0,
  checksums: false,
  reducedGossip: false,
  alarmInstalled: false,
  alarmAtMinute: -1,
  rejectedMessages: 0,
};

/** Requests a second a region serves at `minuteOfDay` (GMT) on a normal day. */
export function s3ExpectedRequests(p: S3Params, region: S3Region, minuteOfDay: number): number {
  const table = p.regions[region].requestsPerSecondByHour;
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  const h = Math.floor(m / 60);
  const a = table[h]!;
  const b = table[(h + 1) % 24]!;
  return a + ((b - a) * (m - h * 60)) / 60;
}

/**
 * Minutes after the trigger until a region serves 90% of its normal requests again: the common summary's rule
 * (`minutesTo90pct`, model/cascade.ts) applied to one region's rows.
 */
export function s3RegionMinutesTo90pct(
  series: readonly S3Metrics[],
  triggerMinute: number,
  region: S3Region,
): number | null {
  const ratios = series
    .filter((x) => x.minute >= triggerMinute)
    .map((x) => {
      const normal = region === 'us' ? x.usRequestsNormal : x.euRequestsNormal;
      const served = region === 'us' ? x.usRequestsServed : x.euRequestsServed;
      return normal > 0 ? served / normal : 1;
    });
  return recoveryMinutes(ratios, 0.9);
}

/** Minutes from ordering `c` until it takes effect (clearing counts from when communication has stopped). */
export function s3LeadMinutes(p: S3Params, c: S3Command): number {
  const L = p.levers;
  switch (c.kind) {
    case 'shedLoad':
      return L.shedMinutes;
    case 'stopAllCommunication':
      return L.stopMinutes;
    case 'clearGossipState':
      return L.clearMinutes;
    case 'reconnectServers':
      return L.reconnectMinutes;
    case 'reactivateRequests':
      return 0;
    case 'checksumStateMessages':
    case 'reduceFailedServerGossip':
    case 'gossipRateAlarm':
      return L.designChangeMinutes;
  }
}

/** Per-region counts of the fleet, as the step and the previews read them. */
interface RegionCounts {
  servers: number;
  up: number;
  rebuilding: number;
  failed: number;
  stopped: number;
  bad: number;
  processing: number;
  /** Up servers with request processing on. */
  upProcessing: number;
  /** Stopped servers that still hold the bad state. */
  heldBad: number;
}

class S3Sim implements CascadeSim<S3Command, S3Metrics> {
  readonly kind = 's3';
  m: S3Metrics = { ...ZERO_METRICS };
  /** Scratch, not state: each server's gossip share this minute (written before it is read, every step). */
  private readonly shareNow: Float64Array;
  /** Scratch, not state: the counts at the end of the last step (null: count again). */
  private lastCounts: RegionCounts[] | null = null;
  constructor(
    readonly p: S3Params,
    public s: Scalars,
    public f: Fleet,
  ) {
    this.shareNow = new Float64Array(f.n);
  }

  tick(): number {
    return this.s.tick;
  }
  triggerMinute(): number {
    return this.p.triggerMinute;
  }
  metrics(): S3Metrics {
    return { ...this.m };
  }

  private pendingOf(kind: S3Command['kind']): { at: number } | undefined {
    return this.s.pending.find((x) => x.command.kind === kind);
  }

  /** Counts per region now. */
  counts(): RegionCounts[] {
    return S3_REGIONS.map((_r, ri) => countRegion(this.f, ri));
  }

  /** True when every server has stopped communicating. */
  private allStopped(): boolean {
    return this.counts().every((c) => c.stopped === c.servers);
  }

  check(c: S3Command): string | null {
    const s = this.s;
    switch (c.kind) {
      case 'shedLoad': {
        const pending = this.pendingOf('shedLoad');
        if (pending) return 'A change to load shedding is already on its way.';
        if (Math.round(s.shed * 100) === Math.round(c.percent))
          return c.percent === 0
            ? 'No requests are being shed.'
            : `Already shedding ${Math.round(c.percent)}% of requests.`;
        return null;
      }
      case 'stopAllCommunication':
        if (this.pendingOf('stopAllCommunication')) return 'It is already ordered.';
        if (this.allStopped()) return 'Every server has already stopped communicating.';
        return null;
      case 'clearGossipState':
        if (this.pendingOf('clearGossipState')) return 'It is already ordered.';
        if (!this.allStopped() && !this.pendingOf('stopAllCommunication'))
          return 'Servers are still gossiping: a cleared server would take the bad state back from its peers within seconds. Stop all server-to-server communication first.';
        return null;
      case 'reconnectServers': {
        if (this.pendingOf('stopAllCommunication'))
          return 'Communication is being stopped: reconnect once it has stopped.';
        if (this.counts().every((x) => x.stopped === 0))
          return 'No server is stopped: every one already communicates.';
        return null;
      }
      case 'reactivateRequests': {
        const ri = S3_REGIONS.indexOf(c.region);
        if (s.reactivating[ri])
          return `Request processing in ${REGION_WORDS[c.region]} is already being turned back on.`;
        const k = this.counts()[ri]!;
        if (k.processing === k.servers)
          return `Request processing in ${REGION_WORDS[c.region]} is already on.`;
        if (k.up === 0 && k.rebuilding === 0)
          return `No server in ${REGION_WORDS[c.region]} communicates: reconnect servers before turning requests back on.`;
        return null;
      }
      case 'checksumStateMessages':
        return s.checksums || this.pendingOf(c.kind) ? 'It is already ordered or in place.' : null;
      case 'reduceFailedServerGossip':
        return s.reducedGossip || this.pendingOf(c.kind) ? 'It is already ordered or in place.' : null;
      case 'gossipRateAlarm':
        return s.alarmInstalled || this.pendingOf(c.kind) ? 'It is already ordered or in place.' : null;
    }
  }

  /** Minutes until `c` would take effect if ordered now (a clear waits for communication to stop first). */
  private waitMinutes(c: S3Command): number {
    const lead = s3LeadMinutes(this.p, c);
    if (c.kind !== 'clearGossipState') return lead;
    const stop = this.pendingOf('stopAllCommunication');
    return (stop ? stop.at - this.s.tick : 0) + lead;
  }

  preview(c: S3Command): CascadePreview {
    const refusal = this.check(c);
    const lead = this.waitMinutes(c);
    return {
      ok: refusal === null,
      refusal,
      leadMinutes: lead,
      takesEffectAtMinute: this.s.tick + lead,
      consequences: consequences(this.p, this.s, this.m, this.counts(), c),
    };
  }

  step(inputs: readonly (S3Command & { tick: number })[]): void {
    const p = this.p;
    const s = this.s;
    const f = this.f;
    for (const e of p.effects) if (e.atMinute === s.tick) this.order(e);
    for (const { tick: _t, ...c } of inputs) this.order(c as S3Command);
    const due = s.pending.filter((x) => x.at <= s.tick);
    s.pending = s.pending.filter((x) => x.at > s.tick);
    for (const d of due) {
      // A clear that comes due while a stop is still on its way (ordered before it, unchecked) waits for it.
      const stop = d.command.kind === 'clearGossipState' ? this.pendingOf('stopAllCommunication') : undefined;
      if (stop) s.pending.push({ at: stop.at + p.levers.clearMinutes, command: d.command });
      else apply(s, f, d.command);
    }
    if (due.length > 0 || inputs.length > 0 || s.tick === p.triggerMinute) this.lastCounts = null;

    if (s.tick === p.triggerMinute) this.corrupt();

    const g = p.gossip;
    const lessGossip = s.reducedGossip ? g.reducedGossipFactor : 1;
    const before = this.lastCounts ?? S3_REGIONS.map((_r, ri) => countRegion(f, ri));
    // Per region: the gossip every server of it spends on failed servers and on bringing newcomers into sync.
    const regionLoad = before.map((k) => regionGossipLoad(p, k, s.reducedGossip, 0));
    const badExtra = (g.badStateShare - g.baseShare) * lessGossip;
    const share = (i: number, ri: number): number => {
      let x = g.baseShare + regionLoad[ri]!;
      if (f.bad[i]) x += (badExtra * Math.min(g.buildUpMinutes, f.badAge[i]!)) / g.buildUpMinutes;
      return Math.min(MAX_GOSSIP_SHARE, x);
    };

    // Gossip spreads the bad state: a clean communicating server takes it on from any carrier it exchanges with.
    if (before.some((k) => k.bad > 0)) this.spread();

    // Failures while gossiping, restarts, rebuilding; gossip shares and request capacity per region.
    const shareNow = this.shareNow;
    const gossipSum = [0, 0];
    const gossiping = [0, 0];
    for (let ri = 0; ri < 2; ri++) {
      for (let i = f.start[ri]!; i < f.start[ri + 1]!; i++) {
        const st = f.status[i]!;
        if (st === STOPPED) continue;
        if (st === FAILED) {
          if (f.timer[i]! <= 1) {
            f.status[i] = REBUILDING;
            f.progress[i] = 0;
            f.timer[i] = 0;
          } else f.timer[i] = f.timer[i]! - 1;
          continue;
        }
        const x = share(i, ri);
        shareNow[i] = x;
        if (nextFloat(f.rng) < g.failPerGossipMinute * x) {
          f.status[i] = FAILED;
          f.timer[i] = g.restartMinutes;
          f.bad[i] = 0;
          f.badAge[i] = 0;
          continue;
        }
        gossipSum[ri] = gossipSum[ri]! + x;
        gossiping[ri] = gossiping[ri]! + 1;
        if (st === REBUILDING) {
          f.progress[i] = f.progress[i]! + (1 - x) / (1 - g.baseShare) / p.rebuild.syncMinutes;
          if (f.progress[i]! >= 1) {
            f.status[i] = UP;
            f.progress[i] = 0;
          }
        }
        if (f.bad[i] && f.badAge[i]! < 65535) f.badAge[i] = f.badAge[i]! + 1;
      }
    }

    // Request processing comes back a fixed number of servers a minute per region, in server order.
    for (let ri = 0; ri < 2; ri++) {
      if (!s.reactivating[ri]) continue;
      let budget = s.reactivateCarry[ri]! + p.requests.reactivateServersPerMinute;
      let left = 0;
      for (let i = f.start[ri]!; i < f.start[ri + 1]!; i++) {
        if (f.processing[i]) continue;
        if (f.status[i] === UP && budget >= 1) {
          f.processing[i] = 1;
          budget -= 1;
        } else left++;
      }
      s.reactivateCarry[ri] = left === 0 ? 0 : Math.min(budget, p.requests.reactivateServersPerMinute);
      if (left === 0) s.reactivating[ri] = 0;
    }

    // Requests served: a request touches `serversPerRequest` servers; each must have request processing on
    // (else it fails) and time beside gossip for its share of the load (the load of failed and rebuilding
    // servers moves to the up ones).
    const minuteOfDay = (p.startMinuteOfDay + s.tick) % 1440;
    const counts = S3_REGIONS.map((_r, ri) => countRegion(f, ri));
    this.lastCounts = counts;
    const served = [0, 0];
    const normals = [0, 0];
    let expected = 0;
    for (let ri = 0; ri < 2; ri++) {
      const k = counts[ri]!;
      const normal = s3ExpectedRequests(p, S3_REGIONS[ri]!, minuteOfDay);
      normals[ri] = normal;
      expected += normal;
      if (k.upProcessing === 0 || k.processing === 0) continue;
      const load = (p.requests.normalUtilisation * (1 - s.shed) * k.processing) / k.upProcessing;
      let capSum = 0;
      for (let i = f.start[ri]!; i < f.start[ri + 1]!; i++)
        if (f.processing[i] && f.status[i] === UP) capSum += Math.min(1, (1 - shareNow[i]!) / load);
      const perServer = (k.processing / k.servers) * (capSum / k.upProcessing);
      let success = 1;
      for (let j = 0; j < p.requests.serversPerRequest; j++) success *= perServer;
      served[ri] = normal * (1 - s.shed) * success;
    }

    // The gossip-rate alarm, once installed, fires the first minute a region's gossip share passes its threshold.
    const meanShare = [0, 1].map((ri) => (gossiping[ri]! > 0 ? gossipSum[ri]! / gossiping[ri]! : 0));
    if (s.alarmInstalled && s.alarmAt < 0 && meanShare.some((x) => x >= g.alarmShare)) s.alarmAt = s.tick;

    const online = Math.round(served[0]! + served[1]!);
    const exp = Math.round(expected);
    if (exp > online) s.userMinutesLost += exp - online;
    const region = (ri: number) => {
      const k = counts[ri]!;
      return {
        healthy: k.up + k.rebuilding - k.bad,
        infected: k.bad,
        failed: k.failed,
        stopped: k.stopped,
        rebuilding: k.rebuilding,
        processing: k.processing,
        gossip: round4(meanShare[ri]!),
        served: Math.round(served[ri]!),
        normal: Math.round(normals[ri]!),
      };
    };
    const us = region(0);
    const eu = region(1);
    this.m = {
      minute: s.tick,
      online,
      expectedOnline: exp,
      userMinutesLost: Math.round(s.userMinutesLost),
      usHealthy: us.healthy,
      usInfected: us.infected,
      usFailed: us.failed,
      usStopped: us.stopped,
      usRebuilding: us.rebuilding,
      usProcessing: us.processing,
      usGossipShare: us.gossip,
      usRequestsServed: us.served,
      usRequestsNormal: us.normal,
      euHealthy: eu.healthy,
      euInfected: eu.infected,
      euFailed: eu.failed,
      euStopped: eu.stopped,
      euRebuilding: eu.rebuilding,
      euProcessing: eu.processing,
      euGossipShare: eu.gossip,
      euRequestsServed: eu.served,
      euRequestsNormal: eu.normal,
      shedShare: round4(s.shed),
      checksums: s.checksums,
      reducedGossip: s.reducedGossip,
      alarmInstalled: s.alarmInstalled,
      alarmAtMinute: s.alarmAt,
      rejectedMessages: s.rejected,
    };
    s.tick++;
  }

  /** Queue an order (or apply it now when its wait is 0). */
  private order(c: S3Command): void {
    const wait = this.waitMinutes(c);
    this.lastCounts = null;
    if (wait === 0) apply(this.s, this.f, c);
    else this.s.pending.push({ at: this.s.tick + wait, command: c });
  }

  /** The corrupted messages arrive at `corruptedServers` communicating US servers (rejected with checksums). */
  private corrupt(): void {
    const f = this.f;
    const n = this.p.gossip.corruptedServers;
    if (this.s.checksums) {
      this.s.rejected += n;
      return;
    }
    const us = f.start[1]!;
    for (let k = 0; k < n * 20 && countBad(f, 0) < n; k++) {
      const i = nextU32(f.rng) % us;
      if (f.status[i] === UP || f.status[i] === REBUILDING) {
        f.bad[i] = 1;
        f.badAge[i] = 0;
      }
    }
  }

  /** One minute of gossip exchanges from every clean communicating server; carriers infect as of the minute's start. */
  private spread(): void {
    const f = this.f;
    const g = this.p.gossip;
    for (let ri = 0; ri < 2; ri++) {
      const other = 1 - ri;
      for (let i = f.start[ri]!; i < f.start[ri + 1]!; i++) {
        const st = f.status[i]!;
        if (f.bad[i] || (st !== UP && st !== REBUILDING)) continue;
        for (let k = 0; k < g.peersPerMinute; k++) {
          const r = nextFloat(f.rng) < g.crossRegionShare ? other : ri;
          const lo = f.start[r]!;
          const j = lo + (nextU32(f.rng) % (f.start[r + 1]! - lo));
          const sj = f.status[j]!;
          if (f.bad[j] === 1 && (sj === UP || sj === REBUILDING)) {
            f.bad[i] = 2;
            f.badAge[i] = 0;
            break;
          }
        }
      }
    }
    for (let i = 0; i < f.n; i++) if (f.bad[i] === 2) f.bad[i] = 1;
  }

  snapshot(): Uint8Array {
    const f = this.f;
    return asciiBytes(
      JSON.stringify({
        model: 's3',
        p: this.p,
        s: this.s,
        m: this.m,
        f: {
          rng: Array.from(f.rng),
          status: Array.from(f.status),
          bad: Array.from(f.bad),
          badAge: Array.from(f.badAge),
          processing: Array.from(f.processing),
          timer: Array.from(f.timer),
          progress: Array.from(f.progress),
        },
      }),
    );
  }
  hash(): string {
    return hashBytes(this.snapshot());
  }
}

/**
 * The gossip share every communicating server of a region spends beside its own state: on failed servers, and
 * on bringing newcomers (rebuilding servers, `extraNewcomers` more) into sync.
 */
function regionGossipLoad(
  p: S3Params,
  k: RegionCounts,
  reducedGossip: boolean,
  extraNewcomers: number,
): number {
  const lessGossip = reducedGossip ? p.gossip.reducedGossipFactor : 1;
  const failedShare = k.failed / k.servers;
  const newcomers = (k.rebuilding + extraNewcomers) / Math.max(k.up, p.rebuild.seedServers);
  return p.gossip.failedServerShare * failedShare * lessGossip + p.rebuild.joinShare * newcomers;
}

function countRegion(f: Fleet, ri: number): RegionCounts {
  let up = 0;
  let rebuilding = 0;
  let failed = 0;
  let bad = 0;
  let heldBad = 0;
  let processing = 0;
  let upProcessing = 0;
  const status = f.status;
  const isBad = f.bad;
  const proc = f.processing;
  const lo = f.start[ri]!;
  const hi = f.start[ri + 1]!;
  for (let i = lo; i < hi; i++) {
    const st = status[i]!;
    const b = isBad[i]!;
    if (st === UP) {
      up++;
      bad += b;
      if (proc[i]) {
        processing++;
        upProcessing++;
      }
      continue;
    }
    if (st === REBUILDING) {
      rebuilding++;
      bad += b;
    } else if (st === FAILED) failed++;
    else heldBad += b;
    processing += proc[i]!;
  }
  const servers = hi - lo;
  return {
    servers,
    up,
    rebuilding,
    failed,
    stopped: servers - up - rebuilding - failed,
    bad,
    processing,
    upProcessing,
    heldBad,
  };
}

function countBad(f: Fleet, ri: number): number {
  let n = 0;
  for (let i = f.start[ri]!; i < f.start[ri + 1]!; i++) n += f.bad[i]!;
  return n;
}

function apply(s: Scalars, f: Fleet, c: S3Command): void {
  switch (c.kind) {
    case 'shedLoad':
      s.shed = c.percent / 100;
      break;
    case 'stopAllCommunication':
      for (let i = 0; i < f.n; i++) {
        f.status[i] = STOPPED;
        f.processing[i] = 0;
        f.timer[i] = 0;
        f.progress[i] = 0;
      }
      s.reactivating = [0, 0];
      s.reactivateCarry = [0, 0];
      break;
    case 'clearGossipState':
      for (let i = 0; i < f.n; i++)
        if (f.status[i] === STOPPED) {
          f.bad[i] = 0;
          f.badAge[i] = 0;
        }
      break;
    case 'reconnectServers':
      for (let ri = 0; ri < 2; ri++) {
        const servers = f.start[ri + 1]! - f.start[ri]!;
        let want = Math.ceil((servers * c.percent) / 100);
        for (let i = f.start[ri]!; i < f.start[ri + 1]! && want > 0; i++)
          if (f.status[i] === STOPPED) {
            f.status[i] = REBUILDING;
            f.progress[i] = 0;
            want--;
          }
      }
      break;
    case 'reactivateRequests': {
      const ri = S3_REGIONS.indexOf(c.region);
      s.reactivating[ri] = 1;
      s.reactivateCarry[ri] = 0;
      break;
    }
    case 'checksumStateMessages':
      s.checksums = true;
      break;
    case 'reduceFailedServerGossip':
      s.reducedGossip = true;
      break;
    case 'gossipRateAlarm':
      s.alarmInstalled = true;
      break;
  }
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** What ordering `c` now does, in plain words, from the same state the step reads. */
function consequences(p: S3Params, s: Scalars, m: S3Metrics, k: RegionCounts[], c: S3Command): string[] {
  const gossipWords = `gossip takes ${pct(m.usGossipShare)} of a US server's time and ${pct(m.euGossipShare)} of an EU server's`;
  const carriers = k[0]!.bad + k[1]!.bad;
  switch (c.kind) {
    case 'shedLoad': {
      const out = [
        c.percent === 0
          ? 'Every request is let in again.'
          : `${c.percent}% of requests are refused at the front door; the servers' gossip is unchanged.`,
      ];
      if (carriers > 0)
        out.push(
          `Now ${gossipWords}: what is left of a server's time is too little for its requests however few are let in.`,
        );
      return out;
    }
    case 'stopAllCommunication':
      return [
        `Every server in both regions stops talking to the others and stops processing requests: no request is served (${fmt(m.expectedOnline)} a second on a normal minute now).`,
        carriers > 0
          ? `The ${fmt(carriers)} servers that carry the bad state keep it until it is cleared.`
          : 'No server carries bad state now.',
      ];
    case 'clearGossipState':
      return [
        'Every stopped server forgets the server state it has gossiped, the bad state with it.',
        'Servers then rebuild their state from scratch as they are reconnected.',
      ];
    case 'reconnectServers': {
      const out: string[] = [];
      for (let ri = 0; ri < 2; ri++) {
        const x = k[ri]!;
        const batch = Math.min(x.stopped, Math.ceil((x.servers * c.percent) / 100));
        const share = Math.min(
          MAX_GOSSIP_SHARE,
          p.gossip.baseShare + regionGossipLoad(p, x, s.reducedGossip, batch),
        );
        out.push(
          `${REGION_WORDS[S3_REGIONS[ri]!]}: ${fmt(batch)} servers reconnect; with ${fmt(x.up)} in sync, rebuilding their state takes about ${pct(share)} of every server's time.`,
        );
      }
      if (k[0]!.heldBad + k[1]!.heldBad > 0)
        out.push(
          'Stopped servers still hold the bad state (it was not cleared): reconnected, they spread it again.',
        );
      return out;
    }
    case 'reactivateRequests': {
      const ri = S3_REGIONS.indexOf(c.region);
      const x = k[ri]!;
      const minutes = Math.ceil((x.servers - x.processing) / p.requests.reactivateServersPerMinute);
      return [
        `Request processing comes back on ${fmt(p.requests.reactivateServersPerMinute)} servers a minute in ${REGION_WORDS[c.region]}: all ${fmt(x.servers)} in about ${minutes} min.`,
        `A request touches ${p.requests.serversPerRequest} servers, so few complete until most of the region is back.`,
      ];
    }
    case 'checksumStateMessages':
      return [
        'Server-state messages carry a checksum; a corrupted one is logged and rejected.',
        carriers > 0
          ? 'State already accepted is intact to the checksum: the bad state already spreading is not stopped.'
          : 'Corrupted messages from then on never reach a server.',
      ];
    case 'reduceFailedServerGossip':
      return [
        `Gossip about failed servers is cut to ${pct(p.gossip.reducedGossipFactor)} of what it is now, the bad state's included.`,
        'It does not remove the bad state: servers still carry and pass it on.',
      ];
    case 'gossipRateAlarm':
      return [
        `An alarm fires when gossip takes ${pct(p.gossip.alarmShare)} of a region's server time, pointing at gossip rather than at request processing.`,
        'It only tells you; it changes nothing by itself.',
      ];
  }
}

function parseCommand(entry: Readonly<Record<string, unknown>>): S3Command {
  const name = entry['command'];
  const args = Object.keys(entry).filter((k) => k !== 'command' && k !== 'atMinute');
  const only = (allowed: string[]) => {
    const extra = args.find((k) => !allowed.includes(k));
    if (extra !== undefined)
      throw new Error(
        `${String(name)} has no argument ${JSON.stringify(extra.slice(0, 40))} (${allowed.length ? `its arguments: ${allowed.join(', ')}` : 'it takes none'})`,
      );
  };
  const num = (k: string, min: number, max: number): number => {
    const v = entry[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max)
      throw new Error(`${String(name)}: ${k} must be a number from ${min} to ${max}`);
    return v;
  };
  switch (name) {
    case 'stopAllCommunication':
    case 'clearGossipState':
    case 'checksumStateMessages':
    case 'reduceFailedServerGossip':
    case 'gossipRateAlarm':
      only([]);
      return { kind: name };
    case 'shedLoad':
      only(['percent']);
      return { kind: name, percent: num('percent', 0, 95) };
    case 'reconnectServers':
      only(['percent']);
      return { kind: name, percent: num('percent', 0.1, 100) };
    case 'reactivateRequests': {
      only(['region']);
      const r = entry['region'];
      if (r !== 'us' && r !== 'eu') throw new Error('reactivateRequests: region must be "us" or "eu"');
      return { kind: name, region: r };
    }
    default:
      throw new Error(
        `unknown command ${JSON.stringify(String(name).slice(0, 40))} (known: ${S3_COMMANDS.join(', ')})`,
      );
  }
}

function newState(p: S3Params, seed: number): { s: Scalars; f: Fleet } {
  const nUs = p.regions.us.servers;
  const n = nUs + p.regions.eu.servers;
  const rng = new Uint32Array(4);
  seedRng(rng, seed | 0);
  const processing = new Uint8Array(n);
  processing.fill(1);
  return {
    s: {
      seed: seed | 0,
      tick: 0,
      shed: 0,
      checksums: false,
      reducedGossip: false,
      alarmInstalled: false,
      alarmAt: -1,
      rejected: 0,
      reactivating: [0, 0],
      reactivateCarry: [0, 0],
      userMinutesLost: 0,
      pending: [],
    },
    f: {
      n,
      start: [0, nUs, n],
      rng,
      status: new Uint8Array(n),
      bad: new Uint8Array(n),
      badAge: new Uint16Array(n),
      processing,
      timer: new Uint16Array(n),
      progress: new Float64Array(n),
    },
  };
}

/** The S3 2008 model behind the cascade model interface. The seed draws the corrupted servers, gossip peers and failures. */
export const s3Model: CascadeModel<S3Params, S3Command, S3Metrics> = {
  kind: 's3',
  create: (p, seed) => {
    const { s, f } = newState(p, seed);
    return new S3Sim(p, s, f);
  },
  restore: (p, bytes) => {
    type Arrays = Record<'rng' | 'status' | 'bad' | 'badAge' | 'processing' | 'timer' | 'progress', number[]>;
    let parsed: { model?: string; p?: unknown; s?: Scalars; m?: S3Metrics; f?: Arrays };
    try {
      let text = '';
      for (let i = 0; i < bytes.length; i += 4096)
        text += String.fromCharCode(...bytes.subarray(i, i + 4096));
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw new Error('not an S3 model snapshot');
    }
    if (parsed.model !== 's3' || !parsed.s || !parsed.m || !parsed.f)
      throw new Error('not an S3 model snapshot');
    if (JSON.stringify(parsed.p) !== JSON.stringify(p)) throw new Error('snapshot is from another scenario');
    const { f } = newState(p, parsed.s.seed);
    const a = parsed.f;
    if (a.status.length !== f.n || a.rng.length !== 4) throw new Error('snapshot is from another scenario');
    f.rng.set(a.rng);
    f.status.set(a.status);
    f.bad.set(a.bad);
    f.badAge.set(a.badAge);
    f.processing.set(a.processing);
    f.timer.set(a.timer);
    f.progress.set(a.progress);
    const sim = new S3Sim(p, parsed.s, f);
    sim.m = parsed.m;
    return sim;
  },
  levers: (p) => s3Levers(p),
  parseCommand,
};

/** The levers of the record and the counterfactual designs, each with its lead time and cost. */
export function s3Levers(p: S3Params): CascadeLever[] {
  const L = p.levers;
  const peak =
    Math.max(...p.regions.us.requestsPerSecondByHour) + Math.max(...p.regions.eu.requestsPerSecondByHour);
  const design = `a change deployed to every server in both regions (${L.designChangeMinutes} min)`;
  return [
    {
      kind: 'shedLoad',
      title: 'shed load',
      effect: 'Refuses a share of requests at the front door; the servers gossip as much as before.',
      source: 'record',
      leadMinutes: L.shedMinutes,
      usdPerHour: 0,
      cost: 'the refused requests',
    },
    {
      kind: 'stopAllCommunication',
      title: 'stop all server-to-server communication and request processing',
      effect: 'Every server in both regions stops gossiping and stops serving, keeping the state it holds.',
      source: 'record',
      leadMinutes: L.stopMinutes,
      usdPerHour: 0,
      cost: `the whole service in both regions: up to ${fmt(peak)} requests a second refused until it is rebuilt`,
    },
    {
      kind: 'clearGossipState',
      title: 'clear the gossiped state',
      effect: 'Stopped servers forget the server state they have gossiped, the bad state with it.',
      source: 'record',
      leadMinutes: L.clearMinutes,
      usdPerHour: 0,
      cost: 'servers rebuild their state from scratch when reconnected; only possible once communication has stopped',
    },
    {
      kind: 'reconnectServers',
      title: 'reconnect servers in a batch',
      effect:
        "Lets a share of each region's stopped servers talk again; they rebuild their state from the servers already in sync.",
      source: 'record',
      leadMinutes: L.reconnectMinutes,
      usdPerHour: 0,
      cost: 'a batch larger than the servers in sync can absorb swamps them all in gossip',
    },
    {
      kind: 'reactivateRequests',
      title: 'reactivate request processing in a region',
      effect: `Turns request processing back on in one region, ${fmt(p.requests.reactivateServersPerMinute)} servers a minute.`,
      source: 'record',
      leadMinutes: 0,
      usdPerHour: 0,
      cost: `time: ${Math.ceil(p.regions.us.servers / p.requests.reactivateServersPerMinute)} min for the US, ${Math.ceil(p.regions.eu.servers / p.requests.reactivateServersPerMinute)} min for the EU`,
    },
    {
      kind: 'checksumStateMessages',
      title: 'checksum server-state messages',
      effect: 'A corrupted state message is logged and rejected instead of believed.',
      source: 'counterfactual',
      leadMinutes: L.designChangeMinutes,
      usdPerHour: 0,
      cost: design,
    },
    {
      kind: 'reduceFailedServerGossip',
      title: 'gossip less about failed servers',
      effect: "Cuts the gossip each server spends on failed servers, the bad state's included.",
      source: 'counterfactual',
      leadMinutes: L.designChangeMinutes,
      usdPerHour: 0,
      cost: design,
    },
    {
      kind: 'gossipRateAlarm',
      title: 'alarm on the gossip rate',
      effect: "An alarm fires when gossip takes a set share of a region's server time.",
      source: 'counterfactual',
      leadMinutes: L.designChangeMinutes,
      usdPerHour: 0,
      cost: design,
    },
  ];
}
