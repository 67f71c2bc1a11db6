/**
 * The score of a run: how much of the loss that doing nothing would have caused the trainee avoided, measured
 * against the best policy the simulator found (par), on the same scenario and seed, over the scenario's whole
 * scoring window (its horizon) however early the drill itself ended.
 *
 *   loss(run)  = user-minutes of service lost + cost in USD × USER_MINUTES_PER_USD, over the scoring window
 *   headline   = 100 × ln(loss(do nothing) / loss(run)) / ln(loss(do nothing) / loss(par)),  clamped to [0, 100]
 *
 * Why a log-ratio scale. Losses span orders of magnitude (on skype-2010 doing nothing loses about 200 times
 * what par loses), so a linear scale puts every run that avoids the collapse at 90–100 however much it wastes.
 * On the log scale every halving of the loss is worth the same number of points,
 * `pointsPerDoubling = 100 × ln 2 / ln(loss(do nothing) / loss(par))` (about 13 when doing nothing loses 200×
 * par), so two runs whose losses differ 2× are that far apart anywhere on the scale. Doing nothing scores 0 and
 * par 100 by construction; the 2010 response is shown on the same scale. A run better than par is clamped to
 * 100 with a note (the optimiser missed something); one worse than doing nothing is clamped to 0 with a note.
 *
 * One horizon. A drill that ended before the horizon is scored as if it went on with its standing orders and no
 * new commands (`traceLog` with `toHorizon`); an explanation line says so and what those minutes cost.
 *
 * Everything else on the score card (the grade's comparison with the 2010 response, costs split by item, time
 * to first effective action, the explanation list, the per-decision review) is read from the traces, never
 * estimated.
 */
import type { Scenario } from '../scenario/schema';
import { roleWords } from '../levers/words';
import { clockOf } from '../timeline/index';
import type { Phase } from '../timeline/index';
import type { Decision, RunTrace, TraceRow } from './trace';

/** Bump when the loss or the headline formula changes: cached par results carry it. */
export const SCORE_VERSION = 3;

/**
 * The exchange rate between money and lost service: one USD of response cost weighs as much as this many
 * user-minutes lost. A user-hour of service at $0.10 is an assumption (docs/scoring.md): about 20 times Skype's
 * 2010 revenue per online user-hour, for the goodwill an outage costs; high enough that buying everything at
 * minute 0 (about $300k) weighs more than twelve million users restarting once for the fix, low enough that the
 * whole 2010 bill (about $42k) weighs a fraction of a percent of what was lost. (Version 2 used $1 per
 * user-hour: any waste then cost less than the fix's restarts, and buying everything graded A.)
 */
export const USER_MINUTES_PER_USD = 600;

/**
 * Grade bands on the headline, in doublings of the loss from par: at `pointsPerDoubling` ≈ 13 an A is within
 * about 1.7× par's loss, a B within 3.7×, a C within 11×, a D within 50× (docs/scoring.md). The meanings say
 * where a run stands between doing nothing and par on that scale; how it stands against the 2010 response is
 * computed from the losses (`versusHistorical`), never implied by the band.
 */
export const GRADES: ReadonlyArray<{ grade: string; atLeast: number; meaning: string }> = [
  { grade: 'A', atLeast: 90, meaning: 'at or near par' },
  { grade: 'B', atLeast: 75, meaning: 'most of the way from doing nothing to par' },
  { grade: 'C', atLeast: 55, meaning: 'past half-way from doing nothing to par' },
  { grade: 'D', atLeast: 30, meaning: 'some of the way from doing nothing to par' },
  {
    grade: 'F',
    atLeast: Number.NEGATIVE_INFINITY,
    meaning: 'under a third of the way from doing nothing to par',
  },
];

/**
 * Two losses within this factor of each other are "about as good": 1.25 is a third of a doubling, a few
 * headline points, less than the spread between seeds of one policy (docs/scoring.md).
 */
export const ABOUT_THE_SAME = 1.25;

/** Cost of a run split by item, from the model's own cost rules. */
export interface CostBreakdown {
  totalUsd: number;
  /** Dedicated supernode servers, provisioning or serving. */
  serverHours: number;
  serverUsd: number;
  /** Forced-update downloads. */
  updateTB: number;
  updateUsd: number;
  /** Extra offline-IM capacity (the rest of the model's cost). */
  offlineImUsd: number;
}

/** The measures of one run over the scored horizon. */
export interface RunMeasures {
  userMinutesLost: number;
  cost: CostBreakdown;
  /** The quantity the headline compares: user-minutes + USD × USER_MINUTES_PER_USD. */
  loss: number;
  /** Headline on the 0–100 scale, before clamping. */
  rawScore: number;
}

/** One line of the explanation list: a loss or a cost tied to named facts of the run. */
export interface Explanation {
  kind: 'grade' | 'horizon' | 'loss' | 'recovery' | 'firstAction' | 'lever' | 'cost' | 'refused' | 'feature';
  text: string;
  fromMinute: number | null;
  toMinute: number | null;
  /** User-minutes the line accounts for (losses), for ordering and charts. */
  userMinutes: number | null;
}

