/**
 * Par: the best response the simulator can find for a scenario and seed, the 100 of the score.
 *
 * What is searched. A policy is decoded from 19 numbers (genes): for each lever, the minute it is pulled and
 * its amounts (spare-server share and capacity of two dedicated-supernode orders, rollout rate and bandwidth
 * of the forced update, the offline-IM scale factor, the login throttle rate and when it is lifted, client
 * back-off), and when each switched-off feature is turned back on (a feature off costs service). A time gene above 1 leaves its lever unused, so "do not pull it" is a point of the same space.
 * Times are squared onto [drill start, end]: early minutes get the finer resolution, because that is where
 * a cascade is won or lost. Par may act from the drill's first minute, as a trainee may: the briefing says the
 * fixed client exists, and forcing it out before trouble is the record's first lesson. Par does not know the
 * seed's onset any better than the drill's monitoring does: the structured starts place their commands at the
 * first sign of trouble a trainee could see (the phase leaving normal in the do-nothing run on the same seed)
 * or at the start, and the search moves them from there.
 *
 * How. Separable CMA-ES (Ros & Hansen 2008: diagonal covariance, linear cost per sample, fit for 19
 * dimensions and a few hundred evaluations) with IPOP restarts from the best point, started from structured
 * guesses (nothing; everything at the first sign; each lever alone at the first sign; the forced update from
 * the start; the expert policies of the tests), then a greedy pruning
 * pass that drops levers whose removal does not make the loss worse. Evaluations run on a proxy: the same
 * scenario shrunk to about 245k peak users (1/100 of skype-2010), the smallest size at which the 2010
 * response behaves as at full scale (docs/scoring.md has the table), on the same seed. The two best distinct
 * policies are then traced at full scale, with do-nothing and the 2010 response; par is the one with the
 * lowest loss there. The search is seeded and its evaluations are batched, so a caller can spread each batch
 * over threads without changing the result.
 */
import { parsePolicy, type Policy } from '../levers/index';
import type { ModelCommand } from '../model/index';
import { seedRng, nextFloat } from '../model/rng';
import { scaleScenario, seededPolicyEntries } from '../scenario/index';
import type { Scenario } from '../scenario/schema';
import { firstSignMinute, lossOf, SCORE_VERSION, USER_MINUTES_PER_USD } from './score';
import { policyFileEntry, tracePolicy, type RunTrace } from './trace';

/** Bump when the search or its encoding changes: cached results carry it. */
export const PAR_VERSION = 6;

/** Peak users of the proxy the search evaluates on (see the module comment). */
export const PROXY_PEAK_ONLINE = 245_000;

/** A runner-up goes to the full-scale final only if its proxy loss is within this factor of the best's. */
export const FINALIST_WITHIN = 1.25;

/** Default number of proxy evaluations. */
export const DEFAULT_BUDGET = 150;

/** Work units of one full-scale traced run, for progress (a proxy evaluation is one unit). */
export const FULL_RUN_UNITS = 40;

/** Gene names, in order (docs/scoring.md explains each range). */
export const GENES = [
  'offlineImOff.time',
  'groupVideoOff.time',
  'dedicatedA.time',
  'dedicatedA.share',
  'dedicatedA.capacity',
  'dedicatedB.time',
  'dedicatedB.share',
  'dedicatedB.capacity',
  'forceUpdate.time',
  'forceUpdate.rate',
  'forceUpdate.bandwidth',
  'scaleOfflineIm.time',
  'scaleOfflineIm.factor',
  'throttle.time',
  'throttle.rate',
  'throttle.lift',
  'backoff.time',
  'offlineImOff.until',
  'groupVideoOff.until',
] as const;
const N = GENES.length;
const TIME_GENES = new Set([0, 1, 2, 5, 8, 11, 13, 16]);
/** A time gene above this leaves its lever unused. */
const OFF = 1;
const TIME_MAX = 1.2;
const OFF_VALUE = 1.1;
/**
 * What a pruning step may give up for a simpler policy (see the pruning pass): 2% of the loss, or 0.05 of a
 * headline point (the span from doing nothing to the best found is 100 points), whichever is larger.
 */
