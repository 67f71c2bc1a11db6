/**
 * Differential tests: the fast cohort model (sim-core/src/model) against the per-client reference model
 * (sim-core/src/reference) on the skype-2010 scenario scaled to 100k clients, over 20 seeds, for 10 simulated
 * hours (the trigger at 4 h and six hours of cascade). The two models share each seed's supernode table (common
 * random numbers) and nothing else, so the comparisons are of means over seeds, each with a tolerance written
 * next to it: wide enough for the seed-to-seed noise measured at this scale, tight enough that breaking one rule
 * in either model fails it. Set REFERENCE_REPORT=1 to print the measured table.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import {
  createSim,
  metrics,
  step,
  type ModelCommand,
  type SimInput,
  type SimMetrics,
} from '../src/model/index';
import { checkLever } from '../src/levers/index';
import {
  createReference,
  referenceMetrics,
  stepReference,
  type ClientState,
  type Reference,
} from '../src/reference/index';

/** 100k clients, ~61k online at the daily peak, 120 user supernodes. */
const SCALE = 0.0025;
const HOURS = 10;
const SEEDS = 20;
// Seed variation (model/variation.ts) is one function both models call; the comparison is of their dynamics,
// so it runs at the scenario's nominal values, with the same trigger on every seed.
const scaled = scaleScenario(builtinScenario('skype-2010'), SCALE);
const scenario = { ...scaled, model: { ...scaled.model, variation: null } };
const TOTAL = scenario.model.population.total;
const TICKS = HOURS * 60;
const T = scenario.model.triggerMinute;
/** Minutes at which online and supernode counts are compared. */
const CHECKPOINTS = { preTrigger: T - 30, wave60: T + 60, wave90: T + 90, plus4h: T + 240, end: TICKS - 1 };

type Policy = Array<{ atMinute: number; command: ModelCommand }>;

/**
 * Operators acting at the trigger: shed offline IM (off 10 minutes later), free servers and use them, throttle,
 * force the fix. Acting this early keeps every seed from tipping, so the comparison is of the levers' effects,
 * not of which seeds happened to tip before they bit.
 */
const LEVERS: Policy = [
  { atMinute: T, command: { kind: 'disableFeature', feature: 'offlineIm', disabled: true } },
  { atMinute: T, command: { kind: 'disableFeature', feature: 'groupVideo', disabled: true } },
  { atMinute: T + 20, command: { kind: 'spinUpSupernodes', count: 3 } },
  { atMinute: T + 30, command: { kind: 'throttleLogins', perMinute: 1000 } },
  {
    atMinute: T + 60,
    command: {
      kind: 'forceUpdate',
      targetVersion: '5.0.0156',
      rolloutPercentPerHour: 25,
      bandwidthGbps: 0.2,
    },
  },
];

/** What one run is summarised to. */
interface RunStats {
  online: Record<keyof typeof CHECKPOINTS, number>;
  alive: Record<keyof typeof CHECKPOINTS, number>;
  /** Lowest online count after the trigger. */
  minOnline: number;
  /** Mean online over the last two hours (the trough plateau when nothing is done). */
  lateOnline: number;
  /** Mean logins per minute over the last two hours. */
  lateLogins: number;
  /** First minute after the trigger at which online is below half the normal level (TICKS if never). */
  collapseAt: number;
  crashes: number;
  /** Crashes in the first two hours after the trigger (the first wave, before the network tips). */
  earlyCrashes: number;
  searchingEnd: number;
  dedicatedAt3h: number;
  updatingAt3h: number;
  /** Ticks at which the clients did not add up to the population. */
  conservationErrors: number;
}

type Stepper = (inputs: SimInput[]) => SimMetrics;

