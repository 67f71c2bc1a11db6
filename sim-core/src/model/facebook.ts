/**
 * Facebook, 23 September 2010: a config verifier's repair loop overwhelms a database cluster (docs/model-facebook-2010.md).
 *
 * Web-tier clients cache a configuration value. A client whose value is bad (invalid or deleted) asks the cluster
 * for it on every check. The persistent copy was changed to a value the verifier reads as invalid, so every client
 * finds its value bad and queries; a query that errors is taken for an invalid value and the key is deleted, so an
 * overloaded cluster makes more bad clients, which query it more. The cluster serves its capacity while the
 * load is below it; above it, queries time out in queue and what it serves falls to a small share of capacity,
 * and it comes back only once the load is below capacity again. Users are served by clients with a good value
 * whose queries succeed. Stepped in 1-second sub-steps, one tick per simulated minute; no randomness and no
 * transcendental functions, so the hash is the same on every engine.
 */
import { asciiBytes, hashBytes } from './bytes';
import type {
  CascadeFact,
  CascadeLever,
  CascadeMetrics,
  CascadeModel,
  CascadePreview,
  CascadeSim,
} from './cascade';

/** The Facebook model's scenario section (the scenario schema checks it, scenario/schema.ts). */
export interface FacebookParams {
  kind: 'facebook';
  /** GMT minute of day at tick 0. */
  startMinuteOfDay: number;
  durationMinutes: number;
  /** Tick at which the invalid value is written to the persistent store. */
  triggerMinute: number;
  users: {
    /** Users served at each GMT hour on a normal day (24 values, linear between hours). */
    onlineByHour: number[];
  };
  web: {
    /** Web-tier processes that cache the value and would repair it. */
    clients: number;
    /** Seconds until a client sees the persistent store's new value (its config poll). */
    pollSeconds: number;
    /** Repair queries a client with a bad value sends a second (one per check). */
    repairQueriesPerSecond: number;
    /** Ordinary queries a client sends the cluster a second; an error on any deletes its key. */
    ordinaryQueriesPerSecond: number;
  };
  database: {
    /** Queries a second the cluster serves when healthy. */
    capacityQps: number;
    /** Share of capacity it still serves when overloaded (queries time out in queue). */
    overloadedShare: number;
    /** Minutes of overload for its service to fall from full to the overloaded share. */
    collapseMinutes: number;
    /** Minutes without load for it to recover from the overloaded share to full. */
    drainMinutes: number;
  };
  levers: {
    /** Minutes to write a valid value to the persistent store once ordered. */
    fixValueMinutes: number;
    /** Minutes to block all traffic to the cluster (the site goes down). */
    cutTrafficMinutes: number;
    /** Minutes to switch the verifier off across the web tier (a push to every client). */
    verifierOffMinutes: number;
    /** Minutes to deploy a client design change (keep stale value, rate limit, jitter) across the web tier. */
    designChangeMinutes: number;
  };
  /** Scripted events (the trigger is `triggerMinute`; none else today). */
  effects: Array<{ atMinute: number } & FacebookCommand>;
}

/** Commands of the Facebook model (operator levers, as in a policy file's `command`). */
export type FacebookCommand =
  | { kind: 'fixStoredValue' }
  | { kind: 'cutAllTraffic' }
  | { kind: 'readmitUsers'; percentPerMinute: number }
  | { kind: 'disableVerifier' }
  | { kind: 'keepStaleOnError' }
  | { kind: 'rateLimitRepair'; queriesPerSecond: number }
  | { kind: 'jitterExpiry'; windowSeconds: number };

export const FACEBOOK_COMMANDS = [
  'fixStoredValue',
  'cutAllTraffic',
  'readmitUsers',
  'disableVerifier',
  'keepStaleOnError',
  'rateLimitRepair',
  'jitterExpiry',
] as const;

