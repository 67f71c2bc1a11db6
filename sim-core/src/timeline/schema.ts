/**
 * The `timeline` section of a scenario file: phase thresholds, stop conditions, speeds, roles and levers, the
 * briefing and the injects. The scenario schema leaves this section `unknown`; this layer owns its format and
 * parses it here (parse, don't trust), so a bad timeline is refused with a one-line reason naming the field.
 */
import { z } from 'zod';
import { LEVERS } from '../levers/index';
import {
  checkpointBytes,
  CHECKPOINT_BUDGET_BYTES,
  MAX_SCENARIO_MINUTES,
  minCheckpointMinutes,
  modelCommandSchema,
  type Scenario,
} from '../scenario/schema';
import { COMMON_FACT_NAMES, FACT_NAMES } from './facts';

const int = (min = 0) => z.number().int().min(min);
/** A minute count or a minute of the scenario: [min, 14 days]. */
const minutes = (min = 0) => int(min).max(MAX_SCENARIO_MINUTES);
/** A count an inject reports (people, messages): bounded far above any network. */
const count = int().max(1e12);
const ratio = z.number().finite().min(0).max(1);

/** Message channels, in the order the console shows them. */
export const CHANNELS = ['monitoring', 'support', 'social', 'executive'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Allowed playback speeds: simulated seconds per real second. */
export const SPEEDS = [1, 10, 60, 300, 600, 3600] as const;

/**
 * A fact's name: one of the common facts or a fact the scenario's model states (FACT_NAMES for Skype, the
 * model's `facts` otherwise). The schema checks the form; loading the timeline checks the name against the model.
 */
const factName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'fact name: letters and digits');
/** A lever's name: a command kind of the scenario's model (checked against the model when the timeline loads). */
const leverName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/, 'lever name: letters and digits');
const comparator = z.enum(['>', '>=', '<', '<=']);

/**
 * A predicate on one sim fact, true for `forMinutes` consecutive minutes (at or after `afterMinute`, and
 * once the inject `afterInject` has fired by its trigger: a message that only makes sense after another).
 */
export const conditionSchema = z.strictObject({
  metric: factName,
  op: comparator,
  value: z.number().finite().min(-1e12).max(1e12),
  forMinutes: int(1).max(1440).default(1),
  afterMinute: minutes().optional(),
  afterInject: z
    .string()
    .regex(/^[a-z0-9-]{1,64}$/, 'inject id')
    .optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

/**
 * A team drill's status page stayed silent: fires `noStatusFor` minutes after the inject `after` first fired,
 * unless a status update was published since that firing. Only in a drill whose status page is open (a team
 * drill: the host's log says so at the start); a solo drill has no status page, so it never fires there.
 */
const statusSilenceSchema = z.strictObject({
  noStatusFor: int(1).max(1440),
  after: z.string().min(1),
});

const injectTrigger = z.union([
  z.strictObject({ atMinute: minutes() }),
  conditionSchema,
  statusSilenceSchema,
  z.strictObject({ manual: z.literal(true) }),
]);

/** How many of something an inject reports: `round(fact × factor)`, clamped to [min, max]. */
const volumeSchema = z.strictObject({
  metric: factName,
  factor: z.number().finite().positive().max(1e6),
  min: count.default(0),
  max: count.optional(),
  unit: z.string().min(1).max(40),
});

/** One inject: when it fires, the message it produces, and optionally a model effect. */
export const injectSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'inject id: lower-case letters, digits and dashes (at most 64)'),
  channel: z.enum(CHANNELS),
  trigger: injectTrigger,
  from: z.string().min(1).max(80),
  /** What the facilitator's drawer calls it ("Offline-IM latency alert"); the id stays in files. */
  title: z.string().min(1).max(80).optional(),
  /** Text with placeholders such as {volume}, {online}, {offline}, {pctOnline}, {latencyS}, {crashesPerMinute}, {clock}. */
  text: z.string().min(1).max(600),
  volume: volumeSchema.optional(),
  /** A model command the inject issues (e.g. a second datacenter link degrades). */
  effect: modelCommandSchema.optional(),
  source: z.string().max(400).optional(),
});
export type Inject = z.infer<typeof injectSchema>;

const phaseThresholds = z.strictObject({
  degraded: z.strictObject({
    /** Skype model only (a model without the omLatencyMs fact leaves it out). */
    omLatencyMsAbove: z.number().finite().positive().max(3_600_000).optional(),
    onlineRatioBelow: ratio,
  }),
  /** `supernodeAliveRatioBelow`: Skype model only. */
  cascading: z.strictObject({ onlineRatioBelow: ratio, supernodeAliveRatioBelow: ratio.optional() }),
  collapsed: z.strictObject({ onlineRatioBelow: ratio }),
  recovering: z.strictObject({ riseAboveTrough: ratio, holdMinutes: minutes(1) }),
  restored: z.strictObject({ onlineRatioAtLeast: ratio, holdMinutes: minutes(1) }),
  /** A worse phase must show for this many consecutive minutes before the phase escalates (one noisy tick does not). */
  escalateAfterMinutes: int(1).max(240),
});
export type PhaseThresholds = z.infer<typeof phaseThresholds>;

