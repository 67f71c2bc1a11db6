/**
 * What the drill host needs from a scenario's model, in one shape: step, metrics, snapshot/restore/hash, the
 * timeline machine's world port (checks, lead times, parsing, facts), the pending orders and the model's part
 * of `ready`, `snapshot` and `metrics`. Two kinds stand behind it: the Skype model with its supernode map
 * (`skypeWorld`, the path the console's map reads) and any other cascade model through the cascade model
 * interface (`cascadeWorld`), found by its `model.kind` in the levers layer's registry.
 */
import {
  cascadeFacts,
  createSim,
  currentTick,
  hash,
  leadMinutes,
  metrics,
  pendingCommands,
  restore,
  snapshot,
  step,
  summarise,
  supernodeView,
  REGIONS,
  type AnyCascadeModel,
  type CascadeFact,
  type CascadeMetrics,
  type CascadeSim,
  type CascadeSummary,
  type ModelCommand,
  type SimInput,
  type SimMetrics,
  type Sim,
} from '../model/index';
import { checkLever, leverContext, skypeCascadeModel, type LeverResult } from '../levers/index';
import type { Scenario } from '../scenario/schema';
import {
  cascadeFactsOf,
  emptyFacts,
  factsOf,
  loadModelTimeline,
  loadTimeline,
  type Timeline,
  type WorldPort,
} from '../timeline/index';
import { SummaryAccumulator, seriesRow, type RunSummary, type SeriesRow } from './summary';
import type { CascadeMetricsRow, DrillOut, LeverPreviewView, PendingView } from './protocol';

type ReadyOut = Extract<DrillOut, { type: 'ready' }>;
type SnapshotOut = Extract<DrillOut, { type: 'snapshot' }>;
type MetricsOut = Extract<DrillOut, { type: 'metrics' }>;
/** The model's part of a message: everything but the common fields the host fills in. */
type Part<T, Common extends keyof T> = T extends unknown ? Omit<T, Common> : never;

/** A scenario of any model, as the host reads it (the scenario layer validated it). */
export interface DrillScenario {
  id: string;
  title: string;
  startIso: string;
  model: { kind?: string; durationMinutes: number; startMinuteOfDay: number };
  timeline?: unknown;
}

/** The model of one drill, behind the host. */
export interface DrillWorld<Summary = CascadeSummary, Row = CascadeMetrics> {
  readonly model: string;
  readonly timeline: Timeline;
  tick(): number;
  triggerMinute(): number;
  step(inputs: readonly SimInput[]): void;
  /** Metrics of the last completed tick, as the machine and the history keep them. */
  metrics(): SimMetrics | CascadeMetrics;
  snapshot(): Uint8Array;
  restore(bytes: Uint8Array): void;
  hash(): string;
  /** The timeline machine's port onto this world (reads the current sim, so it follows restores). */
  port: WorldPort;
  /** Orders waiting for their lead time: the model's and the machine's accepted-but-not-stepped ones. */
  pending(queued: readonly SimInput[]): PendingView[];
  ready(): { part: Part<ReadyOut, keyof ReadyOutCommon>; transfer: ArrayBuffer[] };
  snapshotView(
    queued: readonly SimInput[],
    hasHistory: boolean,
  ): { part: Part<SnapshotOut, keyof SnapshotOutCommon>; transfer: ArrayBuffer[] };
  metricsPart(rows: ReadonlyArray<SimMetrics | CascadeMetrics>): Part<MetricsOut, 'v' | 'type' | 'minute'>;
  /** A lever's preview at given arguments (null: the arguments do not parse; the reason is in the preview). */
  preview(command: string, args: Record<string, unknown>): LeverPreviewView;
  summary(history: ReadonlyArray<SimMetrics | CascadeMetrics>): Summary;
  seriesRow(m: SimMetrics | CascadeMetrics): Row;
}

/** Common `ready` fields (the host's). */
type ReadyOutCommon = Pick<
  ReadyOut,
  | 'v'
  | 'type'
  | 'scenarioId'
  | 'title'
  | 'startIso'
  | 'startMinuteOfDay'
  | 'durationMinutes'
  | 'seed'
  | 'speeds'
  | 'levers'
  | 'roles'
  | 'briefing'
  | 'injects'