/** What a trainee could see on the console at the minute of a decision. */
export interface DecisionReview extends Decision {
  clock: string;
  /** Metrics of the last completed minute (null for decisions before the first tick). */
  saw: {
    phase: Phase;
    onlinePctOfNormal: number;
    online: number;
    expectedOnline: number;
    omLatencyMs: number;
    omEnabled: boolean;
    supernodesAlivePct: number;
    crashed: number;
    searching: number;
    dedicatedSupernodes: number;
  } | null;
  /** Inject ids that had reached the room before the decision. */
  injectsSeen: string[];
  /** What par had done by the same minute, in words. */
  parByThen: string[];
  text: string;
}

/** The score card of a run. */
export interface Score {
  version: number;
  scenario: { id: string; version: number };
  seed: number;
  /** Minutes scored: the scenario's whole scoring window. */
  minutes: number;
  /** Minutes the drill itself ran; the rest of the window played out its standing orders. */
  drillMinutes: number;
  headline: number;
  grade: string;
  /** The grade band's meaning and, from the losses, how the run stands against the 2010 response. */
  gradeMeaning: string;
  /** Headline points one doubling of the loss is worth on this scale (see the module comment). */
  pointsPerDoubling: number;
  /** The run's loss against the 2010 response's (null: the scenario has no historical policy). */
  versusHistorical: 'better' | 'aboutTheSame' | 'worse' | null;
  notes: string[];
  run: RunMeasures;
  doNothing: RunMeasures;
  historical: (RunMeasures & { headline: number }) | null;
  par: RunMeasures;
  timeToFirstEffectiveAction: {
    /** First minute the phase left normal (in this run; else in the do-nothing run). */
    firstSignMinute: number | null;
    /** First minute an accepted command took effect. */
    firstEffectMinute: number | null;
    minutes: number | null;
    par: number | null;
  };
  explanations: Explanation[];
  review: DecisionReview[];
}

/** Whether there is anything to score: par must do better than doing nothing over the scored minutes. */
function scorable(doNothingLoss: number, parLoss: number): boolean {
  return doNothingLoss - parLoss > 0;
}

/** Whether a score card has a score (else it says there is nothing to score yet, and it is not saved). */
export function hasScore(score: Pick<Score, 'doNothing' | 'par'>): boolean {
  return scorable(score.doNothing.loss, score.par.loss);
}

/** The three runs a score compares against, traced on the same scenario and seed. */
export interface Baselines {
  doNothing: RunTrace;
  historical: RunTrace | null;
  par: RunTrace;
}

/** A score that cannot be computed (baselines that do not fit the run). */
export class ScoreError extends Error {
  override name = 'ScoreError';
}

/** Cost split of the first `minutes` of a trace. */
export function costBreakdown(scenario: Scenario, rows: readonly TraceRow[], minutes: number): CostBreakdown {
  const p = scenario.model;
  let serverMinutes = 0;
  let updates = 0;
  for (let i = 0; i < minutes; i++) {
    const r = rows[i]!;
    serverMinutes += r.dedicatedSupernodes + r.dedicatedProvisioning;
    updates += r.updatesCompletedThisTick;
  }
  const last = minutes > 0 ? rows[minutes - 1]! : null;
  const totalUsd = last ? last.costUsd : 0;
  const serverHours = serverMinutes / 60;
  // The model's own accounting splits its cost (prices written once, in the model).
  const serverUsd = last ? last.serverCostUsd : 0;
  const updateTB = (updates * p.update.packageMB) / 1e6;
  const updateUsd = last ? last.updateCostUsd : 0;
  return {
    totalUsd,
    serverHours,
    serverUsd,
    updateTB,
    updateUsd,
    offlineImUsd: Math.max(0, totalUsd - serverUsd - updateUsd),
  };
}

/** The compared loss of the first `minutes` of a trace. */
export function lossOf(rows: readonly TraceRow[], minutes: number): number {
  if (minutes <= 0) return 0;
  const r = rows[minutes - 1]!;
  return r.userMinutesLost + r.costUsd * USER_MINUTES_PER_USD;
}

/** Losses are floored at one user-minute so the log scale stays finite for a (near) perfect run. */
const MIN_LOSS = 1;

/** Headline before clamping, on the log-ratio scale: 0 at do-nothing, 100 at par. */
export function rawHeadline(loss: number, doNothing: number, par: number): number {
  const l0 = Math.max(MIN_LOSS, doNothing);
  const lp = Math.max(MIN_LOSS, par);
  if (!(l0 > lp)) return 0;
  return (100 * Math.log(l0 / Math.max(MIN_LOSS, loss))) / Math.log(l0 / lp);
}

/** Headline points one doubling of the loss is worth, for these baselines (0: par no better than nothing). */
export function pointsPerDoubling(doNothing: number, par: number): number {
  const l0 = Math.max(MIN_LOSS, doNothing);
  const lp = Math.max(MIN_LOSS, par);
  return l0 > lp ? (100 * Math.LN2) / Math.log(l0 / lp) : 0;
}