/** One minute of the Facebook model: the common row and the loop's numbers. */
export interface FacebookMetrics extends CascadeMetrics {
  /** Queries a second the web tier sent the cluster (mean over the minute). */
  queryQps: number;
  /** Of which repair queries (clients fetching the value). */
  repairQps: number;
  /** Queries a second the cluster answered. */
  servedQps: number;
  /** Share of queries that errored. */
  errorShare: number;
  /** Share of clients whose value is bad (invalid or deleted). */
  badClientShare: number;
  /** Cache keys a second that clients deleted because a query errored (the feedback loop; mean over the minute). */
  keysDeletedPerSecond: number;
  /** The cluster's service as a share of its capacity (1 healthy). */
  dbHealth: number;
  /** Share of users let onto the site. */
  admittedShare: number;
  storeValid: boolean;
  verifierOn: boolean;
}

interface State {
  seed: number;
  tick: number;
  storeValid: boolean;
  verifierOn: boolean;
  keepStale: boolean;
  /** Repair queries a second allowed in all (0: no limit). */
  repairLimitQps: number;
  /** Seconds over which a bad client's repair queries are spread (0: every check). */
  jitterSeconds: number;
  bad: number;
  health: number;
  admitted: number;
  /** Share of users readmitted a minute (0 while the site is cut or fully open). */
  readmitPerMinute: number;
  userMinutesLost: number;
  pending: Array<{ at: number; command: FacebookCommand }>;
}

const ZERO_METRICS: FacebookMetrics = {
  minute: -1,
  online: 0,
  expectedOnline: 0,
  userMinutesLost: 0,
  queryQps: 0,
  repairQps: 0,
  servedQps: 0,
  errorShare: 0,
  badClientShare: 0,
  keysDeletedPerSecond: 0,
  dbHealth: 1,
  admittedShare: 1,
  storeValid: true,
  verifierOn: true,
};

/** Users served at `minuteOfDay` (GMT) on a normal day. */
export function facebookExpectedOnline(p: FacebookParams, minuteOfDay: number): number {
  const m = ((minuteOfDay % 1440) + 1440) % 1440;
  const h = Math.floor(m / 60);
  const a = p.users.onlineByHour[h]!;
  const b = p.users.onlineByHour[(h + 1) % 24]!;
  return a + ((b - a) * (m - h * 60)) / 60;
}

/** Minutes from ordering `c` until it takes effect. */
export function facebookLeadMinutes(p: FacebookParams, c: FacebookCommand): number {
  switch (c.kind) {
    case 'fixStoredValue':
      return p.levers.fixValueMinutes;
    case 'cutAllTraffic':
      return p.levers.cutTrafficMinutes;
    case 'readmitUsers':
      return 0;
    case 'disableVerifier':
      return p.levers.verifierOffMinutes;
    case 'keepStaleOnError':
    case 'rateLimitRepair':
    case 'jitterExpiry':
      return p.levers.designChangeMinutes;
  }
}

class FacebookSim implements CascadeSim<FacebookCommand, FacebookMetrics> {
  readonly kind = 'facebook';
  m: FacebookMetrics = { ...ZERO_METRICS };
  constructor(
    readonly p: FacebookParams,
    public s: State,
  ) {}

  tick(): number {
    return this.s.tick;
  }
  triggerMinute(): number {
    return this.p.triggerMinute;
  }
  metrics(): FacebookMetrics {
    return { ...this.m };
  }

  /** Everything ordered or in effect, for the checks: a command already pending or in effect is refused. */
  private inEffectOrPending(kind: FacebookCommand['kind'], also: readonly FacebookCommand[]): boolean {
    const s = this.s;
    if (this.s.pending.some((x) => x.command.kind === kind)) return true;
    // Accepted this minute, applied by the next step: as good as pending (readmission may be re-ordered).
    if (kind !== 'readmitUsers' && also.some((x) => x.kind === kind)) return true;
    switch (kind) {
      case 'fixStoredValue':
        return s.tick >= this.p.triggerMinute && s.storeValid;
      case 'cutAllTraffic':
        return s.admitted === 0 && s.readmitPerMinute === 0;
      case 'disableVerifier':
        return !s.verifierOn;
      case 'keepStaleOnError':
        return s.keepStale;
      default:
        return false;
    }
  }

