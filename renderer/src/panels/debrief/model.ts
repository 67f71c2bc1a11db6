/**
 * Pure parts of the debrief: what the session file says about the run (decisions, bookmarks), the model's
 * known limits (docs/model.md), and the analysis's four runs (yours, doing nothing, the 2010 response, par)
 * as chart points and as the state the scrubber shows at a minute.
 */
import { builtinScenario, builtinScenarioIds } from '../../../../sim-core/src/scenario/index';
import type { Scenario } from '../../../../sim-core/src/scenario/schema';
import type { TraceRow } from '../../../../sim-core/src/scoring/trace';
import { roleWords } from '../../format/roles';
import { LEVER_SPECS } from '../lever-model';
import type { SessionFile } from '../../../../sim-core/src/sessions/index';
import type { Analysis } from './analysis';

/** docs/model.md, "Known limits", in one line each. */
export const MODEL_LIMITS: readonly string[] = [
  'The supernode layer is bistable; where its tipping point falls depends on calibrated, unpublished parameters (capacity slack, warm-up, protection tolerance).',
  'The peak supernode load is about 20× normal, below the ≈100× in the post-mortem (which may count offered traffic at the busiest supernodes).',
  'The 2010 response is reconstructed: the record gives "hundreds" of mega-supernodes, more added overnight, and a "controlled" readmission, not counts, capacities or rates.',
  "The recovery is bistable too: a mega-supernode fleet just short of what breaks the storm leaves the network down; where that falls rests on how often host caches hand out Skype's own supernodes (calibrated, 7× per client of capacity).",
  'The login throttle gates the login step only: a throttled client waits connected to its supernode and stops searching (an assumption; the record says only "a controlled manner").',
  'Forced-update downloads run in the background; only the 2-minute restart takes a user off (an assumption about the updater).',
  'The offline-IM overload ramp (80% → 65% → 55% capacity over 105 min) is an assumption.',
  'Supernode hosts are not counted among the client cohorts (≈0.2% of clients).',
  'Client kinds are streamed across supernodes rather than split proportionally at each one; per-supernode mixes are lumpier.',
  'No geography in the physics: regions are labels for the view.',
  'Costs are illustrative 2010 prices.',
];

/** One line of the decision list. */
export interface DebriefEvent {
  minute: number;
  kind: 'command' | 'inject' | 'bookmark' | 'status' | 'end';
  who: string;
  text: string;
}

/**
 * A logged command in the console's own words: the lever's label and each argument by its label, with the
 * chosen option's label or the number and unit ("Disable feature (Feature: Offline IM, Action: Turn off)").
 */
export function commandWords(command: string, args: Readonly<Record<string, unknown>>): string {
  const spec = LEVER_SPECS.find((l) => l.name === command);
  if (!spec) return roleWords(command);
  const parts = Object.entries(args).map(([k, v]) => {
    const p = spec.params.find((x) => x.name === k);
    if (!p) return `${roleWords(k)}: ${String(v)}`;
    // A lifted limit (the throttle's perMinute: null) is said as such, not as "null per min".
    if (v === null) return `${p.label}: lifted`;
    if (p.kind === 'choice') {
      const o = p.options.find((x) => x.value === String(v));
      return `${p.label}: ${o?.label ?? String(v)}`;
    }
    return `${p.label}: ${typeof v === 'number' ? v.toLocaleString('en-US') : String(v)}${p.unit ? ` ${p.unit}` : ''}`;
  });
  return parts.length > 0 ? `${spec.label} (${parts.join(', ')})` : spec.label;
}

/** Who a facilitator inject speaks as in the scenario ("Monitoring: offline-IM cluster"), else its id in words. */
function injectWords(scenario: Scenario | null, id: string): string {
  const t = scenario?.timeline as { injects?: Array<{ id: string; from?: string }> } | undefined;
  return t?.injects?.find((i) => i.id === id)?.from ?? roleWords(id);
}

