/**
 * The cascade model interface: what the engine needs from any model (Skype 2010, Facebook 2010, ...). A model
 * is created from its scenario section and a seed, stepped one simulated minute at a time with tick-stamped
 * commands, read through metrics that share one row shape, snapshotted, restored and hashed, and it states its
 * own levers (what each does, its lead time and its cost) and the checks and previews of an order. Every lever
 * rule is stated once, in its model; runs, CLIs and scores read them from here.
 */

/** The columns every model's per-minute metrics share (model-specific fields come beside them). */
export interface CascadeRow {
  /** The simulated minute this row closes (tick). */
  minute: number;
  /** Users served this minute. */
  online: number;
  /** Users served at this minute on a normal day. */
  expectedOnline: number;
}

/** A model's metrics for the last completed minute: the common row plus the running service loss. */
export interface CascadeMetrics extends CascadeRow {
  /** User-minutes below normal since tick 0 (the model's own count, cumulative). */
  userMinutesLost: number;
}

/** A number argument of a lever (a percentage a minute, a rate cap), with its range and default. */
export interface CascadeLeverArg {
  /** The argument's name in a command (`percentPerMinute`). */
  name: string;
  /** Its name in plain words. */
  label: string;
  unit: string;
  min: number;
  max: number;
  /** The value a menu offers first (and par tries). */
  default: number;
}

/**
 * A number a model states about each minute: a field of its metrics (a boolean reads as 1 or 0), which
 * timelines may name in inject conditions and volumes and a console may show.
 */
export interface CascadeFact {
  /** The metrics field (`queryQps`). */
  name: string;
  /** What it is, in plain words. */
  label: string;
  /** Its unit in plain words (`queries a second`, `share`; a share is 0..1). */
  unit: string;
}

/** A lever as its model states it: for menus, briefings, par's search space and the score's words. */
export interface CascadeLever {
  /** The command kind that orders it. */
  kind: string;
  /** Its name in plain words. */
  title: string;
  /** What it does, in one sentence. */
  effect: string;
  /** Whether the operators of the record used it, or it is a design they did not have (unset: not stated). */
  source?: 'record' | 'counterfactual';
  /** Minutes from the order until it takes effect. */
  leadMinutes: number;
  /** Money per hour while it stands (USD; 0 when it costs nothing but service). */
  usdPerHour: number;
  /** Its cost in plain words (money, service, or both). */
  cost: string;
  /** Its number arguments (none: it takes none). */
  args?: CascadeLeverArg[];
}

/** What ordering a command now would do: the model's check, lead time and consequences. */
export interface CascadePreview {
  ok: boolean;
  /** Why the model would refuse it (plain words), or null. */
  refusal: string | null;
  leadMinutes: number;
  takesEffectAtMinute: number;
  /** What happens, one sentence each. */
  consequences: string[];
}

/** A running simulation of one model. Deterministic: same scenario, seed and inputs give the same hash. */
export interface CascadeSim<Cmd extends { kind: string }, M extends CascadeMetrics = CascadeMetrics> {
  readonly kind: string;
  /** The tick the next step will simulate (= minutes simulated so far). */
  tick(): number;
  /** The minute of the triggering event this seed drew. */
  triggerMinute(): number;
  /** Advance one minute, applying (or queueing, per their lead time) the commands given. */
  step(inputs: readonly (Cmd & { tick: number })[]): void;
  /** Metrics of the last completed minute (a copy). */
  metrics(): M;
  /**
   * The model's check of a command now: null when it would be accepted, else the reason in plain words.
   * `alsoAccepted`: commands accepted this minute that the next step will apply (checked as if pending).
   */
  check(command: Cmd, alsoAccepted?: readonly Cmd[]): string | null;
  /** The commands ordered and not yet in effect, with the minute each takes effect (optional). */
  pending?(): Array<{ command: Cmd; issuedAtMinute: number; takesEffectAtMinute: number }>;
  /** The check with the lead time and consequences of ordering `command` now. */
  preview(command: Cmd): CascadePreview;
  /** The full state as bytes (restore gives the same simulation back). */
  snapshot(): Uint8Array;
  /** 16 hex digits over the snapshot. */
  hash(): string;
}

/** A cascade model: its kind, constructors and lever list. `P` is its scenario section (model params). */
export interface CascadeModel<P, Cmd extends { kind: string }, M extends CascadeMetrics = CascadeMetrics> {
  readonly kind: string;
  create(params: P, seed: number): CascadeSim<Cmd, M>;
  /** Rebuild from a snapshot of the same scenario; throws on one that does not fit. */
  restore(params: P, bytes: Uint8Array): CascadeSim<Cmd, M>;
  /** Every lever of this model in this scenario, with its lead time and cost. */
  levers(params: P): CascadeLever[];
  /** A policy-file entry's command (`{ command, ...args }`) as this model's command; throws with a plain reason. */
  parseCommand(entry: Readonly<Record<string, unknown>>): Cmd;
  /**
   * The facts of its metrics a timeline may name, besides the common row (`minute`, `online`, `expectedOnline`).
   * Optional: without it, every number or boolean field of the metrics is a fact, labelled by its name.
   */
  facts?(params: P): CascadeFact[];
}