const PRUNE_TOLERANCE = 0.02;
const PRUNE_HEADLINE_POINTS = 0.05;

/** The loss a simpler policy may add over `best` and still be preferred. */
export function simplerWithin(best: number, doNothing: number): number {
  return Math.max(best * PRUNE_TOLERANCE, ((doNothing - best) * PRUNE_HEADLINE_POINTS) / 100);
}

/** Where and when a search may act. */
export interface ParProblem {
  /** The scenario par is for (full scale). */
  scenario: Scenario;
  /** The scenario the search evaluates on. */
  proxy: Scenario;
  proxyScale: number;
  /** Earliest minute a command may be issued: the drill's start. */
  earliest: number;
  /** The first sign of trouble in the do-nothing run (where the structured starts act). */
  firstSign: number;
  horizon: number;
}

/** Proxy scale for a scenario: shrink to PROXY_PEAK_ONLINE, never grow. */
export function proxyScaleFor(scenario: Scenario): number {
  return Math.min(1, PROXY_PEAK_ONLINE / scenario.model.population.peakOnline);
}

/** The search problem for a scenario, given the first sign of trouble (null: none, the starts act at minute 0). */
export function parProblem(scenario: Scenario, firstSign: number | null): ParProblem {
  return {
    scenario,
    proxy: proxyScenario(scenario),
    proxyScale: proxyScaleFor(scenario),
    earliest: 0,
    firstSign: firstSign ?? 0,
    horizon: scenario.model.durationMinutes,
  };
}

/** The time gene that decodes to `minute` (the inverse of decodeGenome's squared mapping). */
export function timeGene(problem: Pick<ParProblem, 'scenario' | 'earliest'>, minute: number): number {
  const span = Math.max(1, problem.scenario.model.durationMinutes - 1 - problem.earliest);
  return Math.sqrt(Math.max(0, Math.min(1, (minute - problem.earliest) / span)));
}

const clamp = (x: number, lo: number, hi: number) => (x < lo ? lo : x > hi ? hi : x);
const logRange = (g: number, lo: number, hi: number) => lo * (hi / lo) ** clamp(g, 0, 1);

/**
 * Decode genes into a policy for `target` (the proxy or the full scenario: amounts follow its size, so the
 * same genes mean the same response at any scale). Commands are in minute order.
 */