function summarise(run: Stepper, policy: Policy): RunStats {
  const online = {} as RunStats['online'];
  const alive = {} as RunStats['alive'];
  let minOnline = Number.POSITIVE_INFINITY;
  let late = 0;
  let lateLogins = 0;
  let collapseAt = TICKS;
  let crashes = 0;
  let earlyCrashes = 0;
  let conservationErrors = 0;
  let m: SimMetrics | undefined;
  let dedicatedAt3h = 0;
  let updatingAt3h = 0;
  for (let t = 0; t < TICKS; t++) {
    const inputs = policy.filter((e) => e.atMinute === t).map((e) => ({ ...e.command, tick: t }) as SimInput);
    m = run(inputs);
    if (m.totalClients !== TOTAL) conservationErrors++;
    crashes += m.crashesThisTick;
    if (t >= T && t < T + 120) earlyCrashes += m.crashesThisTick;
    if (t >= T) {
      minOnline = Math.min(minOnline, m.online);
      if (collapseAt === TICKS && m.online < m.expectedOnline / 2) collapseAt = t;
    }
    if (t >= TICKS - 120) {
      late += m.online / 120;
      lateLogins += m.loginsThisTick / 120;
    }
    for (const [name, at] of Object.entries(CHECKPOINTS) as Array<[keyof typeof CHECKPOINTS, number]>) {
      if (t === at) {
        online[name] = m.online;
        alive[name] = m.supernodesAlive;
      }
    }
    if (t === T + 180) {
      dedicatedAt3h = m.dedicatedSupernodes;
      updatingAt3h = m.updating;
    }
  }
  return {
    online,
    alive,
    minOnline,
    lateOnline: late,
    lateLogins,
    collapseAt,
    crashes,
    earlyCrashes,
    searchingEnd: m!.searching,
    dedicatedAt3h,
    updatingAt3h,
    conservationErrors,
  };
}

function runFast(seed: number, policy: Policy): RunStats {
  const sim = createSim(scenario, seed);
  const stats = summarise((inputs) => {
    for (const input of inputs) {
      const checked = checkLever(sim, input);
      if (!checked.ok) throw new Error(`policy refused by the fast model: ${checked.reason}`);
    }
    step(sim, inputs);
    return metrics(sim);
  }, policy);
  return stats;
}

const references: Reference[] = [];
function runReference(seed: number, policy: Policy): RunStats {
  const ref = createReference(scenario, seed);
  const stats = summarise((inputs) => {
    stepReference(ref, inputs);
    return referenceMetrics(ref);
  }, policy);
  if (seed === 1) references.push(ref);
  return stats;
}

interface Paired {
  fast: RunStats[];
  ref: RunStats[];
}