/** A model of any parameters and commands (the drill's registry and generic host hold these). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCascadeModel = CascadeModel<any, { kind: string }, CascadeMetrics>;

/** The common row's fields, which every model has and no model states as its own fact. */
export const COMMON_ROW_FIELDS = ['minute', 'online', 'expectedOnline', 'userMinutesLost'] as const;

/** A model's facts in this scenario: its own list, or every number or boolean field of a fresh run's metrics. */
export function cascadeFacts<P>(
  model: CascadeModel<P, { kind: string }, CascadeMetrics>,
  params: P,
): CascadeFact[] {
  if (model.facts) return model.facts(params);
  const m = model.create(params, 1).metrics() as unknown as Record<string, unknown>;
  return Object.keys(m)
    .filter((k) => !(COMMON_ROW_FIELDS as readonly string[]).includes(k))
    .filter((k) => typeof m[k] === 'number' || typeof m[k] === 'boolean')
    .map((k) => ({ name: k, label: k, unit: '' }));
}

/** A metrics field as a fact's number (a boolean is 1 or 0; anything else 0). */
export function factValue(metrics: object, name: string): number {
  const v = (metrics as Record<string, unknown>)[name];
  return typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? 1 : 0) : 0;
}

/** The summary every model's run reports (CLI `summary`, score and tools read these alike). */
export interface CascadeSummary {
  userMinutesLost: number;
  stateHash: string;
  triggerAtMinute: number;
  /**
   * Minutes after the trigger until users served are back to 90% of normal, counted from the worst point within
   * 12 h after the trigger (0 when it never fell below; null: never within the run).
   */
  minutesTo90pct: number | null;
}

/** A command the model refused when its minute came. */
export interface CascadeRefusal {
  atMinute: number;
  command: string;
  reason: string;
}

/** A whole run: the common summary, refusals and one metrics row per minute. */
export interface CascadeRun<M extends CascadeMetrics = CascadeMetrics> {
  summary: CascadeSummary;
  refused: CascadeRefusal[];
  series: M[];
}

/** The window after the trigger in which the worst point is looked for (as the Skype summary does). */
export const TROUGH_WINDOW_MINUTES = 720;

/** Minutes after `trigger` until `ratios` (one per minute from the trigger) first reach `level` at or after the worst point within the trough window. */
export function recoveryMinutes(ratios: readonly number[], level: number): number | null {
  let worst = Number.POSITIVE_INFINITY;
  let worstAt = -1;
  for (let i = 0; i < ratios.length && i <= TROUGH_WINDOW_MINUTES; i++)
    if (ratios[i]! < worst) {
      worst = ratios[i]!;
      worstAt = i;
    }
  if (worstAt < 0) return null;
  if (worst >= level) return 0;
  for (let i = worstAt; i < ratios.length; i++) if (ratios[i]! >= level) return i;
  return null;
}

/**
 * Run any model from tick 0 for `minutes`, ordering each policy command at its minute when the model's check
 * accepts it (a refused one is listed with the model's reason), and summarise in the common shape.
 */
export function runCascade<P, Cmd extends { kind: string }, M extends CascadeMetrics>(
  model: CascadeModel<P, Cmd, M>,
  params: P,
  seed: number,
  minutes: number,
  policy: ReadonlyArray<{ atMinute: number; command: Cmd }> = [],
): CascadeRun<M> {
  const sim = model.create(params, seed);
  const order = [...policy].sort((a, b) => a.atMinute - b.atMinute);
  const refused: CascadeRefusal[] = [];
  const series: M[] = [];
  let next = 0;
  for (let t = 0; t < minutes; t++) {
    const inputs: Array<Cmd & { tick: number }> = [];
    while (next < order.length && order[next]!.atMinute <= t) {
      const c = order[next++]!.command;
      const reason = sim.check(c);
      if (reason === null) inputs.push({ ...c, tick: t });
      else refused.push({ atMinute: t, command: c.kind, reason });
    }
    sim.step(inputs);
    series.push(sim.metrics());
  }
  return { summary: summarise(sim, series), refused, series };
}

/** The common summary of a run's series and its final state. */
export function summarise(
  sim: { triggerMinute(): number; hash(): string },
  series: readonly CascadeMetrics[],
): CascadeSummary {
  const trigger = sim.triggerMinute();
  const ratios = series
    .filter((r) => r.minute >= trigger)
    .map((r) => (r.expectedOnline > 0 ? r.online / r.expectedOnline : 1));
  const last = series[series.length - 1];
  return {
    userMinutesLost: Math.round(last ? last.userMinutesLost : 0),
    stateHash: sim.hash(),
    triggerAtMinute: trigger,
    minutesTo90pct: recoveryMinutes(ratios, 0.9),
  };
}