export function decodeGenome(g: readonly number[], target: Scenario, earliest: number): Policy {
  const m = target.model;
  const end = m.durationMinutes - 1;
  const span = Math.max(0, end - earliest);
  const at = (x: number): number | null =>
    x > OFF ? null : earliest + Math.round(clamp(x, 0, 1) ** 2 * span);
  const out: Array<{ atMinute: number; command: ModelCommand }> = [];
  const d = m.dedicated;
  const lead = m.levers.disableLeadMinutes;
  const omOff = at(g[0]!);
  const gvOff = at(g[1]!);
  // A switched-off feature may come back on later: like the throttle's lift, a gene above OFF keeps it off.
  const backOn = (off: number | null, gene: number): number | null => {
    if (off === null || gene > OFF) return null;
    const from = off + lead + 10;
    const on = from + Math.round(clamp(gene, 0, 1) ** 2 * Math.max(0, end - from));
    return on <= end ? on : null;
  };
  const omOn = backOn(omOff, g[17]!);
  const gvOn = backOn(gvOff, g[18]!);
  if (omOff !== null)
    out.push({ atMinute: omOff, command: { kind: 'disableFeature', feature: 'offlineIm', disabled: true } });
  if (gvOff !== null)
    out.push({ atMinute: gvOff, command: { kind: 'disableFeature', feature: 'groupVideo', disabled: true } });
  // The lever check counts freed servers once the switch-off has taken effect before the order's minute
  // and until the feature is asked back on.
  const freed = (off: number | null, on: number | null, t: number) =>
    off !== null && off + lead < t && (on === null || t < on);
  const poolAt = (t: number) =>
    d.poolServers +
    (freed(gvOff, gvOn, t) ? d.groupVideoServers : 0) +
    (freed(omOff, omOn, t) ? d.offlineImServers : 0);
  const orders = [
    { t: at(g[2]!), share: g[3]!, cap: g[4]! },
    { t: at(g[5]!), share: g[6]!, cap: g[7]! },
  ]
    .filter((o): o is { t: number; share: number; cap: number } => o.t !== null)
    .sort((a, b) => a.t - b.t);
  let used = 0;
  for (const o of orders) {
    const free = poolAt(o.t) - used;
    const count = Math.min(free, Math.round(clamp(o.share, 0, 1) * free));
    if (count < 1) continue;
    used += count;
    const capacity = Math.round(logRange(o.cap, 1000, d.maxCapacity));
    out.push({ atMinute: o.t, command: { kind: 'spinUpSupernodes', count, capacity } });
  }
  const fu = at(g[8]!);
  if (fu !== null)
    out.push({
      atMinute: fu,
      command: {
        kind: 'forceUpdate',
        targetVersion: m.update.fixedVersion,
        rolloutPercentPerHour: Math.round(logRange(g[9]!, 5, 100)),
        bandwidthGbps: Math.round(logRange(g[10]!, 10, m.update.maxBandwidthGbps)),
      },
    });
  const sc = at(g[11]!);
  if (sc !== null)
    out.push({
      atMinute: sc,
      command: {
        kind: 'scaleOfflineMessaging',
        factor: Math.floor(logRange(g[12]!, 1.01, m.offlineIm.maxScale) * 100) / 100,
      },
    });
  const th = at(g[13]!);
  if (th !== null) {
    const perMinute = Math.max(1000, Math.round(logRange(g[14]!, 0.003, 0.05) * m.population.peakOnline));
    out.push({ atMinute: th, command: { kind: 'throttleLogins', perMinute } });
    if (g[15]! <= OFF) {
      const from = th + 10;
      const lift = from + Math.round(clamp(g[15]!, 0, 1) ** 2 * Math.max(0, end - from));
      if (lift <= end) out.push({ atMinute: lift, command: { kind: 'throttleLogins', perMinute: null } });
    }
  }
  const bo = at(g[16]!);
  if (bo !== null) out.push({ atMinute: bo, command: { kind: 'enableClientBackoff' } });
  if (omOn !== null)
    out.push({ atMinute: omOn, command: { kind: 'disableFeature', feature: 'offlineIm', disabled: false } });
  if (gvOn !== null)
    out.push({ atMinute: gvOn, command: { kind: 'disableFeature', feature: 'groupVideo', disabled: false } });
  // Stable by minute: same-minute order is the order above (switch-offs before orders).
  return out
    .map((x, i) => ({ x, i }))
    .sort((a, b) => a.x.atMinute - b.x.atMinute || a.i - b.i)
    .map((y) => y.x);
}

/** A policy in the policy-file format (what `npm run sim -- --policy FILE` reads). */
export function policyFile(policy: Policy): Array<Record<string, unknown>> {
  return policy.map((e) => policyFileEntry(e.atMinute, e.command));
}

/**
 * The loss a search minimises: the score's own loss (`lossOf`) over the whole horizon, of the policy traced by
 * the same drill host and log player that trace scored sessions (`tracePolicy`). With `stopAbove`, a run whose
 * loss passes it is stopped there (the loss only grows, so it cannot come back under): its value is then the
 * loss so far stretched to the horizon, above `stopAbove` and used only to rank clearly worse candidates.
 */
export function policyLoss(
  scenario: Scenario,
  seed: number,
  policy: Policy,
  stopAbove: number | null = null,
): number {
  return policyEvaluation(scenario, seed, policy, stopAbove).loss;
}