/** The whole timeline section. Every field has a default so a scenario without one still runs as a drill. */
export const timelineSchema = z
  .strictObject({
    phases: phaseThresholds.default({
      degraded: { omLatencyMsAbove: 2000, onlineRatioBelow: 0.95 },
      cascading: { onlineRatioBelow: 0.8, supernodeAliveRatioBelow: 0.75 },
      collapsed: { onlineRatioBelow: 0.35 },
      recovering: { riseAboveTrough: 0.15, holdMinutes: 15 },
      restored: { onlineRatioAtLeast: 0.9, holdMinutes: 30 },
      escalateAfterMinutes: 3,
    }),
    /** The drill ends once online/normal has stayed at or above `onlineRatioAtLeast` for `holdMinutes` after restoration. */
    fullRecovery: z
      .strictObject({ onlineRatioAtLeast: ratio, holdMinutes: minutes(1) })
      .default({ onlineRatioAtLeast: 0.95, holdMinutes: 120 }),
    speeds: z
      .array(z.union(SPEEDS.map((s) => z.literal(s))))
      .min(1)
      .default([...SPEEDS]),
    initialSpeed: z.union(SPEEDS.map((s) => z.literal(s))).default(60),
    /**
     * The console slows to this speed when the first monitoring alert fires by its trigger, so the team has
     * real minutes to decide (null: never; the facilitator can switch it off). Must be one of `speeds`.
     */
    slowDownOnFirstAlert: z
      .union(SPEEDS.map((s) => z.literal(s)))
      .nullable()
      .default(10),
    /** Levers this scenario offers (default: every lever of its model). */
    levers: z.array(leverName).optional(),
    /** Role name -> levers that role may pull (default: one incidentCommander with every lever). */
    // Role names fit the session file and the seat protocol (drill/log.ts MAX_ROLE_CHARS, 40).
    roles: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,39}$/), z.array(leverName)).optional(),
    briefing: z
      .strictObject({ title: z.string().min(1).max(200), text: z.string().min(1).max(10_000) })
      .default({ title: 'Briefing', text: 'You are on call.' }),
    injects: z.array(injectSchema).max(1000).default([]),
    /**
     * Minutes between host checkpoints (seek restores the nearest one and replays). At least 5; and, with the
     * scenario's network and length, the checkpoints must fit CHECKPOINT_BUDGET_BYTES (checked in loadTimeline).
     */
    checkpointEveryMinutes: int(5).max(1440).default(60),
  })
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    t.injects.forEach((inj, i) => {
      if (seen.has(inj.id))
        ctx.addIssue({
          code: 'custom',
          message: `duplicate inject id "${inj.id}"`,
          path: ['injects', i, 'id'],
        });
      seen.add(inj.id);
    });
    const ids = new Set(t.injects.map((inj) => inj.id));
    t.injects.forEach((inj, i) => {
      if ('noStatusFor' in inj.trigger && (!ids.has(inj.trigger.after) || inj.trigger.after === inj.id))
        ctx.addIssue({
          code: 'custom',
          message: `"after" must name another inject of this timeline (got "${inj.trigger.after}")`,
          path: ['injects', i, 'trigger', 'after'],
        });
    });
    if (!t.speeds.includes(t.initialSpeed))
      ctx.addIssue({ code: 'custom', message: 'initialSpeed must be one of speeds', path: ['initialSpeed'] });
    if (t.slowDownOnFirstAlert !== null && !t.speeds.includes(t.slowDownOnFirstAlert))
      ctx.addIssue({
        code: 'custom',
        message: 'slowDownOnFirstAlert must be one of speeds',
        path: ['slowDownOnFirstAlert'],
      });
  });

/** A validated timeline, with the model's levers and roles filled in where the file leaves them out. */
export type Timeline = Omit<z.infer<typeof timelineSchema>, 'levers' | 'roles'> & {
  levers: string[];
  roles: Record<string, string[]>;
};

/** A timeline section that does not validate. One line, fit for a CLI or a dialog. */
export class TimelineError extends Error {
  override name = 'TimelineError';
}

/**
 * Validate unknown JSON as a timeline section (absent -> every default). `modelLevers`: the levers of the
 * scenario's model, which fill `levers` and the default role when the file leaves them out (Skype's by default).
 */
export function parseTimeline(json: unknown, modelLevers: readonly string[] = LEVERS): Timeline {
  const r = timelineSchema.safeParse(json ?? {});
  if (!r.success) {
    const first = r.error.issues[0]!;
    const where = first.path.length > 0 ? first.path.join('.') : '(root)';
    throw new TimelineError(`invalid timeline: ${where}: ${first.message}`);
  }
  return {
    ...r.data,
    levers: r.data.levers ?? [...modelLevers],
    roles: r.data.roles ?? { incidentCommander: [...modelLevers] },
  };
}