  check(c: FacebookCommand, also: readonly FacebookCommand[] = []): string | null {
    if (this.inEffectOrPending(c.kind, also))
      return c.kind === 'fixStoredValue' &&
        this.s.storeValid &&
        !this.fixPending() &&
        !also.some((x) => x.kind === c.kind)
        ? 'The stored value is already valid.'
        : 'It is already ordered or in effect.';
    if (c.kind === 'readmitUsers') {
      const cutAlso = also.some((x) => x.kind === 'cutAllTraffic');
      if (this.s.admitted >= 1 && this.s.readmitPerMinute === 0 && !this.cutPending() && !cutAlso)
        return 'Every user is already on the site: there is no one to readmit.';
    }
    return null;
  }

  pending(): Array<{ command: FacebookCommand; issuedAtMinute: number; takesEffectAtMinute: number }> {
    return this.s.pending.map((x) => ({
      command: { ...x.command },
      issuedAtMinute: x.at - facebookLeadMinutes(this.p, x.command),
      takesEffectAtMinute: x.at,
    }));
  }

  private fixPending(): boolean {
    return this.s.pending.some((x) => x.command.kind === 'fixStoredValue');
  }

  private cutPending(): boolean {
    return this.s.pending.some((x) => x.command.kind === 'cutAllTraffic');
  }

  preview(c: FacebookCommand): CascadePreview {
    const refusal = this.check(c);
    const lead = facebookLeadMinutes(this.p, c);
    return {
      ok: refusal === null,
      refusal,
      leadMinutes: lead,
      takesEffectAtMinute: this.s.tick + lead,
      consequences: consequences(this.p, this.s, this.m, c),
    };
  }

  step(inputs: readonly (FacebookCommand & { tick: number })[]): void {
    const p = this.p;
    const s = this.s;
    for (const e of p.effects) if (e.atMinute === s.tick) apply(s, e);
    for (const { tick: _t, ...c } of inputs) {
      const lead = facebookLeadMinutes(p, c as FacebookCommand);
      if (lead === 0) apply(s, c as FacebookCommand);
      else s.pending.push({ at: s.tick + lead, command: c as FacebookCommand });
    }
    const due = s.pending.filter((x) => x.at <= s.tick);
    s.pending = s.pending.filter((x) => x.at > s.tick);
    for (const d of due) apply(s, d.command);
    if (s.tick === p.triggerMinute) s.storeValid = false;

    const w = p.web;
    const db = p.database;
    const clients = w.clients;
    const collapsePerSecond = (1 - db.overloadedShare) / (db.collapseMinutes * 60);
    const healPerSecond = (1 - db.overloadedShare) / (db.drainMinutes * 60);
    let sumQ = 0;
    let sumRepair = 0;
    let sumServed = 0;
    let sumServedShare = 0;
    let sumDeleted = 0;
    for (let sec = 0; sec < 60; sec++) {
      if (s.readmitPerMinute > 0) {
        s.admitted = Math.min(1, s.admitted + s.readmitPerMinute / 60);
        if (s.admitted >= 1) s.readmitPerMinute = 0;
      }
      const a = s.admitted;
      // A bad client repairs on every check, or once in its jitter window; with the verifier off it only
      // fetches a deleted key as an ordinary query would.
      const perClientRepair = !s.verifierOn
        ? w.ordinaryQueriesPerSecond
        : s.jitterSeconds > 0
          ? 1 / s.jitterSeconds
          : w.repairQueriesPerSecond;
      let repair = a * clients * s.bad * perClientRepair;
      if (s.repairLimitQps > 0 && repair > s.repairLimitQps) repair = s.repairLimitQps;
      const ordinary = a * clients * (1 - s.bad) * w.ordinaryQueriesPerSecond;
      const q = repair + ordinary;
      const served = Math.min(q, db.capacityQps * s.health);
      const err = q > 0 ? 1 - served / q : 0;
      // Repairs that succeed fix the client only when the store holds a valid value.
      const fixed = s.storeValid ? (repair * (1 - err)) / clients : 0;
      // Clients that turn bad: the new stored value reaching them (verifier on, store invalid), and errors
      // deleting the key (unless they keep the stale value).
      const good = 1 - s.bad;
      const seesInvalid = !s.storeValid && s.verifierOn ? (good * a) / w.pollSeconds : 0;
      const deleted = s.keepStale || !s.verifierOn ? 0 : good * a * w.ordinaryQueriesPerSecond * err;
      s.bad = Math.min(1, Math.max(0, s.bad - fixed + seesInvalid + deleted));
      sumDeleted += deleted * clients;
      if (q > db.capacityQps) s.health = Math.max(db.overloadedShare, s.health - collapsePerSecond);
      else s.health = Math.min(1, s.health + healPerSecond * (1 - q / db.capacityQps));
      // A user is served by a client whose value works (any value, with the verifier off) and whose queries succeed.
      const usable = s.verifierOn ? 1 - s.bad : 1;
      sumServedShare += a * usable * (1 - err);
      sumQ += q;
      sumRepair += repair;
      sumServed += served;
    }
    const minuteOfDay = (p.startMinuteOfDay + s.tick) % 1440;
    const expected = facebookExpectedOnline(p, minuteOfDay);
    const online = Math.round((expected * sumServedShare) / 60);
    if (expected > online) s.userMinutesLost += expected - online;
    const qps = sumQ / 60;
    this.m = {
      minute: s.tick,
      online,
      expectedOnline: Math.round(expected),
      userMinutesLost: Math.round(s.userMinutesLost),
      queryQps: Math.round(qps),
      repairQps: Math.round(sumRepair / 60),
      servedQps: Math.round(sumServed / 60),
      errorShare: qps > 0 ? round4(1 - sumServed / sumQ) : 0,
      badClientShare: round4(s.bad),
      keysDeletedPerSecond: Math.round(sumDeleted / 60),
      dbHealth: round4(s.health),
      admittedShare: round4(s.admitted),
      storeValid: s.storeValid,
      verifierOn: s.verifierOn,
    };
    s.tick++;
  }