/** `policyLoss` with the minutes the run went before it stopped (the horizon when it was not stopped). */
export function policyEvaluation(
  scenario: Scenario,
  seed: number,
  policy: Policy,
  stopAbove: number | null = null,
): { loss: number; minutes: number } {
  const horizon = scenario.model.durationMinutes;
  const limit = stopAbove ?? Number.POSITIVE_INFINITY;
  const t = tracePolicy(scenario, seed, policy, {
    stopWhen: (r) => r.userMinutesLost + r.costUsd * USER_MINUTES_PER_USD > limit,
  });
  const n = t.rows.length;
  const loss = lossOf(t.rows, n);
  return { loss: n >= horizon ? loss : (loss * horizon) / Math.max(1, n), minutes: n };
}

/**
 * A candidate whose loss passes this multiple of the best found so far is stopped early: it is clearly worse
 * (two doublings), and CMA-ES only needs its rank, which the stretched partial loss keeps among the worst.
 */
export const STOP_ABOVE_BEST = 4;

/** The proxy scenario the search evaluates on. */
export function proxyScenario(scenario: Scenario): Scenario {
  const f = proxyScaleFor(scenario);
  return f < 1 ? scaleScenario(scenario, f) : scenario;
}

/** A runner that does everything on the calling thread (tests, small scenarios, no threads available). */
export function inlineRunner(scenario: Scenario, seed: number): ParRunner {
  const proxy = proxyScenario(scenario);
  return {
    // Through the policy-file format, as the worker threads receive them, so both runners agree bit for bit.
    evaluate: (policies, stopAbove = null) =>
      Promise.resolve(policies.map((p) => policyLoss(proxy, seed, parsePolicy(policyFile(p)), stopAbove))),
    trace: (policies) =>
      Promise.resolve(policies.map((p) => tracePolicy(scenario, seed, parsePolicy(policyFile(p))))),
  };
}

/** Genes with every lever off (the do-nothing point). */
export function offGenome(): number[] {
  const g = new Array<number>(N).fill(0.5);
  for (const i of TIME_GENES) g[i] = OFF_VALUE;
  // Features switched off stay off unless a search turns them back on.
  g[17] = OFF_VALUE;
  g[18] = OFF_VALUE;
  return g;
}

/**
 * The structured starting points: nothing, everything at the first sign, each lever alone at the first sign,
 * the forced update from the start, and the expert policies. `sign` is the time gene of the first sign
 * (`timeGene`; 0 puts everything at the drill's start).
 */
export function structuredGenomes(sign = 0): number[][] {
  // Everything at the first sign; the second order a little later (about 2% of the horizon), once the
  // switched-off features' servers are free.
  const s = sign;
  const later = Math.sqrt(s * s + 0.0225);
  const all = [s, s, s, 1, 0.3, later, 1, 0.3, s, 1, 1, s, 0.5, s, 0.5, 0.5, s, 0.3, 0.3];
  const out: number[][] = [offGenome(), all];
  const levers: number[][] = [
    [0],
    [1],
    [2, 3, 4],
    [8, 9, 10],
    [11, 12],
    [13, 14, 15],
    [16],
    [0, 1, 2, 3, 4, 5, 6, 7],
    // Shed offline IM at the first sign, update the clients, and turn it back on once they run the fix.
    [0, 8, 9, 10, 17],
  ];
  for (const genes of levers) {
    const g = offGenome();
    for (const i of genes) g[i] = all[i]!;
    out.push(g);
  }
  // What careful operators would try first (the expert policies of sim-core/test/experts.test.ts), so the
  // search starts from them and par is never worse than them on the proxy:
  const expert = (set: Record<number, number>) => {
    const g = offGenome();
    for (const [i, v] of Object.entries(set)) g[Number(i)] = v;
    return g;
  };
  out.push(
    // shed offline IM, scale its cluster about ×3, switch it back on about three hours later;
    expert({ 0: s, 11: s, 12: 0.475, 17: 0.25 }),
    // shed offline IM and group video, every freed server a mega-supernode at the largest load;
    expert({ 0: s, 1: s, 2: later, 3: 1, 4: 1 }),
    // shed offline IM, force the update at a pace the update servers can carry, offline IM back after ~6 h;
    expert({ 0: s, 8: s, 9: 0.46, 10: 0.667, 17: 0.35 }),
    // force the fixed client out from the start at about 25% an hour on all the bandwidth there is (the
    // record's lesson), and the same at about 10% an hour on half of it.
    expert({ 8: 0, 9: 0.537, 10: 1 }),
    expert({ 8: 0, 9: 0.23, 10: 0.7 }),
  );
  return out;
}

