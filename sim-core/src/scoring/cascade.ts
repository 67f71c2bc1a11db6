/**
 * Scores for a drill on any cascade model (the Skype score card, score.ts, reads the Skype model's own trace):
 * the player's run against doing nothing and against the record (the scenario's `historical` policy), over the
 * same simulated minutes, and par: the best run this search finds over the model's own levers (at the
 * arguments the model offers first) and order times, from the minute after the trigger on.
 */
import {
  recoveryMinutes,
  runCascade,
  type AnyCascadeModel,
  type CascadeLever,
  type CascadeRow,
  type CascadeSummary,
} from '../model/index';
import { cascadeModelOf } from '../levers/index';

/** A scenario of any model, as scoring reads it. */
export interface ScoredScenario {
  model: { kind?: string; durationMinutes: number } & Record<string, unknown>;
  policies: Record<string, ReadonlyArray<{ atMinute: number; command: string } & Record<string, unknown>>>;
}

/** One order of a policy, in the model's command form. */
export interface CascadeOrder {
  atMinute: number;
  command: { kind: string } & Record<string, unknown>;
}

/**
 * Minutes after the trigger until users served are back to 90% of normal, from the served/normal ratios of
 * the minutes since the trigger (the common summary's rule, model/cascade.ts): for a console that keeps the rows.
 */
export function minutesTo90pctOf(ratiosFromTrigger: readonly number[]): number | null {
  return recoveryMinutes(ratiosFromTrigger, 0.9);
}

/** One run's numbers in a comparison. */
export interface ComparedRun {
  userMinutesLost: number;
  minutesTo90pct: number | null;
}

/** The player's run beside doing nothing and the record, over the same minutes. */
export interface CascadeComparison {
  /** Minutes compared (the player's drill, from tick 0). */
  minutes: number;
  you: ComparedRun;
  nothing: ComparedRun;
  /** Null when the scenario has no `historical` policy. */
  record: ComparedRun | null;
  /** The comparison in plain words, one sentence each. */
  words: string[];
}

const compared = (s: CascadeSummary): ComparedRun => ({
  userMinutesLost: s.userMinutesLost,
  minutesTo90pct: s.minutesTo90pct,
});

/** A named policy of the scenario as the model's orders (throws with the model's reason on a bad entry). */
export function cascadePolicy(
  model: AnyCascadeModel,
  scenario: ScoredScenario,
  name: string,
): CascadeOrder[] | null {
  if (!Object.hasOwn(scenario.policies, name)) return null;
  return scenario.policies[name]!.map((e) => ({ atMinute: e.atMinute, command: model.parseCommand(e) }));
}

/** Run a policy of orders for `minutes` and summarise it in the common shape. */
export function runOrders(
  scenario: ScoredScenario,
  seed: number,
  minutes: number,
  orders: readonly CascadeOrder[],
): CascadeSummary {
  const model = cascadeModelOf(scenario.model.kind);
  return runCascade(model, scenario.model, seed, minutes, orders).summary;
}

const hours = (userMinutes: number) => {
  const h = userMinutes / 60;
  return h >= 1e6 ? `${(h / 1e6).toFixed(1)} million` : Math.round(h).toLocaleString('en-US');
};
const back = (r: ComparedRun) =>
  r.minutesTo90pct === null
    ? 'never back to 90% of normal'
    : `back to 90% of normal ${r.minutesTo90pct} min after the trigger`;

/**
 * The record as the model plays it: the scenario's `historical` policy run for `minutes`, one common row per
 * minute (a console's ghost curve); null when the scenario has no `historical` policy.
 */
export function recordRows(scenario: ScoredScenario, seed: number, minutes: number): CascadeRow[] | null {
  const model = cascadeModelOf(scenario.model.kind);
  const historical = cascadePolicy(model, scenario, 'historical');
  if (!historical) return null;
  return runCascade(model, scenario.model, seed, minutes, historical).series.map((r) => ({
    minute: r.minute,
    online: r.online,
    expectedOnline: r.expectedOnline,
  }));
}