  snapshot(): Uint8Array {
    return asciiBytes(JSON.stringify({ model: 'facebook', p: this.p, s: this.s, m: this.m }));
  }
  hash(): string {
    return hashBytes(this.snapshot());
  }
}

function apply(s: State, c: FacebookCommand): void {
  switch (c.kind) {
    case 'fixStoredValue':
      s.storeValid = true;
      break;
    case 'cutAllTraffic':
      s.admitted = 0;
      s.readmitPerMinute = 0;
      break;
    case 'readmitUsers':
      s.readmitPerMinute = c.percentPerMinute / 100;
      break;
    case 'disableVerifier':
      s.verifierOn = false;
      break;
    case 'keepStaleOnError':
      s.keepStale = true;
      break;
    case 'rateLimitRepair':
      s.repairLimitQps = c.queriesPerSecond;
      break;
    case 'jitterExpiry':
      s.jitterSeconds = c.windowSeconds;
      break;
  }
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** What ordering `c` now does, in the trainee's terms, from the same state the step reads. */
function consequences(p: FacebookParams, s: State, m: FacebookMetrics, c: FacebookCommand): string[] {
  const cap = p.database.capacityQps;
  switch (c.kind) {
    case 'fixStoredValue':
      return [
        'Clients that fetch the value afterwards get a valid one.',
        m.queryQps > cap
          ? `The cluster is getting ${fmt(m.queryQps)} queries a second against a capacity of ${fmt(cap)}: while it errors, clients keep deleting their keys, so the fix alone reaches few of them.`
          : 'The cluster is within its capacity, so the fix reaches clients as they check.',
      ];
    case 'cutAllTraffic':
      return [
        `The whole site goes down: ${fmt(m.expectedOnline)} users lose it until they are readmitted.`,
        `With no queries the cluster recovers from ${Math.round(m.dbHealth * 100)}% of its capacity in about ${Math.ceil(((1 - m.dbHealth) * p.database.drainMinutes) / (1 - p.database.overloadedShare))} min.`,
      ];
    case 'readmitUsers': {
      const bad = s.bad;
      const perClient = s.jitterSeconds > 0 ? 1 / s.jitterSeconds : p.web.repairQueriesPerSecond;
      const maxShare = bad > 0 ? (cap * m.dbHealth) / (p.web.clients * bad * perClient) : 1;
      return [
        `Users come back at ${c.percentPerMinute}% a minute: all of them in ${Math.ceil((100 * (1 - s.admitted)) / c.percentPerMinute)} min.`,
        bad > 0
          ? `${Math.round(bad * 100)}% of clients still need the value; the cluster, at ${Math.round(m.dbHealth * 100)}%, can take their repair queries from at most ${Math.min(100, Math.round(maxShare * 100))}% of the users at once.`
          : 'Every client has a good value: the returning users add only ordinary queries.',
      ];
    }
    case 'disableVerifier':
      return [
        'Clients stop repairing values and stop deleting keys on errors: the repair queries end.',
        'A value the verifier took for invalid is used as it is.',
      ];
    case 'keepStaleOnError':
      return ['An error no longer deletes a key: a failing cluster stops making more clients query it.'];
    case 'rateLimitRepair':
      return [
        `Repair queries are held to ${fmt(c.queriesPerSecond)} a second (the cluster takes ${fmt(cap)}).`,
        `Reaching every client with a fixed value takes at least ${Math.ceil(p.web.clients / c.queriesPerSecond / 60)} min.`,
      ];
    case 'jitterExpiry':
      return [
        `A client with a bad value asks once in ${c.windowSeconds} s instead of every check: at most ${fmt(p.web.clients / c.windowSeconds)} repair queries a second.`,
      ];
  }
}

function parseCommand(entry: Readonly<Record<string, unknown>>): FacebookCommand {
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
    case 'fixStoredValue':
    case 'cutAllTraffic':
    case 'disableVerifier':
    case 'keepStaleOnError':
      only([]);
      return { kind: name };
    case 'readmitUsers':
      only(['percentPerMinute']);
      return { kind: name, percentPerMinute: num('percentPerMinute', 0.1, 100) };
    case 'rateLimitRepair':
      only(['queriesPerSecond']);
      return { kind: name, queriesPerSecond: num('queriesPerSecond', 1, 10_000_000) };
    case 'jitterExpiry':
      only(['windowSeconds']);
      return { kind: name, windowSeconds: num('windowSeconds', 1, 3600) };
    default:
      throw new Error(
        `unknown command ${JSON.stringify(String(name).slice(0, 40))} (known: ${FACEBOOK_COMMANDS.join(', ')})`,
      );
  }
}