/**
 * What a search asks its caller to evaluate: a batch of proxy policies, answered with their losses (`policyLoss`;
 * a run passing `stopAbove` may be stopped there).
 */
export type EvaluateBatch = (policies: Policy[], stopAbove?: number | null) => Promise<number[]>;

/** Progress of a par computation in work units (a proxy evaluation is 1; a full-scale run FULL_RUN_UNITS). */
export interface ParProgress {
  stage: 'baselines' | 'search' | 'finalists' | 'done';
  done: number;
  total: number;
  bestLoss: number | null;
}

export interface SearchOptions {
  /** Proxy evaluations (at least the structured starts). */
  budget: number;
  seed: number;
  evaluate: EvaluateBatch;
  onEvaluated?: (done: number, bestLoss: number) => void;
}

export interface SearchResult {
  best: { genome: number[]; loss: number };
  /** The best distinct proxy candidates, best first (distinct as full-scale policies). */
  finalists: Array<{ genome: number[]; loss: number }>;
  evaluations: number;
  restarts: number;
  /** Best proxy loss after each batch. */
  trajectory: number[];
}

/** Standard normal deviates from the seeded generator (Box–Muller). */
function gaussian(rng: Uint32Array): number {
  let u = nextFloat(rng);
  while (u <= 1e-12) u = nextFloat(rng);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * nextFloat(rng));
}

function bounds(i: number): [number, number] {
  return TIME_GENES.has(i) ? [0, TIME_MAX] : [0, 1];
}