>;
/** Common `snapshot` fields (the host's). */
type SnapshotOutCommon = Pick<
  SnapshotOut,
  'v' | 'type' | 'minute' | 'session' | 'speed' | 'phase' | 'pending' | 'stateHash'
>;

const queuedCommand = ({ tick: _t, ...c }: SimInput): ModelCommand => c as ModelCommand;

/** The Skype model with its supernode map: exactly the host's original path. */
export function skypeWorld(scenario: Scenario, seed: number): DrillWorld<RunSummary, SeriesRow> {
  let sim: Sim = createSim(scenario, seed);
  const timeline = loadTimeline(scenario);
  const leverInfo = skypeCascadeModel.levers(scenario.model);
  const facts = cascadeFacts(skypeCascadeModel, scenario.model);
  const cascade = () => skypeCascadeModel.restore(scenario.model, snapshot(sim));
  return {
    model: 'skype',
    timeline,
    tick: () => currentTick(sim),
    triggerMinute: () => sim.params.triggerMinute,
    step: (inputs) => step(sim, inputs),
    metrics: () => metrics(sim),
    snapshot: () => snapshot(sim),
    restore: (bytes) => {
      sim = restore(scenario, bytes);
    },
    hash: () => hash(sim),
    port: {
      check: (c, also) => checkLever(sim, c, also),
      leadMinutes: (c: ModelCommand) => leadMinutes(sim, c),
      facts: (m, baseline) => factsOf(m as SimMetrics, baseline, sim.params.triggerMinute),
    },
    pending(queued) {
      const now = currentTick(sim);
      const pending: PendingView[] = pendingCommands(sim).map((p) => ({
        command: p.command.kind,
        issuedAtMinute: p.issued,
        takesEffectAtMinute: p.at,
        minutesLeft: p.at - now,
      }));
      for (const q of queued) {
        const at = now + leadMinutes(sim, queuedCommand(q));
        pending.push({
          command: q.kind,
          issuedAtMinute: now,
          takesEffectAtMinute: at,
          minutesLeft: at - now,
        });
      }
      return pending;
    },
    ready() {
      const view = supernodeView(sim);
      const region = view.region.slice();
      return {
        part: {
          view: 'supernodes',
          model: 'skype',
          triggerMinute: sim.params.triggerMinute,
          leverInfo,
          facts,
          supernodeCount: view.count,
          regions: REGIONS,
          region,
        },
        transfer: [],
      };
    },
    snapshotView(queued, hasHistory) {
      const view = supernodeView(sim);
      const state = view.state.slice();
      const load = view.load.slice();
      const attached = view.attached.slice();
      const dedicated = view.dedicated.slice();
      const hostKind = view.hostKind.slice();
      return {
        part: {
          view: 'supernodes',
          state,
          load,
          attached,
          dedicated,
          hostKind,
          metrics: hasHistory ? metrics(sim) : null,
          levers: leverContext(sim, queued.map(queuedCommand)),
        },
        transfer: [state.buffer, load.buffer, attached.buffer, dedicated.buffer, hostKind.buffer],
      };
    },
    metricsPart: (rows) => ({
      view: 'supernodes',
      rows: (rows as SimMetrics[]).map(seriesRow),
      last: rows[rows.length - 1] as SimMetrics,
    }),
    preview: (command, args) => previewOf(cascade(), (e) => skypeCascadeModel.parseCommand(e), command, args),
    summary(history) {
      const acc = new SummaryAccumulator(scenario);
      for (const m of history) acc.add(sim, m as SimMetrics);
      return acc.finish(sim);
    },
    seriesRow: (m) => seriesRow(m as SimMetrics),
  };
}