/** What a timeline is checked against: its scenario's length and its model's levers and facts. */
export interface TimelineModel {
  durationMinutes: number;
  /** The model's lever (command) names. */
  levers: readonly string[];
  /** Fact names beside the common ones (COMMON_FACT_NAMES) that conditions and volumes may name. */
  facts: readonly string[];
  /** Whether injects may carry a model effect (Skype model commands: the only model with scripted inject effects). */
  effects: boolean;
  /** Why a checkpoint interval does not fit the memory budget, or null (absent: any interval fits). */
  checkpointProblem?: (everyMinutes: number) => string | null;
}

/** Every problem of a parsed timeline against its model, with its path under `timeline` (empty: it fits). */
export function timelineModelProblems(
  t: z.infer<typeof timelineSchema>,
  m: TimelineModel,
): Array<{ path: Array<string | number>; message: string }> {
  const problems: Array<{ path: Array<string | number>; message: string }> = [];
  const levers = new Set(m.levers);
  const facts = new Set<string>([...COMMON_FACT_NAMES, ...m.facts]);
  const knownLevers = `known: ${[...levers].join(', ')}`;
  (t.levers ?? []).forEach((l, i) => {
    if (!levers.has(l))
      problems.push({ path: ['levers', i], message: `"${l}" is not a lever of this model (${knownLevers})` });
  });
  for (const [role, ls] of Object.entries(t.roles ?? {}))
    ls.forEach((l, i) => {
      if (!levers.has(l))
        problems.push({
          path: ['roles', role, i],
          message: `"${l}" is not a lever of this model (${knownLevers})`,
        });
    });
  const badFact = (name: string) => `"${name}" is not a fact of this model (known: ${[...facts].join(', ')})`;
  t.injects.forEach((inj, i) => {
    if ('metric' in inj.trigger && !facts.has(inj.trigger.metric))
      problems.push({ path: ['injects', i, 'trigger', 'metric'], message: badFact(inj.trigger.metric) });
    if (inj.volume && !facts.has(inj.volume.metric))
      problems.push({ path: ['injects', i, 'volume', 'metric'], message: badFact(inj.volume.metric) });
    if (inj.effect && !m.effects)
      problems.push({
        path: ['injects', i, 'effect'],
        message: 'inject effects are Skype-model commands; this model takes none',
      });
    if ('atMinute' in inj.trigger && inj.trigger.atMinute >= m.durationMinutes)
      problems.push({ path: ['injects', i, 'trigger', 'atMinute'], message: 'after the scenario ends' });
    const after = 'metric' in inj.trigger ? inj.trigger.afterInject : undefined;
    if (after !== undefined && (after === inj.id || !t.injects.some((x) => x.id === after)))
      problems.push({
        path: ['injects', i, 'trigger', 'afterInject'],
        message: `"${after}" is not another inject of this timeline`,
      });
  });
  const budget = m.checkpointProblem?.(t.checkpointEveryMinutes) ?? null;
  if (budget) problems.push({ path: ['checkpointEveryMinutes'], message: budget });
  return problems;
}

/** A timeline section checked against its model; throws a TimelineError naming the first problem. */
export function loadModelTimeline(json: unknown, m: TimelineModel): Timeline {
  const t = parseTimeline(json, m.levers);
  const raw = timelineSchema.parse(json ?? {});
  const first = timelineModelProblems(raw, m)[0];
  if (first) throw new TimelineError(`invalid timeline: ${first.path.join('.')}: ${first.message}`);
  return t;
}

/** What a Skype-model scenario's timeline is checked against. */
export function skypeTimelineModel(scenario: Scenario): TimelineModel {
  return {
    durationMinutes: scenario.model.durationMinutes,
    levers: LEVERS,
    facts: FACT_NAMES,
    effects: true,
    checkpointProblem: (every) => checkpointProblem(scenario.model, every),
  };
}

/** The timeline of a loaded Skype-model scenario; also checks that injects scheduled by minute fall inside it. */
export function loadTimeline(scenario: Scenario): Timeline {
  return loadModelTimeline(scenario.timeline, skypeTimelineModel(scenario));
}

/**
 * Why a checkpoint interval does not fit the memory budget for this network and length (null when it does):
 * one full snapshot per interval over the whole scenario must stay within CHECKPOINT_BUDGET_BYTES.
 */
export function checkpointProblem(model: Scenario['model'], everyMinutes: number): string | null {
  const bytes = checkpointBytes(model, everyMinutes);
  if (bytes <= CHECKPOINT_BUDGET_BYTES) return null;
  const mb = (b: number) => `${Math.round(b / (1024 * 1024))} MB`;
  return `a checkpoint every ${everyMinutes} minutes keeps ${mb(bytes)} of snapshots for this network; the budget is ${mb(CHECKPOINT_BUDGET_BYTES)} (every ${minCheckpointMinutes(model)} minutes or more)`;
}