/** Run the search on the proxy. Deterministic for a problem, seed, budget and evaluator. */
export async function searchPar(problem: ParProblem, opts: SearchOptions): Promise<SearchResult> {
  const rng = new Uint32Array(4);
  seedRng(rng, (opts.seed ^ 0x5eed_ca5c) | 0);
  const seen = new Map<string, number>();
  const archive: Array<{ genome: number[]; loss: number; key: string }> = [];
  let evaluations = 0;
  const trajectory: number[] = [];
  let best = { genome: offGenome(), loss: Number.POSITIVE_INFINITY };

  const fullKey = (g: readonly number[]) =>
    JSON.stringify(policyFile(decodeGenome(g, problem.scenario, problem.earliest)));

  /** Evaluate genomes (memoised by the proxy policy they decode to); returns their losses. */
  async function evalAll(genomes: number[][], stopAbove: number | null = null): Promise<number[]> {
    const policies = genomes.map((g) => decodeGenome(g, problem.proxy, problem.earliest));
    const keys = policies.map((p) => JSON.stringify(policyFile(p)));
    const todo: number[] = [];
    const batchKeys = new Set<string>();
    keys.forEach((k, i) => {
      if (!seen.has(k) && !batchKeys.has(k)) {
        batchKeys.add(k);
        todo.push(i);
      }
    });
    const room = Math.max(0, opts.budget - evaluations);
    const run = todo.slice(0, room);
    if (run.length > 0) {
      const losses = await opts.evaluate(
        run.map((i) => policies[i]!),
        stopAbove,
      );
      run.forEach((i, j) => seen.set(keys[i]!, losses[j]!));
      evaluations += run.length;
    }
    const out = genomes.map((g, i) => {
      const loss = seen.get(keys[i]!) ?? Number.POSITIVE_INFINITY;
      if (Number.isFinite(loss)) {
        const key = fullKey(g);
        if (!archive.some((a) => a.key === key)) archive.push({ genome: [...g], loss, key });
        if (loss < best.loss) best = { genome: [...g], loss };
      }
      return loss;
    });
    trajectory.push(best.loss);
    opts.onEvaluated?.(evaluations, best.loss);
    return out;
  }

  // The first structured start is the do-nothing point: its loss sets the scale of a headline point.
  const noneLoss = (await evalAll(structuredGenomes(timeGene(problem, problem.firstSign))))[0]!;

  // sep-CMA-ES with IPOP restarts from the best point so far.
  let restarts = 0;
  let lambda = 4 + Math.floor(3 * Math.log(N));
  const sigma0 = 0.3;
  const pruneReserve = 2 * TIME_GENES.size;
  // A generation runs only if a whole batch fits and the pruning pass keeps its reserve.
  while (opts.budget - evaluations >= lambda + pruneReserve) {
    const mu = Math.floor(lambda / 2);
    const wRaw = Array.from({ length: mu }, (_, i) => Math.log(mu + 0.5) - Math.log(i + 1));
    const wSum = wRaw.reduce((a, b) => a + b, 0);
    const w = wRaw.map((x) => x / wSum);
    const muEff = 1 / w.reduce((a, b) => a + b * b, 0);
    const cs = (muEff + 2) / (N + muEff + 5);
    const ds = 1 + 2 * Math.max(0, Math.sqrt((muEff - 1) / (N + 1)) - 1) + cs;
    const cc = (4 + muEff / N) / (N + 4 + (2 * muEff) / N);
    const sepFactor = (N + 2) / 3;
    const c1 = Math.min(1, (sepFactor * 2) / ((N + 1.3) ** 2 + muEff));
    const cmu = Math.min(1 - c1, (sepFactor * 2 * (muEff - 2 + 1 / muEff)) / ((N + 2) ** 2 + muEff));
    const chiN = Math.sqrt(N) * (1 - 1 / (4 * N) + 1 / (21 * N * N));
    let mean = [...best.genome];
    let sigma = sigma0;
    const diag = new Array<number>(N).fill(1);
    const pc = new Array<number>(N).fill(0);
    const ps = new Array<number>(N).fill(0);
    let stale = 0;
    let genBest = best.loss;
    for (let gen = 0; opts.budget - evaluations >= lambda + pruneReserve; gen++) {
      const zs: number[][] = [];
      const xs: number[][] = [];
      for (let k = 0; k < lambda; k++) {
        const z = Array.from({ length: N }, () => gaussian(rng));
        const x = mean.map((m, i) => {
          const [lo, hi] = bounds(i);
          return clamp(m + sigma * Math.sqrt(diag[i]!) * z[i]!, lo, hi);
        });
        // Repair: the sample the update learns from is the one evaluated (inside the bounds).
        zs.push(x.map((xi, i) => (xi - mean[i]!) / (sigma * Math.sqrt(diag[i]!))));
        xs.push(x);
      }
      const losses = await evalAll(xs, best.loss * STOP_ABOVE_BEST);
      const order = losses
        .map((l, i) => ({ l, i }))
        .sort((a, b) => a.l - b.l)
        .map((o) => o.i);
      const old = mean;
      mean = Array.from({ length: N }, (_, i) => {
        let s = 0;
        for (let j = 0; j < mu; j++) s += w[j]! * xs[order[j]!]![i]!;
        return s;
      });
      const zMean = Array.from({ length: N }, (_, i) => {
        let s = 0;
        for (let j = 0; j < mu; j++) s += w[j]! * zs[order[j]!]![i]!;
        return s;
      });
      let psNorm = 0;
      for (let i = 0; i < N; i++) {
        ps[i] = (1 - cs) * ps[i]! + Math.sqrt(cs * (2 - cs) * muEff) * zMean[i]!;
        psNorm += ps[i]! ** 2;
      }
      psNorm = Math.sqrt(psNorm);
      const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (gen + 1))) / chiN < 1.4 + 2 / (N + 1) ? 1 : 0;
      for (let i = 0; i < N; i++) {
        const y = (mean[i]! - old[i]!) / sigma;
        pc[i] = (1 - cc) * pc[i]! + hsig * Math.sqrt(cc * (2 - cc) * muEff) * y;
        let rankMu = 0;
        for (let j = 0; j < mu; j++) {
          const yj = (xs[order[j]!]![i]! - old[i]!) / sigma;
          rankMu += w[j]! * yj * yj;
        }
        diag[i] =
          (1 - c1 - cmu) * diag[i]! +
          c1 * (pc[i]! ** 2 + (1 - hsig) * cc * (2 - cc) * diag[i]!) +
          cmu * rankMu;
        diag[i] = clamp(diag[i]!, 1e-8, 4);
      }
      sigma *= Math.exp((cs / ds) * (psNorm / chiN - 1));
      sigma = Math.min(sigma, 1);
      if (best.loss < genBest) {
        genBest = best.loss;
        stale = 0;
      } else stale++;
      const spread = sigma * Math.sqrt(Math.max(...diag));
      if (stale >= 6 || spread < 1e-3) break;
    }
    restarts++;
    lambda *= 2;
  }

  // Pruning: drop levers that do not earn their place. Any change to a policy changes the random path of the
  // run, so a lever that does nothing still moves the loss a little either way; a removal that costs less
  // than `simplerWithin` is kept, so par names only the levers that matter.
  for (let round = 0; round < 4 && evaluations < opts.budget; round++) {
    const tries: number[][] = [];
    for (const i of TIME_GENES)
      if (best.genome[i]! <= OFF) {
        const g = [...best.genome];
        g[i] = OFF_VALUE;
        tries.push(g);
      }
    if (tries.length === 0) break;
    // A removal that costs more than the tolerance is rejected, so its run may stop once past it.
    const tolerance = best.loss + simplerWithin(best.loss, noneLoss);
    const losses = await evalAll(tries, tolerance);
    let pick = -1;
    losses.forEach((l, j) => {
      if (l <= tolerance && (pick < 0 || l < losses[pick]!)) pick = j;
    });
    if (pick < 0) break;
    best = { genome: tries[pick]!, loss: losses[pick]! };
  }
  const bestKey = fullKey(best.genome);

  // The pruned best first, then the best other distinct policy.
  const others = archive.filter((a) => a.key !== bestKey).sort((a, b) => a.loss - b.loss);
  const finalists = [{ genome: best.genome, loss: best.loss }, ...others.slice(0, 1)];
  return {
    best,
    finalists: finalists.map(({ genome, loss }) => ({ genome, loss })),
    evaluations,
    restarts,
    trajectory,
  };
}