function runBoth(policy: Policy, seeds = SEEDS): Paired {
  const out: Paired = { fast: [], ref: [] };
  for (let seed = 1; seed <= seeds; seed++) {
    out.fast.push(runFast(seed, policy));
    out.ref.push(runReference(seed, policy));
  }
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

/** Mean over seeds of one statistic, fast and reference. */
function means(p: Paired, pick: (s: RunStats) => number, of = mean): { fast: number; ref: number } {
  return { fast: of(p.fast.map(pick)), ref: of(p.ref.map(pick)) };
}

/**
 * Assert the reference's mean (or median) lies within `relative` × the fast model's. Medians serve statistics taken
 * while the network is tipping: the cascade is a threshold event whose minute varies between seeds, so there a
 * mean mixes tipped and untipped runs and one early or late seed moves it by 10% or more.
 */
function expectClose(
  p: Paired,
  label: string,
  pick: (s: RunStats) => number,
  relative: number,
  of: (xs: number[]) => number = mean,
): void {
  const m = means(p, pick, of);
  const gap = Math.abs(m.ref - m.fast) / Math.max(1, Math.abs(m.fast));
  expect(gap, `${label}: fast ${m.fast.toFixed(1)}, reference ${m.ref.toFixed(1)}`).toBeLessThanOrEqual(
    relative,
  );
}

/** Assert the means (or medians) differ by at most `absolute`. */
function expectWithin(
  p: Paired,
  label: string,
  pick: (s: RunStats) => number,
  absolute: number,
  of: (xs: number[]) => number = mean,
): void {
  const m = means(p, pick, of);
  expect(
    Math.abs(m.ref - m.fast),
    `${label}: fast ${m.fast.toFixed(2)}, reference ${m.ref.toFixed(2)}`,
  ).toBeLessThanOrEqual(absolute);
}

function report(name: string, p: Paired): void {
  if (process.env['REFERENCE_REPORT'] !== '1') return;
  const rows: Array<[string, (s: RunStats) => number]> = [
    ...Object.keys(CHECKPOINTS).map(
      (k) =>
        [`online.${k}`, (s: RunStats) => s.online[k as keyof typeof CHECKPOINTS]] as [
          string,
          (s: RunStats) => number,
        ],
    ),
    ...Object.keys(CHECKPOINTS).map(
      (k) =>
        [`alive.${k}`, (s: RunStats) => s.alive[k as keyof typeof CHECKPOINTS]] as [
          string,
          (s: RunStats) => number,
        ],
    ),
    ['minOnline', (s) => s.minOnline],
    ['lateOnline', (s) => s.lateOnline],
    ['lateLogins', (s) => s.lateLogins],
    ['collapseAt', (s) => s.collapseAt],
    ['crashes', (s) => s.crashes],
    ['earlyCrashes', (s) => s.earlyCrashes],
    ['searchingEnd', (s) => s.searchingEnd],
    ['dedicatedAt3h', (s) => s.dedicatedAt3h],
    ['updatingAt3h', (s) => s.updatingAt3h],
  ];
  const lines = rows.map(([label, pick]) => {
    const m = means(p, pick);
    const md = means(p, pick, median);
    const diffs = p.ref.map((r, i) => pick(r) - pick(p.fast[i]!));
    const d = mean(diffs);
    const se = Math.sqrt(diffs.reduce((a, x) => a + (x - d) ** 2, 0) / (diffs.length - 1) / diffs.length);
    return (
      `${label.padEnd(20)} mean fast ${m.fast.toFixed(2).padStart(10)} ref ${m.ref.toFixed(2).padStart(10)}` +
      ` paired SE ${se.toFixed(2).padStart(8)} | median fast ${md.fast.toFixed(2).padStart(10)} ref ${md.ref.toFixed(2).padStart(10)}`
    );
  });
  console.log(`[${name}]\n${lines.join('\n')}`);
}

describe(`reference vs fast model: skype-2010 at ${TOTAL} clients, ${SEEDS} seeds, ${HOURS} h`, () => {
  describe('do nothing', () => {
    let p: Paired;
    beforeAll(() => {
      p = runBoth([]);
      report('do nothing', p);
    });

    it('both conserve every client at every tick', () => {
      // Exact: neither model may create or lose a client.
      expect(p.fast.map((s) => s.conservationErrors)).toEqual(p.fast.map(() => 0));
      expect(p.ref.map((s) => s.conservationErrors)).toEqual(p.ref.map(() => 0));
    });

    it('agree before the trigger', () => {
      // 0.1%: both follow the demand curve; they differ only by a few clients still searching at a tick's end.
      expectClose(p, 'online 30 min before the trigger', (s) => s.online.preTrigger, 0.001);
      // ±3 supernodes: host log-offs and promotions are the same coin flips; paired SE ≈ 0.5.
      expectWithin(p, 'supernodes alive before the trigger', (s) => s.alive.preTrigger, 3);
    });

    it('agree on the first wave', () => {
      // Medians here: the tip comes 1-3 hours after the trigger, and a seed that tips early moves a mean of
      // online by several percent (see expectClose).
      // 1%: the offline-IM queue is the same formula; the crash hazard per minute is the same rule applied per
      // client vs per cohort (median gap 0.04%).
      expectClose(p, 'online an hour into the wave', (s) => s.online.wave60, 0.01, median);
      // ±4 supernodes: host crashes are one coin per buggy host in both (paired SE ≈ 1.2-2.4).
      expectWithin(p, 'supernodes alive an hour into the wave', (s) => s.alive.wave60, 4, median);
      // 3%: 90 minutes in, more seeds are near their tip (median gap 0.1-0.6%; the means differ by 7-14% with a
      // paired SE of 5-10%).
      expectClose(p, 'online 90 min into the wave', (s) => s.online.wave90, 0.03, median);
      // ±20 minutes: when the network tips below half its normal size (paired SE ≈ 4-7 min: the tip is a
      // threshold event whose timing varies between seeds by ±25 min).
      expectWithin(p, 'collapse minute', (s) => s.collapseAt, 20);
    });

    it('agree on the trough', () => {
      // 25%: the trough is held by the ~8 robust hosts that ride out the storm, so one host more or less is 12%
      // (paired SE ≈ 6%; measured gaps 0-6%).
      expectClose(p, 'lowest online after the trigger', (s) => s.minOnline, 0.25);
      expectClose(p, 'online over the last two hours', (s) => s.lateOnline, 0.25);
      // 25%: the same few hosts, counted (paired SE ≈ 8%).
      expectClose(p, 'supernodes alive at the end', (s) => s.alive.end, 0.25);
      // 6%: logins a minute in the trough: the accept caps of the supernodes that come back from protection
      // (paired SE ≈ 2%).
      expectClose(p, 'logins per minute over the last two hours', (s) => s.lateLogins, 0.06);
      // 5%: the searching crowd is set by arrivals and give-ups, not by the few hosts (paired SE ≈ 1%).
      expectClose(p, 'searching at the end', (s) => s.searchingEnd, 0.05);
    });

    it('agree on the crash count', () => {
      // 20%: total crashes depend on how long the slow-reply window lasts, which varies with the tip time
      // (paired SE ≈ 7%; measured gap 8%).
      expectClose(p, 'total crashes', (s) => s.crashes, 0.2);
      // 20%: the same for the first two hours, before the network tips (paired SE ≈ 5%; measured gap 6%).
      expectClose(p, 'crashes in the first two hours', (s) => s.earlyCrashes, 0.2);
    });
  });

  describe('levers: shed offline IM and group video, dedicated supernodes, throttle, forced update', () => {
    let p: Paired;
    beforeAll(() => {
      p = runBoth(LEVERS);
      report('levers', p);
    });

    it('both conserve every client at every tick', () => {
      expect(p.fast.map((s) => s.conservationErrors)).toEqual(p.fast.map(() => 0));
      expect(p.ref.map((s) => s.conservationErrors)).toEqual(p.ref.map(() => 0));
    });

    it('agree while the levers hold the network up', () => {
      // 0.5%: with offline IM off the network never tips, so online is set by arrivals, log-offs, update
      // restarts and the throttle: all per-client rules (paired SE ≈ 0.1%).
      for (const k of ['wave60', 'plus4h', 'end'] as const) {
        expectClose(p, `online at ${k}`, (s) => s.online[k], 0.005);
      }
      expectClose(p, 'lowest online after the trigger', (s) => s.minOnline, 0.005);
      // 5%: supernodes updated by the rollout restart and warm up; promotions refill (paired SE ≈ 1.5%).
      expectClose(p, 'supernodes alive 4 h after the trigger', (s) => s.alive.plus4h, 0.05);
      expectClose(p, 'supernodes alive at the end', (s) => s.alive.end, 0.05);
    });

    it('agree on commands, crashes and the update queue', () => {
      // Exact: three servers are freed and all three become dedicated supernodes after their lead time.
      expect(p.fast.map((s) => s.dedicatedAt3h)).toEqual(p.fast.map(() => 3));
      expect(p.ref.map((s) => s.dedicatedAt3h)).toEqual(p.ref.map(() => 3));
      // ±150 clients: crashes happen only in the ten minutes before offline IM goes off, tens of them per run
      // (paired SE ≈ 50); the do-nothing run has ~12,000.
      expectWithin(p, 'total crashes', (s) => s.crashes, 150);
      // 3%: 0.2 Gbit/s serves 60 downloads a minute, fewer than are told, so the queue grows in both
      // (≈ 7,900 at +3 h; paired SE ≈ 0.3%).
      expectClose(p, 'updating 3 h after the trigger', (s) => s.updatingAt3h, 0.03);
    });
  });

  describe('client back-off', () => {
    // The fast model weights the kinds of the clients who log in by searching × attempts per minute (step.ts,
    // pass C): linear odds. The reference lets each attempt succeed on its own, so a client's chance in a minute
    // saturates (1 − (1 − p)^attempts). Before the weighting the gap was ≈ 0.4%; with it ≈ 0.27%.
    it('back-off clients get in about as often in both models', () => {
      const p = runBoth([...LEVERS, { atMinute: T + 90, command: { kind: 'enableClientBackoff' } }], 5);
      report('levers + back-off (5 seeds)', p);
      // 0.6%: linear vs saturating per-minute odds (above); without back-off the two agree to 0.05%. Measured
      // 0.29% before the login throttle became a queue at the supernodes, 0.47% since: in the minutes the
      // throttle binds (a host logging off orphans hundreds at once), the reference's slower back-off searchers
      // are still searching when the queue fills, the fast model's have all got through.
      expectClose(p, 'online over the last two hours', (s) => s.lateOnline, 0.006);
    });
  });

  it("the reference's own books balance", () => {
    // Every client sits in exactly the pool its state names; online clients are on their supernode's list; the
    // per-kind counters match a recount.
    const ref = references[0]!;
    const states: ClientState[] = [
      'online',
      'waiting',
      'searching',
      'crashed',
      'queued',
      'installing',
      'gone',
    ];
    for (const state of states) {
      const pool = ref.pools[state];
      pool.forEach((c, i) => {
        expect(c.state).toBe(state);
        expect(c.pos).toBe(i);
      });
      const byKind = [0, 0, 0, 0, 0];
      for (const c of pool) byKind[c.kind]!++;
      expect(ref.counts[state]).toEqual(byKind);
    }
    let attached = 0;
    for (const s of ref.supernodes) {
      attached += s.clients.length;
      for (const c of s.clients) expect(c.supernode).toBe(s.index);
    }
    expect(attached).toBe(ref.pools.online.length + ref.pools.waiting.length);
    expect(states.reduce((n, s) => n + ref.pools[s].length, 0)).toBe(ref.clients.length);
  });
});