/** The player's run (its common summary over `minutes`) against doing nothing and the record. */
export function compareCascadeRun(
  scenario: ScoredScenario,
  seed: number,
  minutes: number,
  you: CascadeSummary,
): CascadeComparison {
  const model = cascadeModelOf(scenario.model.kind);
  const nothing = compared(runCascade(model, scenario.model, seed, minutes, []).summary);
  const historical = cascadePolicy(model, scenario, 'historical');
  const record = historical
    ? compared(runCascade(model, scenario.model, seed, minutes, historical).summary)
    : null;
  const mine = compared(you);
  const words = [
    `Over the ${minutes} simulated minutes you played: you lost ${hours(mine.userMinutesLost)} user-hours, ${back(mine)}.`,
    `Doing nothing would have lost ${hours(nothing.userMinutesLost)} user-hours, ${back(nothing)}.`,
    ...(record
      ? [
          `The record's response would have lost ${hours(record.userMinutesLost)} user-hours, ${back(record)}.`,
        ]
      : []),
  ];
  return { minutes, you: mine, nothing, record, words };
}

/** Par's search settings. */
export interface CascadeParOptions {
  /** Minutes each candidate run lasts (the score's horizon). */
  minutes: number;
  /** Order times tried: from the minute after the trigger, every `stepMinutes`, for `windowMinutes`. */
  stepMinutes?: number;
  windowMinutes?: number;
  /** Most orders par combines. */
  maxOrders?: number;
}

/** Par's result: its orders, its summary and how many runs the search took. */
export interface CascadePar {
  orders: CascadeOrder[];
  summary: CascadeSummary;
  evaluations: number;
}

/**
 * Par for any model: a greedy search. Each round tries every lever of the model (at its default arguments) at
 * every order time in the window, keeps the one order that lowers user-minutes lost most, and stops when no
 * order helps or `maxOrders` are placed. Orders the model refuses when their minute comes change nothing, so
 * they never win. Deterministic: the same scenario, seed and options give the same par.
 */
export function cascadePar(scenario: ScoredScenario, seed: number, opts: CascadeParOptions): CascadePar {
  const model = cascadeModelOf(scenario.model.kind);
  const p = scenario.model;
  const trigger = model.create(p, seed).triggerMinute();
  const step = opts.stepMinutes ?? 10;
  const window = opts.windowMinutes ?? 180;
  const maxOrders = opts.maxOrders ?? 3;
  const levers = model.levers(p);
  const candidates: CascadeOrder[] = [];
  for (let t = trigger + 1; t <= Math.min(trigger + window, opts.minutes - 1); t += step)
    for (const l of levers) {
      const args = Object.fromEntries((l.args ?? []).map((a) => [a.name, a.default]));
      candidates.push({ atMinute: t, command: model.parseCommand({ command: l.kind, ...args }) });
    }
  let evaluations = 1;
  let orders: CascadeOrder[] = [];
  let best = runCascade(model, p, seed, opts.minutes, orders).summary;
  for (let round = 0; round < maxOrders; round++) {
    let pick: { orders: CascadeOrder[]; summary: CascadeSummary } | null = null;
    for (const c of candidates) {
      if (orders.some((o) => o.command.kind === c.command.kind)) continue;
      const trial = [...orders, c].sort((a, b) => a.atMinute - b.atMinute);
      const s = runCascade(model, p, seed, opts.minutes, trial).summary;
      evaluations++;
      const bar = pick ? pick.summary.userMinutesLost : best.userMinutesLost;
      if (s.userMinutesLost < bar) pick = { orders: trial, summary: s };
    }
    if (!pick) break;
    orders = pick.orders;
    best = pick.summary;
  }
  return { orders, summary: best, evaluations };
}

/**
 * Par in plain words: its losses and its orders by the levers' titles, each at `when(minute)` (a clock for a
 * console, a minute for the CLI).
 */
export function cascadeParWords(
  par: CascadePar,
  levers: readonly CascadeLever[],
  when: (minute: number) => string,
): string {
  const orders = par.orders
    .map(
      (o) => `${levers.find((l) => l.kind === o.command.kind)?.title ?? o.command.kind} ${when(o.atMinute)}`,
    )
    .join(', then ');
  return `Par (the best run a search over these levers and order times found, ${par.evaluations} runs) would have lost ${hours(par.summary.userMinutesLost)} user-hours, ${back(compared(par.summary))}: ${orders || 'no order at all'}.`;
}