/** Runs full-scale traces and proxy evaluations for a par computation (threads in the CLI, in-line in tests). */
export interface ParRunner {
  evaluate: EvaluateBatch;
  /** Trace policies on the full scenario over the whole horizon. */
  trace(policies: Policy[]): Promise<RunTrace[]>;
}

/** Everything a par computation found: the policy, its provenance, and the three full-scale traces. */
export interface ParResult {
  version: { par: number; score: number };
  scenario: { id: string; version: number };
  seed: number;
  modelVersion: string;
  budget: number;
  proxyScale: number;
  earliestMinute: number;
  /** The par policy in the policy-file format. */
  policy: Array<Record<string, unknown>>;
  /** Where par came from: the search, or (if the search never beat it at full scale) the 2010 response. */
  source: 'search' | 'historical' | 'doNothing';
  search: { evaluations: number; restarts: number; bestProxyLoss: number; trajectory: number[] };
  /** Full-scale loss of each finalist, in order. */
  finalistLosses: number[];
  traces: { doNothing: RunTrace; historical: RunTrace | null; par: RunTrace };
}

/**
 * Compute par for a scenario and seed: baselines at full scale, search on the proxy, finalists at full scale.
 * `modelVersion` is passed in (it is computed once by the caller that keys the cache).
 */