/** The session's log as readable lines, in order (plain words; ids stay in the session file). */
export function debriefEvents(session: SessionFile, scenario?: Scenario): DebriefEvent[] {
  const named =
    scenario ??
    ((builtinScenarioIds as readonly string[]).includes(session.scenario.id)
      ? builtinScenario(session.scenario.id)
      : null);
  return session.log.map((e) => {
    const who = roleWords(e.role);
    if (e.kind === 'command')
      return { minute: e.tick, kind: e.kind, who, text: commandWords(e.command, e.args) };
    if (e.kind === 'inject')
      return {
        minute: e.tick,
        kind: e.kind,
        who,
        text: `sent the message from ${injectWords(named, e.id)}`,
      };
    if (e.kind === 'bookmark') return { minute: e.tick, kind: e.kind, who, text: e.note };
    if (e.kind === 'status')
      return {
        minute: e.tick,
        kind: e.kind,
        who,
        text: e.event === 'opened' ? 'opened the status page' : 'published a status-page update',
      };
    return { minute: e.tick, kind: e.kind, who, text: 'ended the drill' };
  });
}

/** The traces a debrief compares, cut to the scored minutes (the run's length). */
export interface DebriefRuns {
  minutes: number;
  you: readonly TraceRow[];
  doNothing: readonly TraceRow[];
  historical: readonly TraceRow[] | null;
  par: readonly TraceRow[];
}

/** The four runs of an analysis, each cut to the run's length. */
export function debriefRuns(a: Pick<Analysis, 'replay' | 'par' | 'score'>): DebriefRuns {
  const m = a.score.minutes;
  const cut = (rows: readonly TraceRow[]) => rows.slice(0, m);
  return {
    minutes: m,
    you: cut(a.replay.trace.rows),
    doNothing: cut(a.par.traces.doNothing.rows),
    historical: a.par.traces.historical ? cut(a.par.traces.historical.rows) : null,
    par: cut(a.par.traces.par.rows),
  };
}

/** One chart point: clients online and supernodes alive in each run, and a normal day. */
export interface SeriesPoint {
  minute: number;
  expected: number;
  online: { you: number; doNothing: number; historical: number | null; par: number };
  alive: { you: number; doNothing: number; historical: number | null; par: number };
}

/** The runs as chart points, every minute or thinned to at most `maxPoints` (an even stride). */
export function debriefSeries(runs: DebriefRuns, maxPoints = 2000): SeriesPoint[] {
  const every = Math.max(1, Math.ceil(runs.minutes / maxPoints));
  const out: SeriesPoint[] = [];
  for (let i = 0; i < runs.minutes; i += every) out.push(pointAt(runs, i));
  if (runs.minutes > 0 && out.at(-1)!.minute !== runs.minutes - 1) out.push(pointAt(runs, runs.minutes - 1));
  return out;
}

function pointAt(runs: DebriefRuns, i: number): SeriesPoint {
  const y = runs.you[i]!;
  const n = runs.doNothing[i]!;
  const h = runs.historical?.[i] ?? null;
  const p = runs.par[i]!;
  return {
    minute: y.minute,
    expected: y.expectedOnline,
    online: { you: y.online, doNothing: n.online, historical: h?.online ?? null, par: p.online },
    alive: {
      you: y.supernodesAlive,
      doNothing: n.supernodesAlive,
      historical: h?.supernodesAlive ?? null,
      par: p.supernodesAlive,
    },
  };
}

/** What the scrubber shows at one minute: the state of each run then, and what had been done by then. */
export interface ScrubState {
  minute: number;
  you: TraceRow;
  doNothing: TraceRow;
  historical: TraceRow | null;
  par: TraceRow;
  /** Log lines said at or before the minute (decisions, injects, bookmarks). */
  done: DebriefEvent[];
}

/** The scrubber's state at `minute` (clamped to the scored minutes). */
export function scrubAt(runs: DebriefRuns, events: readonly DebriefEvent[], minute: number): ScrubState {
  const i = Math.max(0, Math.min(runs.minutes - 1, Math.round(minute)));
  return {
    minute: i,
    you: runs.you[i]!,
    doNothing: runs.doNothing[i]!,
    historical: runs.historical?.[i] ?? null,
    par: runs.par[i]!,
    done: events.filter((e) => e.minute <= i),
  };
}