function newState(seed: number): State {
  return {
    seed: seed | 0,
    tick: 0,
    storeValid: true,
    verifierOn: true,
    keepStale: false,
    repairLimitQps: 0,
    jitterSeconds: 0,
    bad: 0,
    health: 1,
    admitted: 1,
    readmitPerMinute: 0,
    userMinutesLost: 0,
    pending: [],
  };
}

/** The Facebook 2010 model behind the cascade model interface. Draws nothing per seed (the seed is kept in the state). */
export const facebookModel: CascadeModel<FacebookParams, FacebookCommand, FacebookMetrics> = {
  kind: 'facebook',
  create: (p, seed) => new FacebookSim(p, newState(seed)),
  restore: (p, bytes) => {
    let parsed: { model?: string; p?: unknown; s?: State; m?: FacebookMetrics };
    try {
      parsed = JSON.parse(String.fromCharCode(...bytes)) as typeof parsed;
    } catch {
      throw new Error('not a Facebook model snapshot');
    }
    if (parsed.model !== 'facebook' || !parsed.s || !parsed.m)
      throw new Error('not a Facebook model snapshot');
    if (JSON.stringify(parsed.p) !== JSON.stringify(p)) throw new Error('snapshot is from another scenario');
    const sim = new FacebookSim(p, parsed.s);
    sim.m = parsed.m;
    return sim;
  },
  levers: (p) => facebookLevers(p),
  parseCommand,
  facts: () => FACEBOOK_FACTS,
};