export async function computePar(
  scenario: Scenario,
  seed: number,
  runner: ParRunner,
  opts: { budget?: number; modelVersion: string; onProgress?: (p: ParProgress) => void },
): Promise<ParResult> {
  const budget = Math.max(structuredGenomes().length + 4, opts.budget ?? DEFAULT_BUDGET);
  const historical = scenario.policies['historical']
    ? parsePolicy(seededPolicyEntries(scenario, 'historical', seed))
    : null;
  const total = budget + FULL_RUN_UNITS * ((historical ? 2 : 1) + 2);
  let done = 0;
  const report = (stage: ParProgress['stage'], bestLoss: number | null) =>
    opts.onProgress?.({ stage, done, total, bestLoss });
  report('baselines', null);
  // The search needs only doing nothing's first sign: the 2010 baseline runs beside it, on the pool's next
  // free worker.
  const histTrace = historical ? runner.trace([historical]) : null;
  const doNothing = (await runner.trace([[]]))[0]!;
  done += FULL_RUN_UNITS * (historical ? 2 : 1);
  report('search', null);
  const problem = parProblem(scenario, firstSignMinute(doNothing));
  const found = await searchPar(problem, {
    budget,
    seed,
    evaluate: runner.evaluate,
    onEvaluated: (n, bestLoss) => {
      done = FULL_RUN_UNITS * (historical ? 2 : 1) + n;
      report('search', bestLoss);
    },
  });
  done = FULL_RUN_UNITS * (historical ? 2 : 1) + budget;
  report('finalists', found.best.loss);
  // A runner-up is traced at full scale only if it came close on the proxy: the proxy ranks policies well
  // apart the way full scale does (docs/scoring.md), so a distant one would only cost a full-scale run.
  const finalists = found.finalists.filter((f, i) => i === 0 || f.loss <= found.best.loss * FINALIST_WITHIN);
  const finalPolicies = finalists.map((f) => decodeGenome(f.genome, scenario, problem.earliest));
  const [finalTraces, histDone] = await Promise.all([runner.trace(finalPolicies), histTrace]);
  const hist = histDone ? histDone[0]! : null;
  done = total;
  const horizon = scenario.model.durationMinutes;
  const candidates: Array<{ source: ParResult['source']; policy: Policy; trace: RunTrace }> = [
    ...finalTraces.map((trace, i) => ({ source: 'search' as const, policy: finalPolicies[i]!, trace })),
    ...(hist && historical ? [{ source: 'historical' as const, policy: historical, trace: hist }] : []),
    { source: 'doNothing', policy: [], trace: doNothing },
  ];
  const lossOfTrace = (t: RunTrace) => lossOf(t.rows, Math.min(horizon, t.rows.length));
  let pick = candidates[0]!;
  for (const c of candidates) if (lossOfTrace(c.trace) < lossOfTrace(pick.trace)) pick = c;
  // The pruned best (first) wins a near tie: the same tolerance that pruning used, for the same reason.
  const best = lossOfTrace(pick.trace);
  if (lossOfTrace(candidates[0]!.trace) <= best + simplerWithin(best, lossOfTrace(doNothing)))
    pick = candidates[0]!;
  report('done', found.best.loss);
  return {
    version: { par: PAR_VERSION, score: SCORE_VERSION },
    scenario: { id: scenario.id, version: scenario.version },
    seed,
    modelVersion: opts.modelVersion,
    budget,
    proxyScale: problem.proxyScale,
    earliestMinute: problem.earliest,
    policy: policyFile(pick.policy),
    source: pick.source,
    search: {
      evaluations: found.evaluations,
      restarts: found.restarts,
      bestProxyLoss: found.best.loss,
      trajectory: found.trajectory,
    },
    finalistLosses: finalTraces.map(lossOfTrace),
    traces: { doNothing, historical: hist, par: pick.trace },
  };
}