/** Any cascade model through the interface: its facts, levers, checks and previews as it states them. */
export function cascadeWorld(
  model: AnyCascadeModel,
  scenario: DrillScenario,
  seed: number,
): DrillWorld<CascadeSummary, CascadeMetricsRow> {
  const params = scenario.model;
  let sim: CascadeSim<{ kind: string }> = model.create(params, seed);
  const leverInfo = model.levers(params);
  const leverNames = leverInfo.map((l) => l.kind);
  const facts: CascadeFact[] = cascadeFacts(model, params);
  const factNames = facts.map((f) => f.name);
  const timeline = loadModelTimeline(scenario.timeline, {
    durationMinutes: params.durationMinutes,
    levers: leverNames,
    facts: factNames,
    effects: false,
  });
  const parse = (e: Record<string, unknown>) => model.parseCommand(e);
  const parsed = (lever: string, args: Record<string, unknown>): LeverResult => {
    try {
      return { ok: true, command: parse({ ...args, command: lever }) as ModelCommand };
    } catch (e) {
      return { ok: false, check: 'argsValid', reason: e instanceof Error ? e.message : String(e) };
    }
  };
  const defaults = (lever: string): Record<string, number> =>
    Object.fromEntries(
      (leverInfo.find((l) => l.kind === lever)?.args ?? []).map((a) => [a.name, a.default] as const),
    );
  const row = (m: SimMetrics | CascadeMetrics): CascadeMetricsRow => ({ ...(m as CascadeMetricsRow) });
  const lead = (c: { kind: string }) => sim.preview(c).leadMinutes;
  return {
    model: model.kind,
    timeline,
    tick: () => sim.tick(),
    triggerMinute: () => sim.triggerMinute(),
    step: (inputs) => sim.step(inputs as ReadonlyArray<{ kind: string; tick: number }>),
    metrics: () => sim.metrics(),
    snapshot: () => sim.snapshot(),
    restore: (bytes) => {
      sim = model.restore(params, bytes);
    },
    hash: () => sim.hash(),
    port: {
      leverNames,
      parse: parsed,
      check: (c, also) => {
        const reason = sim.check(c, also);
        return reason === null
          ? { ok: true, command: c }
          : { ok: false, check: 'notAlreadyInEffect', reason };
      },
      leadMinutes: lead,
      facts: (m) => cascadeFactsOf(m as CascadeMetrics, factNames, sim.triggerMinute()),
      baseline: () => 0,
      emptyFacts: () => emptyFacts(factNames),
    },
    pending(queued) {
      const now = sim.tick();
      const pending: PendingView[] = (sim.pending?.() ?? []).map((p) => ({
        command: p.command.kind,
        issuedAtMinute: p.issuedAtMinute,
        takesEffectAtMinute: p.takesEffectAtMinute,
        minutesLeft: p.takesEffectAtMinute - now,
      }));
      for (const q of queued) {
        const at = now + lead(queuedCommand(q));
        pending.push({
          command: q.kind,
          issuedAtMinute: now,
          takesEffectAtMinute: at,
          minutesLeft: at - now,
        });
      }
      return pending;
    },
    ready: () => ({
      part: { view: 'cascade', model: model.kind, triggerMinute: sim.triggerMinute(), leverInfo, facts },
      transfer: [],
    }),
    snapshotView: (_queued, hasHistory) => ({
      part: {
        view: 'cascade',
        metrics: hasHistory ? row(sim.metrics()) : null,
        previews: timeline.levers.map((l) => previewOf(sim, parse, l, defaults(l))),
      },
      transfer: [],
    }),
    metricsPart: (rows) => ({ view: 'cascade', rows: rows.map(row), last: row(rows[rows.length - 1]!) }),
    preview: (command, args) => previewOf(sim, parse, command, { ...defaults(command), ...args }),
    summary: (history) => summarise(sim, history as CascadeMetrics[]),
    seriesRow: row,
  };
}

/** The model's preview of a lever at these arguments; arguments it does not accept make a refusal. */
function previewOf(
  sim: CascadeSim<{ kind: string }>,
  parse: (e: Record<string, unknown>) => { kind: string },
  command: string,
  args: Record<string, unknown>,
): LeverPreviewView {
  const numbers = Object.fromEntries(
    Object.entries(args).filter((e): e is [string, number] => typeof e[1] === 'number'),
  );
  let c: { kind: string };
  try {
    c = parse({ ...args, command });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return {
      command,
      args: numbers,
      preview: {
        ok: false,
        refusal: reason,
        leadMinutes: 0,
        takesEffectAtMinute: sim.tick(),
        consequences: [],
      },
    };
  }
  return { command, args: numbers, preview: sim.preview(c) };
}