/** The Facebook model's facts (fields of its metrics) a timeline may name and a console shows. */
export const FACEBOOK_FACTS: CascadeFact[] = [
  { name: 'queryQps', label: 'queries a second sent to the database cluster', unit: 'queries a second' },
  {
    name: 'repairQps',
    label: 'repair queries a second (clients fetching the value)',
    unit: 'queries a second',
  },
  { name: 'servedQps', label: 'queries a second the cluster answered', unit: 'queries a second' },
  { name: 'errorShare', label: 'share of queries that failed', unit: 'share' },
  { name: 'badClientShare', label: 'share of web clients with a bad or deleted value', unit: 'share' },
  {
    name: 'keysDeletedPerSecond',
    label: 'cache keys deleted a second because a query failed (the feedback loop)',
    unit: 'keys a second',
  },
  { name: 'dbHealth', label: "the cluster's service as a share of its capacity", unit: 'share' },
  { name: 'admittedShare', label: 'share of users let onto the site', unit: 'share' },
  { name: 'storeValid', label: 'the stored value is valid (1) or not (0)', unit: 'yes/no' },
  { name: 'verifierOn', label: 'the verifier is on (1) or off (0)', unit: 'yes/no' },
];

/** The levers of the record and the counterfactual designs, each with its lead time and cost. */
export function facebookLevers(p: FacebookParams): CascadeLever[] {
  const peak = Math.max(...p.users.onlineByHour);
  const L = p.levers;
  return [
    {
      kind: 'fixStoredValue',
      title: 'fix the stored value',
      effect: 'Writes a valid value to the persistent store; clients that fetch it afterwards are repaired.',
      source: 'record',
      leadMinutes: L.fixValueMinutes,
      usdPerHour: 0,
      cost: 'nothing; alone it does not break the loop while the cluster errors',
    },
    {
      kind: 'cutAllTraffic',
      title: 'cut all traffic to the cluster',
      effect:
        'Blocks every query to the database cluster, so it can drain: the site is down until users are readmitted.',
      source: 'record',
      leadMinutes: L.cutTrafficMinutes,
      usdPerHour: 0,
      cost: `the whole site: up to ${fmt(peak)} users served while it stands`,
    },
    {
      kind: 'readmitUsers',
      title: 'readmit users gradually',
      effect:
        'Lets users back at a set percentage a minute; too fast, and the repair queries overload the cluster again.',
      source: 'record',
      leadMinutes: 0,
      usdPerHour: 0,
      cost: 'the users still kept out while the ramp runs',
      args: [
        { name: 'percentPerMinute', label: 'users back a minute', unit: '%', min: 0.1, max: 100, default: 2 },
      ],
    },
    {
      kind: 'disableVerifier',
      title: 'switch off the verifier',
      effect: 'Clients stop repairing values and stop deleting keys on errors.',
      source: 'record',
      leadMinutes: L.verifierOffMinutes,
      usdPerHour: 0,
      cost: 'a push to every web client; invalid values stay in caches unrepaired',
    },
    {
      kind: 'keepStaleOnError',
      title: 'keep the stale value on error',
      effect: 'A query error no longer deletes the key.',
      source: 'counterfactual',
      leadMinutes: L.designChangeMinutes,
      usdPerHour: 0,
      cost: 'a client change deployed across the web tier',
    },
    {
      kind: 'rateLimitRepair',
      title: 'rate-limit the repair path',
      effect: 'Caps repair queries a second across the web tier.',
      source: 'counterfactual',
      leadMinutes: L.designChangeMinutes,
      usdPerHour: 0,
      cost: 'a client change; a fixed value reaches every client more slowly',
      args: [
        {
          name: 'queriesPerSecond',
          label: 'repair queries a second, at most',
          unit: 'queries a second',
          min: 1,
          max: 10_000_000,
          default: Math.round(p.database.capacityQps * 0.4),
        },
      ],
    },
    {
      kind: 'jitterExpiry',
      title: 'jittered expiry',
      effect: 'A client with a bad value asks once in a random window instead of on every check.',
      source: 'counterfactual',
      leadMinutes: L.designChangeMinutes,
      usdPerHour: 0,
      cost: 'a client change; each client waits up to the window for a fixed value',
      args: [{ name: 'windowSeconds', label: 'window', unit: 's', min: 1, max: 3600, default: 60 }],
    },
  ];
}