/** How a loss compares with the 2010 response's, by the ABOUT_THE_SAME factor. */
export function versusHistorical(loss: number, historical: number): 'better' | 'aboutTheSame' | 'worse' {
  const r = Math.max(MIN_LOSS, loss) / Math.max(MIN_LOSS, historical);
  return r * ABOUT_THE_SAME < 1 ? 'better' : r > ABOUT_THE_SAME ? 'worse' : 'aboutTheSame';
}

/** The grade of a (clamped) headline. */
export function gradeOf(headline: number): { grade: string; meaning: string } {
  const g = GRADES.find((x) => headline >= x.atLeast)!;
  return { grade: g.grade, meaning: g.meaning };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Score a traced run against its baselines over the scenario's scoring window. The run must be traced to the
 * horizon (a drill that ended early with `traceLog`'s `toHorizon`); the baselines are full-length traces on the
 * same seed.
 */
export function scoreTrace(scenario: Scenario, seed: number, run: RunTrace, b: Baselines): Score {
  const minutes = scenario.model.durationMinutes;
  for (const [name, t] of [
    ['run', run],
    ['do-nothing', b.doNothing],
    ['par', b.par],
    ['historical', b.historical],
  ] as const)
    if (t && t.rows.length < minutes)
      throw new ScoreError(
        `the ${name} trace covers ${t.rows.length} minutes; a score covers the scenario's whole window of ${minutes} minutes`,
      );
  const l0 = lossOf(b.doNothing.rows, minutes);
  const lp = lossOf(b.par.rows, minutes);
  const measure = (t: RunTrace): RunMeasures => {
    const loss = lossOf(t.rows, minutes);
    return {
      userMinutesLost: minutes > 0 ? t.rows[minutes - 1]!.userMinutesLost : 0,
      cost: costBreakdown(scenario, t.rows, minutes),
      loss,
      rawScore: round1(rawHeadline(loss, l0, lp)),
    };
  };
  const runM = measure(run);
  const notes: string[] = [];
  const raw = rawHeadline(runM.loss, l0, lp);
  let headline = round1(raw);
  if (!scorable(l0, lp)) {
    headline = 0;
    notes.push('Par is no better than doing nothing over this horizon, so there is nothing to score yet.');
  } else if (headline > 100) {
    notes.push(
      `Above par: this run scores ${headline.toFixed(1)} on the par scale. The optimiser missed what you did; the headline is capped at 100.`,
    );
    headline = 100;
  } else if (headline < 0) {
    notes.push(
      `Worse than doing nothing: this run scores ${headline.toFixed(1)} on the par scale; the headline is floored at 0.`,
    );
    headline = 0;
  }
  const drillMinutes = Math.min(minutes, run.liveMinutes ?? minutes);
  if (drillMinutes < minutes)
    notes.push(
      `Scored over the whole ${fmtDuration(minutes)} window: the drill ended at ${clock(scenario, drillMinutes)} GMT and your standing orders played on to ${clock(scenario, minutes)} GMT with no new commands.`,
    );
  const hist = b.historical ? measure(b.historical) : null;
  const g = gradeOf(headline);
  // The F band's words fit a run a little above doing nothing; at 0.0 (or below it, floored) they would
  // contradict the number beside them.
  const meaning =
    raw < 0 ? 'worse than doing nothing' : headline === 0 ? 'no better than doing nothing' : g.meaning;
  const vsHist = hist ? versusHistorical(runM.loss, hist.loss) : null;
  const vsWords = { better: 'better than', aboutTheSame: 'about as well as', worse: 'worse than' } as const;
  const firstSign = firstSignMinute(run) ?? firstSignMinute(b.doNothing);
  const firstEffect = firstEffectMinute(run.decisions, minutes);
  const parFirst = firstEffectMinute(b.par.decisions, minutes);
  const parSign = firstSignMinute(b.doNothing);
  const score: Score = {
    version: SCORE_VERSION,
    scenario: { id: scenario.id, version: scenario.version },
    seed,
    minutes,
    drillMinutes,
    headline,
    grade: g.grade,
    gradeMeaning: vsHist ? `${meaning}; ${vsWords[vsHist]} the 2010 response` : meaning,
    pointsPerDoubling: round1(pointsPerDoubling(l0, lp)),
    versusHistorical: vsHist,
    notes,
    run: runM,
    doNothing: measure(b.doNothing),
    historical: hist ? { ...hist, headline: Math.max(0, Math.min(100, hist.rawScore)) } : null,
    par: measure(b.par),
    timeToFirstEffectiveAction: {
      firstSignMinute: firstSign,
      firstEffectMinute: firstEffect,
      minutes: firstSign !== null && firstEffect !== null ? firstEffect - firstSign : null,
      par: parSign !== null && parFirst !== null ? parFirst - parSign : null,
    },
    explanations: [],
    review: [],
  };
  score.explanations = explain(scenario, run, b, score);
  score.review = reviewDecisions(scenario, run, b.par);
  return score;
}

/** First minute the phase left normal, or null. */
export function firstSignMinute(t: RunTrace): number | null {
  return t.phases.find((p) => p.phase !== 'normal')?.atMinute ?? null;
}

function firstEffectMinute(decisions: readonly Decision[], minutes: number): number | null {
  let best: number | null = null;
  for (const d of decisions)
    if (d.ok && d.takesEffectAtMinute !== null && d.takesEffectAtMinute < minutes)
      best = best === null ? d.takesEffectAtMinute : Math.min(best, d.takesEffectAtMinute);
  return best;
}

// ---- words ---------------------------------------------------------------------------------------------

/** "2.1M", "48k", "730" for user-hours and counts. */
export function fmtCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(a >= 1e7 ? 0 : 1)}M`;
  if (a >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (a >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return String(Math.round(n));
}

function fmtUsd(x: number): string {
  return x >= 1e6 ? `$${(x / 1e6).toFixed(2)}M` : x >= 1e3 ? `$${Math.round(x / 1e3)}k` : `$${Math.round(x)}`;
}

function fmtDuration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** Clock of a minute, with "+1d" past the first midnight so windows across midnight read right. */
function clock(scenario: Scenario, minute: number): string {
  const day = Math.floor((scenario.model.startMinuteOfDay + minute) / 1440);
  const c = clockOf(minute, scenario.model.startMinuteOfDay).replace(' GMT', '');
  return day > 0 ? `${c} (+${day}d)` : c;
}

const LEVER_WORDS: Record<string, string> = {
  forceUpdate: 'forced update',
  spinUpSupernodes: 'dedicated supernodes',
  scaleOfflineMessaging: 'offline-IM capacity',
  disableFeature: 'feature switch',
  throttleLogins: 'login throttling',
  enableClientBackoff: 'client back-off',
  releaseSupernodes: 'release of dedicated supernodes',
  cancelOrder: 'cancelled order',
};

function describeDecision(d: Decision): string {
  const a = d.args;
  switch (d.command) {
    case 'disableFeature':
      return `${a['disabled'] === false ? 'switch on' : 'switch off'} ${a['feature'] === 'groupVideo' ? 'group video' : 'offline IM'}`;
    case 'spinUpSupernodes':
      return `order ${a['count'] ?? 100} dedicated supernodes${a['capacity'] !== undefined ? ` of ${fmtCount(Number(a['capacity']))} clients` : ''}`;
    case 'forceUpdate':
      return `force the 5.0.0156 update (${a['rolloutPercentPerHour'] ?? 25}%/h, ${a['bandwidthGbps'] ?? 100} Gbps)`;
    case 'scaleOfflineMessaging':
      return `scale offline IM ×${a['factor'] ?? 1.5}`;
    case 'throttleLogins':
      return a['perMinute'] === null
        ? 'lift login throttling'
        : `throttle logins to ${fmtCount(Number(a['perMinute'] ?? 200000))}/min`;
    case 'enableClientBackoff':
      return 'enable client back-off';
    case 'releaseSupernodes':
      return `release ${a['count'] ?? 100} dedicated supernodes`;
    case 'cancelOrder':
      return `cancel the pending ${LEVER_WORDS[String(a['order'])] ?? 'order'} issued at minute ${String(a['issuedAtMinute'])}`;
  }
}

/** An inject in people's words: its title in the scenario, else who it speaks as, else its id in words. */
function injectTitle(scenario: Scenario, id: string): string {
  const t = scenario.timeline as
    { injects?: Array<{ id: string; title?: string; from?: string }> } | undefined;
  const inj = t?.injects?.find((i) => i.id === id);
  return inj?.title ?? inj?.from ?? roleWords(id);
}

/** The lever key two decisions share (offline IM and group video are separate switches). */
function leverKey(d: Decision): string {
  return d.command === 'disableFeature'
    ? `${d.command}:${String(d.args['feature'])}:${String(d.args['disabled'] ?? true)}`
    : d.command;
}

function phaseAt(t: RunTrace, minute: number): Phase {
  let p: Phase = 'normal';
  for (const x of t.phases) if (x.atMinute <= minute) p = x.phase;
  return p;
}

/** The per-decision review: each logged command, what the console showed at that minute, what par had done. */
export function reviewDecisions(scenario: Scenario, run: RunTrace, par: RunTrace): DecisionReview[] {
  const start = run.rows[0]?.supernodesAlive ?? 0;
  return run.decisions.map((d) => {
    const r = d.minute > 0 ? run.rows[d.minute - 1] : undefined;
    const saw = r
      ? {
          phase: phaseAt(run, d.minute - 1),
          onlinePctOfNormal: round1((100 * r.online) / Math.max(1, r.expectedOnline)),
          online: r.online,
          expectedOnline: r.expectedOnline,
          omLatencyMs: r.omLatencyMs,
          omEnabled: r.omEnabled,
          supernodesAlivePct: start > 0 ? round1((100 * r.supernodesAlive) / start) : 100,
          crashed: r.crashed,
          searching: r.searching,
          dedicatedSupernodes: r.dedicatedSupernodes,
        }
      : null;
    const injectsSeen = run.injects.filter((i) => i.atMinute < d.minute).map((i) => i.id);
    const parByThen = par.decisions
      .filter((p) => p.ok && p.minute <= d.minute)
      .map((p) => `${describeDecision(p)} at ${clock(scenario, p.minute)}`);
    const what = describeDecision(d);
    const outcome = d.ok
      ? `accepted; took effect at ${clock(scenario, d.takesEffectAtMinute ?? d.minute)}`
      : `refused (${d.reason ?? d.check ?? 'refused'})`;
    const seen = saw
      ? `You saw ${saw.onlinePctOfNormal.toFixed(0)}% of normal online (${fmtCount(saw.online)} of ${fmtCount(saw.expectedOnline)}), ${saw.omEnabled ? `offline-IM replies at ${(saw.omLatencyMs / 1000).toFixed(1)} s` : 'offline IM switched off'}, ${saw.supernodesAlivePct.toFixed(0)}% of supernodes alive, ${fmtCount(saw.crashed)} clients crashed, phase ${saw.phase}`
      : 'Before the first minute: the network was healthy';
    const injects =
      injectsSeen.length > 0
        ? `; messages so far: ${injectsSeen.map((id) => injectTitle(scenario, id)).join(', ')}`
        : '';
    const parText =
      parByThen.length > 0 ? ` By then par had: ${parByThen.join('; ')}.` : ' Par had not acted yet.';
    return {
      ...d,
      clock: clock(scenario, d.minute),
      saw,
      injectsSeen,
      parByThen,
      text: `${clock(scenario, d.minute)} ${roleWords(d.role)}: ${what}: ${outcome}. ${seen}${injects}.${parText}`,
    };
  });
}

/**
 * Minutes from the trigger until a run was back for good: online at 90% of normal or more with every feature
 * switched on, from then to the end of the scored minutes. 0: it never fell below that; null: not back.
 */
export function fullRecoveryMinutes(t: RunTrace, minutes: number, withFeatures = true): number | null {
  const trigger = t.summary.triggerAtMinute;
  let last = -1;
  for (let i = Math.max(0, trigger); i < minutes && i < t.rows.length; i++) {
    const r = t.rows[i]!;
    const featuresOn = !withFeatures || (r.omEnabled && r.groupVideoEnabled);
    if (!(r.online >= 0.9 * r.expectedOnline && featuresOn)) last = i;
  }
  if (last < 0) return 0;
  return last + 1 >= minutes ? null : last + 1 - trigger;
}

/** The features still switched off at the end of the scored minutes, in words ("offline IM and group video"). */
function featuresOffAtEnd(t: RunTrace, minutes: number): string | null {
  const r = t.rows[Math.min(minutes, t.rows.length) - 1];
  if (!r) return null;
  const off = [...(r.omEnabled ? [] : ['offline IM']), ...(r.groupVideoEnabled ? [] : ['group video'])];
  return off.length > 0 ? off.join(' and ') : null;
}

/** "2.3×", "180×", "1/40 of" for a ratio of losses. */
function timesOf(loss: number, of: number): string {
  const r = Math.max(MIN_LOSS, loss) / Math.max(MIN_LOSS, of);
  if (r >= 0.95) return `${r >= 9.95 ? Math.round(r).toLocaleString('en-US') : r.toFixed(1)} times`;
  if (r >= 0.1) return `${Math.round(r * 100)}% of`;
  return `1/${Math.round(1 / r).toLocaleString('en-US')} of`;
}

/** A run that had not recovered by the end of the scored minutes. */
const NOT_BACK = 'not back within the run';

/** Windows of sustained loss: online under 90% of normal, gaps under 30 min merged. */
function lossWindows(
  rows: readonly TraceRow[],
  minutes: number,
): Array<{ from: number; to: number; lost: number }> {
  const out: Array<{ from: number; to: number; lost: number }> = [];
  let cur: { from: number; to: number; lost: number } | null = null;
  for (let i = 0; i < minutes; i++) {
    const r = rows[i]!;
    const below = r.online < 0.9 * r.expectedOnline;
    const lost = Math.max(0, r.expectedOnline - r.online);
    if (below) {
      if (cur && i - cur.to <= 30) {
        for (let j = cur.to + 1; j <= i; j++)
          cur.lost += Math.max(0, rows[j]!.expectedOnline - rows[j]!.online);
        cur.to = i;
      } else {
        if (cur) out.push(cur);
        cur = { from: i, to: i, lost };
      }
    }
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * What kept users off the network in a window, from the model's own client states: each minute's lost users
 * are the clients searching for a supernode, restarting into the forced update and crashed, counted as they
 * are (scaled down together if they outnumber the users missing), and the rest: users who gave up or never
 * started Skype while it was down, or who wait at a supernode for the throttled login servers. Null when no
 * users were missing.
 */
export function offlineMechanisms(rows: readonly TraceRow[], from: number, to: number): string | null {
  const part = { searching: 0, updating: 0, crashed: 0, away: 0 };
  let peakUpdating = 0;
  let peakSearching = 0;
  for (let i = from; i <= to && i < rows.length; i++) {
    const r = rows[i]!;
    const lost = Math.max(0, r.expectedOnline - r.online);
    const n = r.searching + r.updating + r.crashed;
    if (lost > 0) {
      const k = n > lost ? lost / n : 1;
      part.searching += r.searching * k;
      part.updating += r.updating * k;
      part.crashed += r.crashed * k;
      part.away += Math.max(0, lost - n);
    }
    peakUpdating = Math.max(peakUpdating, r.updating);
    peakSearching = Math.max(peakSearching, r.searching);
  }
  const total = part.searching + part.updating + part.crashed + part.away;
  if (!(total > 0)) return null;
  const words = {
    searching: `clients searching for a supernode to log in through (up to ${fmtCount(peakSearching)} at once)`,
    updating: `clients restarting into the forced update, off the network for the install (up to ${fmtCount(peakUpdating)} at once)`,
    crashed: 'crashed clients not yet restarted',
    away: 'users who gave up or never started Skype while it was down, or waited for the throttled login servers',
  } as const;
  const ranked = (Object.keys(part) as Array<keyof typeof part>)
    .filter((k) => part[k] / total >= 0.05)
    .sort((a, c) => part[c] - part[a]);
  return `Who was off the network: ${ranked.map((k) => `${Math.round((100 * part[k]) / total)}% ${words[k]}`).join(', ')}.`;
}

function lostBetween(rows: readonly TraceRow[], from: number, to: number): number {
  let s = 0;
  for (let i = from; i <= to && i < rows.length; i++)
    s += Math.max(0, rows[i]!.expectedOnline - rows[i]!.online);
  return s;
}

/** Minutes when each accepted lever took effect in a run (first time per lever key). */
function leverEffects(run: RunTrace): Map<string, Decision> {
  const m = new Map<string, Decision>();
  for (const d of run.decisions) if (d.ok && !m.has(leverKey(d))) m.set(leverKey(d), d);
  return m;
}

/** First minute after `from` at which dedicated supernodes went up (started serving), or null. */
function dedicatedArrival(rows: readonly TraceRow[], from: number, minutes: number): number | null {
  for (let i = Math.max(1, from); i < minutes; i++)
    if (rows[i]!.dedicatedSupernodes > rows[i - 1]!.dedicatedSupernodes) return i;
  return null;
}

function explain(scenario: Scenario, run: RunTrace, b: Baselines, score: Score): Explanation[] {
  const out: Explanation[] = [];
  const minutes = score.minutes;
  const rows = run.rows;
  const start = rows[0]?.supernodesAlive ?? 0;
  const total = score.run.userMinutesLost;
  const effects = leverEffects(run);
  const parEffects = leverEffects(b.par);

  // Where the run stands: its loss as multiples of par's and doing nothing's, the 2010 response's beside it.
  const l = score.run.loss;
  const hist = score.historical;
  out.push({
    kind: 'grade',
    text: `Your loss (user-hours lost, with the cost counted at $${(60 / USER_MINUTES_PER_USD).toFixed(2)} per user-hour) was ${timesOf(l, score.par.loss)} par's and ${timesOf(l, score.doNothing.loss)} doing nothing's${hist ? `; the 2010 response's was ${timesOf(hist.loss, score.par.loss)} par's, so you did ${{ better: 'better than', aboutTheSame: 'about as well as', worse: 'worse than' }[score.versusHistorical!]} the 2010 response` : ''}. Each doubling of the loss costs ${score.pointsPerDoubling.toFixed(1)} points on this scale.`,
    fromMinute: null,
    toMinute: null,
    userMinutes: null,
  });

  // A drill that ended before the window closed: the rest is its standing orders, and what that cost.
  if (score.drillMinutes < minutes) {
    const at = score.drillMinutes;
    const before = at > 0 ? rows[at - 1]! : null;
    const lostAfter = rows[minutes - 1]!.userMinutesLost - (before?.userMinutesLost ?? 0);
    const spentAfter = rows[minutes - 1]!.costUsd - (before?.costUsd ?? 0);
    out.push({
      kind: 'horizon',
      text: `The drill ended at ${clock(scenario, at)} GMT, ${fmtDuration(minutes - at)} before the scoring window closes at ${clock(scenario, minutes)} GMT. The score counts the whole window: from the end of the drill your standing orders played on with no new commands, losing ${fmtCount(lostAfter / 60)} user-hours${spentAfter >= 0.5 ? ` and spending ${fmtUsd(spentAfter)}` : ''}.`,
      fromMinute: at,
      toMinute: minutes,
      userMinutes: lostAfter,
    });
  }

  // Losses, largest windows first, each with the supernode layer's state and what was done about it.
  const windows = lossWindows(rows, minutes)
    .filter((w) => w.lost >= 0.02 * total)
    .sort((a, c) => c.lost - a.lost)
    .slice(0, 4);
  for (const w of windows) {
    let minAlive = Number.POSITIVE_INFINITY;
    let under40 = 0;
    let under75 = 0;
    let crashes = 0;
    let maxLatency = 0;
    for (let i = w.from; i <= w.to; i++) {
      const r = rows[i]!;
      minAlive = Math.min(minAlive, r.supernodesAlive);
      if (r.supernodesAlive < 0.4 * start) under40++;
      if (r.supernodesAlive < 0.75 * start) under75++;
      crashes += r.crashesThisTick;
      maxLatency = Math.max(maxLatency, r.omLatencyMs);
    }
    const minPct = start > 0 ? Math.round((100 * minAlive) / start) : 100;
    const parts: string[] = [
      `${fmtCount(w.lost / 60)} user-hours lost ${clock(scenario, w.from)}–${clock(scenario, w.to)} GMT`,
    ];
    if (under40 > 0)
      parts.push(
        `while fewer than 40% of supernodes were alive for ${fmtDuration(under40)} (lowest ${minPct}%)`,
      );
    else if (under75 > 0)
      parts.push(
        `while fewer than 75% of supernodes were alive for ${fmtDuration(under75)} (lowest ${minPct}%)`,
      );
    else parts.push(`with ${minPct}% or more of the supernodes alive`);
    if (crashes > 0)
      parts.push(
        `${fmtCount(crashes)} client crashes${maxLatency > 5000 ? ` as offline-IM replies reached ${(maxLatency / 1000).toFixed(0)} s` : ''}`,
      );
    const acts: string[] = [];
    const om = effects.get('disableFeature:offlineIm:true');
    if (om && om.takesEffectAtMinute !== null && om.takesEffectAtMinute <= w.to)
      acts.push(`offline IM went off at ${clock(scenario, om.takesEffectAtMinute)}`);
    const spin = effects.get('spinUpSupernodes');
    if (spin) {
      const arrived = dedicatedArrival(rows, spin.minute, minutes);
      if (arrived !== null && arrived <= w.to)
        acts.push(`your dedicated supernodes arrived at ${clock(scenario, arrived)}`);
    }
    const fu = effects.get('forceUpdate');
    if (fu && fu.takesEffectAtMinute !== null && fu.takesEffectAtMinute <= w.to)
      acts.push(`the forced update began at ${clock(scenario, fu.takesEffectAtMinute)}`);
    if (acts.length === 0) acts.push('none of your commands had taken effect by its end');
    const parLost = lostBetween(b.par.rows, w.from, w.to);
    const why = offlineMechanisms(rows, w.from, w.to);
    out.push({
      kind: 'loss',
      text: `${parts.join(', ')}; ${acts.join('; ')}.${why ? ` ${why}` : ''} Par lost ${fmtCount(parLost / 60)} user-hours in the same hours.`,
      fromMinute: w.from,
      toMinute: w.to,
      userMinutes: w.lost,
    });
  }

  // Recovery: back for good to 90% of normal online with every feature on (a switched-off feature is not
  // recovered), counted from the trigger.
  if (run.summary.troughAtMinute >= 0) {
    const after = (m: number) => (m === 0 ? 'never fell below it' : `after ${fmtDuration(m)}`);
    const when = (t: RunTrace | null) => {
      if (!t) return null;
      const m = fullRecoveryMinutes(t, minutes);
      if (m !== null) return after(m);
      // Online came back but a feature stayed off: say both, so the words agree with the chart.
      const online = fullRecoveryMinutes(t, minutes, false);
      const off = featuresOffAtEnd(t, minutes);
      return online !== null && off !== null
        ? `${online === 0 ? 'online never fell below it' : `online back ${after(online)}`}, but ${off} still switched off at the end`
        : NOT_BACK;
    };
    const mine = when(run);
    out.push({
      kind: 'recovery',
      text: `Back for good to 90% of normal online with every feature on (counted from the trigger): your run ${mine}; the 2010 response ${when(b.historical) ?? 'n/a'}; par ${when(b.par)}.${mine === NOT_BACK ? ` In this model a collapsed supernode layer stays down until capacity is added (dedicated supernodes, with logins readmitted at a pace they carry): searching clients retry ${scenario.model.search.attemptsPerMinute} times a minute and keep the surviving supernodes overloaded.` : ''}`,
      fromMinute: run.summary.triggerAtMinute,
      toMinute: null,
      userMinutes: null,
    });
  }

  // Time to first effective action.
  const tf = score.timeToFirstEffectiveAction;
  if (tf.firstEffectMinute === null)
    out.push({
      kind: 'firstAction',
      text:
        run.decisions.length === 0
          ? 'You issued no command: this run is the do-nothing baseline.'
          : 'None of your commands took effect within the scored horizon.',
      fromMinute: tf.firstSignMinute,
      toMinute: null,
      userMinutes: null,
    });
  else {
    const sign = tf.firstSignMinute;
    const rel =
      sign === null
        ? ''
        : tf.firstEffectMinute >= sign
          ? `, ${fmtDuration(tf.firstEffectMinute - sign)} after the first sign of trouble (${clock(scenario, sign)} GMT)`
          : `, ${fmtDuration(sign - tf.firstEffectMinute)} before the first sign of trouble (${clock(scenario, sign)} GMT)`;
    const parFirst = firstEffectMinute(b.par.decisions, minutes);
    out.push({
      kind: 'firstAction',
      text: `Your first command took effect at ${clock(scenario, tf.firstEffectMinute)} GMT${rel}; par's first took effect at ${parFirst === null ? 'no point' : `${clock(scenario, parFirst)} GMT`}.`,
      fromMinute: sign,
      toMinute: tf.firstEffectMinute,
      userMinutes: null,
    });
  }

  // Levers par used, and when (or whether) the trainee used them; crashes in between are the named cost.
  for (const [key, p] of parEffects) {
    if (p.takesEffectAtMinute === null || p.takesEffectAtMinute >= minutes) continue;
    const mine = effects.get(key);
    const what = LEVER_WORDS[p.command] ?? p.command;
    const parWhen = clock(scenario, p.takesEffectAtMinute);
    if (!mine || mine.takesEffectAtMinute === null) {
      out.push({
        kind: 'lever',
        text: `Par used ${what} (${describeDecision(p)}, in effect at ${parWhen} GMT); you did not.`,
        fromMinute: p.takesEffectAtMinute,
        toMinute: null,
        userMinutes: null,
      });
      continue;
    }
    const lag = mine.takesEffectAtMinute - p.takesEffectAtMinute;
    if (lag <= 0) continue;
    let crashes = 0;
    let lost = 0;
    for (let i = p.takesEffectAtMinute; i < mine.takesEffectAtMinute && i < minutes; i++) {
      crashes += rows[i]!.crashesThisTick;
      lost += Math.max(0, rows[i]!.expectedOnline - rows[i]!.online);
    }
    out.push({
      kind: 'lever',
      text: `${describeDecision(mine)}: in effect at ${clock(scenario, mine.takesEffectAtMinute)} GMT, ${fmtDuration(lag)} after par's (${parWhen} GMT). In between, your run had ${fmtCount(crashes)} client crashes and lost ${fmtCount(lost / 60)} user-hours.`,
      fromMinute: p.takesEffectAtMinute,
      toMinute: mine.takesEffectAtMinute,
      userMinutes: lost,
    });
  }

  // Cost.
  const c = score.run.cost;
  const items: string[] = [];
  if (c.serverHours > 0)
    items.push(`${fmtCount(c.serverHours)} dedicated-server hours (${fmtUsd(c.serverUsd)})`);
  if (c.updateTB > 0) items.push(`${c.updateTB.toFixed(1)} TB of update downloads (${fmtUsd(c.updateUsd)})`);
  if (c.offlineImUsd > 0.5) items.push(`extra offline-IM capacity (${fmtUsd(c.offlineImUsd)})`);
  out.push({
    kind: 'cost',
    text:
      items.length === 0
        ? `Your response cost nothing; par spent ${fmtUsd(score.par.cost.totalUsd)}.`
        : `Your response cost ${fmtUsd(c.totalUsd)}: ${items.join(', ')}; par spent ${fmtUsd(score.par.cost.totalUsd)}. At $${(60 / USER_MINUTES_PER_USD).toFixed(2)} per user-hour this weighs ${fmtCount((c.totalUsd * USER_MINUTES_PER_USD) / 60)} user-hours.`,
    fromMinute: null,
    toMinute: null,
    userMinutes: c.totalUsd * USER_MINUTES_PER_USD,
  });

  for (const d of run.decisions)
    if (!d.ok)
      out.push({
        kind: 'refused',
        text: `Refused at ${clock(scenario, d.minute)} GMT: ${describeDecision(d)} (${d.reason ?? d.check}).`,
        fromMinute: d.minute,
        toMinute: null,
        userMinutes: null,
      });

  // Switched-off features: the model counts each online user's lost share of service while they are off.
  const omShare = scenario.model.offlineIm.serviceShare;
  const gvShare = scenario.model.dedicated.groupVideoServiceShare;
  let omOff = 0;
  let gvOff = 0;
  let featureMinutes = 0;
  for (let i = 0; i < minutes; i++) {
    const row = rows[i]!;
    if (!row.omEnabled) {
      omOff++;
      featureMinutes += row.online * omShare;
    }
    if (!row.groupVideoEnabled) {
      gvOff++;
      featureMinutes += row.online * gvShare;
    }
  }
  if (omOff > 0 || gvOff > 0)
    out.push({
      kind: 'feature',
      text: `Features off: ${[omOff > 0 ? `offline IM for ${fmtDuration(omOff)} (${Math.round(omShare * 100)}% of each online user's service)` : '', gvOff > 0 ? `group video for ${fmtDuration(gvOff)} (${Math.round(gvShare * 100)}%)` : ''].filter(Boolean).join(', ')}: ${(featureMinutes / 60 / 1e6).toFixed(1)}M user-hours counted as lost.`,
      fromMinute: null,
      toMinute: null,
      userMinutes: Math.round(featureMinutes),
    });
  return out;
}
