/**
 * `npm run sim -- --scenario skype-2010 [--seed N] [--hours H] [--policy none|historical|FILE]
 *                [--format table|csv|json] [--out FILE]`
 * Bad input exits with code 2 and one line naming the problem; never a stack trace.
 */
import { existsSync } from 'node:fs';
import {
  builtinCascadeScenario,
  ScenarioError,
  seededPolicyEntries,
  type FacebookScenario,
  type S3Scenario,
  type Scenario,
} from '../src/scenario/index';
import { runCascade, type CascadeRun } from '../src/model/index';
import { createCascadeDrillHost } from '../src/drill/index';
import {
  cascadePar,
  cascadeParWords,
  compareCascadeRun,
  type CascadeComparison,
  type CascadePar,
  type ScoredScenario,
} from '../src/scoring/cascade';
import { facebookModel, type FacebookCommand, type FacebookMetrics } from '../src/model/facebook';
import { s3Model, s3RegionMinutesTo90pct, type S3Command, type S3Metrics } from '../src/model/s3';
import { parsePolicy, parsePolicyText, POLICY_JSON_LIMITS, type Policy } from '../src/levers/index';
import { runDrill, SEED_MAX, SEED_MIN, type DrillRunResult } from '../src/drill/index';
import { TimelineError } from '../src/timeline/index';
import type { Score } from '../src/scoring/score';
import { scoreRun } from './par';
import { FlagReader, readTextFileWithin, terminalSafe, UsageError } from './args';
import { writeOutFile } from './out-file';

interface Args {
  scenario: string;
  seed: number;
  hours: number | undefined;
  policy: string;
  format: 'table' | 'csv' | 'json';
  out: string | undefined;
  score: boolean;
}

const USAGE =
  'usage: npm run sim -- --scenario skype-2010|skype-2007|facebook-2010|s3-2008 [--seed N] [--hours H] [--policy none|historical|FILE] [--format table|csv|json] [--out FILE] [--score]';

/** Parse argv (without node and script). */
export function parseArgs(argv: string[]): Args {
  const a: Args = {
    scenario: '',
    seed: 1,
    hours: undefined,
    policy: 'none',
    format: 'table',
    out: undefined,
    score: false,
  };
  const r = new FlagReader(argv, USAGE);
  for (let flag = r.next(); flag !== null; flag = r.next()) {
    switch (flag) {
      case '--scenario':
        a.scenario = r.value();
        break;
      case '--seed':
        a.seed = r.int(SEED_MIN, SEED_MAX);
        break;
      case '--hours': {
        const v = r.value();
        const h = Number(v);
        if (!/^\d+(\.\d+)?$/.test(v) || !(h > 0) || h > 336)
          throw new UsageError(`--hours must be a number in (0, 336], got "${v}"`);
        a.hours = h;
        break;
      }
      case '--policy':
        a.policy = r.value();
        break;
      case '--format': {
        const v = r.value();
        if (v !== 'table' && v !== 'csv' && v !== 'json')
          throw new UsageError(`--format must be table, csv or json, got "${v}"`);
        a.format = v;
        break;
      }
      case '--out':
        a.out = r.value();
        break;
      case '--score':
        a.score = true;
        break;
      default:
        r.unknown();
    }
  }
  if (!a.scenario) throw new UsageError(`--scenario is required; ${USAGE}`);
  return a;
}

function loadPolicy(name: string, scenario: Scenario, seed: number): Policy {
  if (name === 'none') return [];
  // Own keys only: `--policy constructor` names no policy (it is a name on every object's prototype).
  if (Object.hasOwn(scenario.policies, name)) return parsePolicy(seededPolicyEntries(scenario, name, seed));
  if (!existsSync(name)) {
    const known = ['none', ...Object.keys(scenario.policies)].join(', ');
    throw new UsageError(`policy "${name}" is neither a known policy (${known}) nor a readable file`);
  }
  const text = readTextFileWithin(name, POLICY_JSON_LIMITS.maxChars, 'policy file');
  let policy: Policy;
  try {
    policy = parsePolicyText(text, 'it');
  } catch (e) {
    throw new UsageError(`policy file ${name}: ${(e as Error).message}`);
  }
  const end = scenario.model.durationMinutes;
  const late = policy.find((p) => p.atMinute >= end);
  if (late)
    throw new UsageError(
      `policy file ${name}: a ${late.command.kind} command at minute ${late.atMinute} is at or after the scenario's end (minute ${end}): it could never be played`,
    );
  return policy;
}

/** The run's length in minutes: the scenario's, or `--hours`, which may not run past the scenario's end. */
function runMinutes(scenario: Scenario, hours: number | undefined): number {
  const end = scenario.model.durationMinutes;
  if (hours === undefined) return end;
  if (Math.round(hours * 60) > end)
    throw new UsageError(
      `--hours ${hours} is longer than the scenario (${end / 60} h); give at most --hours ${end / 60}`,
    );
  return Math.round(hours * 60);
}

/** One line about policy commands that a shorter `--hours` run leaves out (null when none is left out). */
export function lateCommandsNote(policy: Policy, minutes: number, hours: number | undefined): string | null {
  const late = policy.filter((p) => p.atMinute >= minutes).length;
  if (late === 0 || hours === undefined) return null;
  return `note: ${late} command${late === 1 ? '' : 's'} of the policy come${late === 1 ? 's' : ''} at or after minute ${minutes}, when this run ends (--hours ${hours}), and ${late === 1 ? 'is' : 'are'} not played`;
}

function render(
  r: DrillRunResult,
  format: Args['format'],
  scenario: Scenario,
  args: Args,
  score?: Score,
): string {
  if (format === 'json') {
    return (
      JSON.stringify({
        scenario: scenario.id,
        seed: args.seed,
        summary: r.summary,
        refused: r.refused,
        phases: r.phases,
        injects: r.injects,
        ...(score ? { score } : {}),
        series: r.series,
      }) + '\n'
    );
  }
  if (format === 'csv') {
    const cols = Object.keys(r.series[0] ?? {});
    return (
      [
        cols.join(','),
        ...r.series.map((row) => cols.map((c) => String(row[c as keyof typeof row])).join(',')),
      ].join('\n') + '\n'
    );
  }
  const s = r.summary;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const mins = (x: number | null) => (x === null ? 'never' : `${(x / 60).toFixed(1)} h`);
  const lines = [
    `${scenario.title} · seed ${args.seed} · policy ${terminalSafe(args.policy)}`,
    '',
    `peak online                ${s.peakOnline.toLocaleString('en-US')}`,
    s.troughAtMinute < 0
      ? 'trough online              n/a (the run ends before the trigger)'
      : `trough online              ${s.troughOnline.toLocaleString('en-US')} at minute ${s.troughAtMinute} (${mins(s.troughAtMinute - s.triggerAtMinute)} after the trigger)`,
    `5.0.0152 share             ${pct(s.buggyShare)}`,
    `5.0.0152 crashed (wave 1)  ${pct(s.buggyCrashedFraction)}`,
    `supernodes lost (wave 1)   ${pct(s.supernodesLostInitialFraction)}`,
    `peak supernode load        ${s.peakSupernodeLoadFactor.toFixed(1)}× normal`,
    `user-hours lost            ${Math.round(s.userMinutesLost / 60).toLocaleString('en-US')}`,
    `back to 30% / 80% / 90%    ${mins(s.minutesTo30pct)} / ${mins(s.minutesTo80pct)} / ${mins(s.minutesTo90pct)}`,
    `state hash                 ${s.stateHash}`,
  ];
  for (const x of r.refused)
    lines.push(terminalSafe(`refused at minute ${x.atMinute}: ${x.command}: ${x.reason}`));
  if (score) {
    const hist = score.historical ? ` · the 2010 response ${score.historical.headline.toFixed(1)}` : '';
    lines.push(
      `score                      ${score.headline.toFixed(1)} / 100 (grade ${score.grade}: ${score.gradeMeaning})${hist}`,
    );
    for (const n of score.notes) lines.push(`  note: ${n}`);
    for (const e of score.explanations)
      if (e.kind === 'grade' || e.kind === 'horizon') lines.push(`  ${e.text}`);
  }
  lines.push('', 'hour  clock  online       normal  supernodes  dedicated  OM latency');
  for (const row of r.series) {
    if (row.minute % 60 !== 0) continue;
    const clock = `${String(Math.floor(row.minuteOfDay / 60)).padStart(2, '0')}:${String(row.minuteOfDay % 60).padStart(2, '0')}`;
    lines.push(
      `${String(row.minute / 60).padStart(4)}  ${clock}  ${(row.online / 1e6).toFixed(2).padStart(6)}M  ${pct(row.online / Math.max(1, row.expectedOnline)).padStart(6)}  ${String(row.supernodesAlive).padStart(10)}  ${String(row.dedicatedSupernodes).padStart(9)}  ${(row.omLatencyMs / 1000).toFixed(1).padStart(8)} s`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A Facebook-model policy: a named one of the scenario, or a policy file, each entry checked by the model. */
function loadFacebookPolicy(
  name: string,
  scenario: FacebookScenario,
): Array<{ atMinute: number; command: FacebookCommand }> {
  return loadModelPolicy(name, scenario, facebookModel.parseCommand);
}

/** A policy of a model that states its own commands (Facebook, S3): named in the scenario, or a file. */
function loadModelPolicy<Cmd>(
  name: string,
  scenario: { policies: Record<string, unknown[]>; model: { durationMinutes: number } },
  parseCommand: (entry: Readonly<Record<string, unknown>>) => Cmd,
): Array<{ atMinute: number; command: Cmd }> {
  if (name === 'none') return [];
  let entries: unknown;
  if (Object.hasOwn(scenario.policies, name)) entries = scenario.policies[name];
  else if (!existsSync(name)) {
    const known = ['none', ...Object.keys(scenario.policies)].join(', ');
    throw new UsageError(`policy "${name}" is neither a known policy (${known}) nor a readable file`);
  } else {
    try {
      entries = JSON.parse(readTextFileWithin(name, POLICY_JSON_LIMITS.maxChars, 'policy file'));
    } catch (e) {
      throw new UsageError(`policy file ${name}: ${(e as Error).message}`);
    }
  }
  if (!Array.isArray(entries))
    throw new UsageError(
      `policy ${name}: must be a JSON array of { "atMinute": m, "command": "<name>", ... }`,
    );
  const end = scenario.model.durationMinutes;
  return entries.map((e: unknown, i) => {
    const entry = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const at = entry['atMinute'];
    if (typeof at !== 'number' || !Number.isInteger(at) || at < 0 || at >= end)
      throw new UsageError(
        `policy ${name}: entry ${i}: atMinute must be a whole minute from 0 to ${end - 1}`,
      );
    try {
      return { atMinute: at, command: parseCommand(entry) };
    } catch (err) {
      throw new UsageError(`policy ${name}: entry ${i} (minute ${at}): ${(err as Error).message}`);
    }
  });
}

/**
 * The drill around a Facebook-model run: the same policy said to the drill host (as the incident commander, or
 * the first role that holds every lever it orders), for the phases and the injects that fire with their text.
 * The host's run is the model's run (sim-core/test/drill-cascade.test.ts), so the summary stays runCascade's.
 */
function facebookTimeline(
  scenario: FacebookScenario,
  seed: number,
  minutes: number,
  policy: ReadonlyArray<{ atMinute: number; command: FacebookCommand }>,
): {
  phases: Array<{ phase: string; atMinute: number }>;
  injects: Array<{ id: string; atMinute: number; channel: string; text: string }>;
} {
  const injects: Array<{ id: string; atMinute: number; channel: string; text: string }> = [];
  const host = createCascadeDrillHost(
    scenario,
    seed,
    (m) => {
      if (m.type === 'inject')
        injects.push({ id: m.id, atMinute: m.atMinute, channel: m.channel, text: m.text });
    },
    { stopOnFullRecovery: false, traceOnly: true },
  );
  const roles = host.timeline.roles;
  const role =
    Object.keys(roles).find((r) => policy.every((p) => roles[r]!.includes(p.command.kind))) ??
    'incidentCommander';
  host.receive({ v: 1, type: 'start' });
  for (const { atMinute, command } of policy) {
    if (atMinute >= minutes) break;
    if (atMinute > host.minute()) host.receive({ v: 1, type: 'step', ticks: atMinute - host.minute() });
    const { kind, ...args } = command;
    host.receive({ v: 1, type: 'command', role, command: kind, args });
  }
  if (minutes > host.minute()) host.receive({ v: 1, type: 'step', ticks: minutes - host.minute() });
  const phases = host.phases();
  host.dispose();
  return { phases, injects };
}

/** `--score` for a model other than Skype: the run against doing nothing and the record, and par (scoring/cascade.ts). */
interface CascadeScore extends CascadeComparison {
  par: CascadePar;
}

function renderFacebook(
  r: CascadeRun<FacebookMetrics>,
  format: Args['format'],
  scenario: FacebookScenario,
  args: Args,
  score?: CascadeScore,
  drill?: ReturnType<typeof facebookTimeline>,
): string {
  if (format === 'json')
    return (
      JSON.stringify({
        scenario: scenario.id,
        model: 'facebook',
        seed: args.seed,
        summary: r.summary,
        refused: r.refused,
        ...(drill ? { phases: drill.phases, injects: drill.injects } : {}),
        series: r.series,
        ...(score ? { score } : {}),
      }) + '\n'
    );
  if (format === 'csv') {
    const cols = Object.keys(r.series[0] ?? {}) as Array<keyof FacebookMetrics>;
    return (
      [cols.join(','), ...r.series.map((row) => cols.map((c) => String(row[c])).join(','))].join('\n') + '\n'
    );
  }
  const s = r.summary;
  const mins = (x: number | null) => (x === null ? 'never' : `${(x / 60).toFixed(1)} h`);
  const peak = r.series.reduce((a, x) => (x.queryQps > a.queryQps ? x : a), r.series[0]!);
  const lines = [
    `${scenario.title} · seed ${args.seed} · policy ${terminalSafe(args.policy)}`,
    '',
    `trigger                    minute ${s.triggerAtMinute}`,
    `peak query rate            ${peak.queryQps.toLocaleString('en-US')} a second at minute ${peak.minute} (capacity ${scenario.model.database.capacityQps.toLocaleString('en-US')})`,
    `user-hours lost            ${Math.round(s.userMinutesLost / 60).toLocaleString('en-US')}`,
    `back to 90%                ${mins(s.minutesTo90pct)} after the trigger`,
    `state hash                 ${s.stateHash}`,
  ];
  for (const x of r.refused)
    lines.push(terminalSafe(`refused at minute ${x.atMinute}: ${x.command}: ${x.reason}`));
  lines.push('', 'minute  GMT    online     normal  queries/s  served/s  bad clients  db health  admitted');
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  for (const row of r.series) {
    if (row.minute % 15 !== 0 && row.minute !== s.triggerAtMinute) continue;
    const mod = (scenario.model.startMinuteOfDay + row.minute) % 1440;
    const clock = `${String(Math.floor(mod / 60)).padStart(2, '0')}:${String(mod % 60).padStart(2, '0')}`;
    lines.push(
      `${String(row.minute).padStart(6)}  ${clock}  ${(row.online / 1e6).toFixed(1).padStart(5)}M  ${pct(row.online / Math.max(1, row.expectedOnline)).padStart(6)}  ${String(row.queryQps).padStart(9)}  ${String(row.servedQps).padStart(8)}  ${pct(row.badClientShare).padStart(11)}  ${pct(row.dbHealth).padStart(9)}  ${pct(row.admittedShare).padStart(8)}`,
    );
  }
  if (score) {
    lines.push('', 'score', ...score.words.map((w) => `  ${w}`));
    lines.push(
      `  ${cascadeParWords(score.par, facebookModel.levers(scenario.model), (m) => `at minute ${m}`)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** A Facebook-model run through the cascade model interface; `--score` adds nothing, the record and par. */
function runFacebook(args: Args, scenario: FacebookScenario): string {
  const end = scenario.model.durationMinutes;
  const minutes = args.hours === undefined ? end : Math.round(args.hours * 60);
  if (minutes > end)
    throw new UsageError(
      `--hours ${args.hours} is longer than the scenario (${end / 60} h); give at most --hours ${end / 60}`,
    );
  const policy = loadFacebookPolicy(args.policy, scenario);
  const late = policy.filter((p) => p.atMinute >= minutes).length;
  if (late > 0 && args.hours !== undefined)
    process.stderr.write(
      `sim: note: ${late} command${late === 1 ? '' : 's'} of the policy come at or after minute ${minutes}, when this run ends, and are not played\n`,
    );
  const r = runCascade(facebookModel, scenario.model, args.seed, minutes, policy);
  const scored = scenario as unknown as ScoredScenario;
  const score = args.score
    ? {
        ...compareCascadeRun(scored, args.seed, minutes, r.summary),
        par: cascadePar(scored, args.seed, { minutes }),
      }
    : undefined;
  const drill = args.format === 'json' ? facebookTimeline(scenario, args.seed, minutes, policy) : undefined;
  return renderFacebook(r, args.format, scenario, args, score, drill);
}

function renderS3(
  r: CascadeRun<S3Metrics>,
  format: Args['format'],
  scenario: S3Scenario,
  args: Args,
): string {
  if (format === 'json')
    return (
      JSON.stringify({
        scenario: scenario.id,
        model: 's3',
        seed: args.seed,
        summary: r.summary,
        refused: r.refused,
        series: r.series,
      }) + '\n'
    );
  if (format === 'csv') {
    const cols = Object.keys(r.series[0] ?? {}) as Array<keyof S3Metrics>;
    return (
      [cols.join(','), ...r.series.map((row) => cols.map((c) => String(row[c])).join(','))].join('\n') + '\n'
    );
  }
  const s = r.summary;
  const mins = (x: number | null) => (x === null ? 'never' : `${(x / 60).toFixed(1)} h`);
  const lines = [
    `${scenario.title} · seed ${args.seed} · policy ${terminalSafe(args.policy)}`,
    '',
    `trigger                    minute ${s.triggerAtMinute}`,
    `requests not served        ${Math.round(s.userMinutesLost * 60).toLocaleString('en-US')}`,
    `back to 90%                ${mins(s.minutesTo90pct)} after the trigger`,
    `  the US                   ${mins(s3RegionMinutesTo90pct(r.series, s.triggerAtMinute, 'us'))} after the trigger`,
    `  the EU                   ${mins(s3RegionMinutesTo90pct(r.series, s.triggerAtMinute, 'eu'))} after the trigger`,
    `state hash                 ${s.stateHash}`,
  ];
  for (const x of r.refused)
    lines.push(terminalSafe(`refused at minute ${x.atMinute}: ${x.command}: ${x.reason}`));
  lines.push(
    '',
    'minute  GMT    served/s   normal   US ok/bad/failed/stopped  US gossip   EU ok/bad/failed/stopped  EU gossip',
  );
  const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
  const fleet = (a: number, b: number, c: number, d: number) => `${a}/${b}/${c}/${d}`.padStart(24);
  for (const row of r.series) {
    if (row.minute % 15 !== 0 && row.minute !== s.triggerAtMinute) continue;
    const mod = (scenario.model.startMinuteOfDay + row.minute) % 1440;
    const clock = `${String(Math.floor(mod / 60)).padStart(2, '0')}:${String(mod % 60).padStart(2, '0')}`;
    lines.push(
      `${String(row.minute).padStart(6)}  ${clock}  ${String(row.online).padStart(8)}  ${pct(row.online / Math.max(1, row.expectedOnline)).padStart(7)}  ${fleet(row.usHealthy, row.usInfected, row.usFailed, row.usStopped)}  ${pct(row.usGossipShare).padStart(9)}  ${fleet(row.euHealthy, row.euInfected, row.euFailed, row.euStopped)}  ${pct(row.euGossipShare).padStart(9)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** An S3-model run through the cascade model interface (no timeline, score or par for it yet). */
function runS3(args: Args, scenario: S3Scenario): string {
  if (args.score)
    throw new UsageError(
      `--score is not available for ${scenario.id} yet: only Skype-model scenarios are scored`,
    );
  const end = scenario.model.durationMinutes;
  const minutes = args.hours === undefined ? end : Math.round(args.hours * 60);
  if (minutes > end)
    throw new UsageError(
      `--hours ${args.hours} is longer than the scenario (${end / 60} h); give at most --hours ${end / 60}`,
    );
  const policy: Array<{ atMinute: number; command: S3Command }> = loadModelPolicy(
    args.policy,
    scenario,
    s3Model.parseCommand,
  );
  const late = policy.filter((p) => p.atMinute >= minutes).length;
  if (late > 0 && args.hours !== undefined)
    process.stderr.write(
      `sim: note: ${late} command${late === 1 ? '' : 's'} of the policy come at or after minute ${minutes}, when this run ends, and are not played\n`,
    );
  const r = runCascade(s3Model, scenario.model, args.seed, minutes, policy);
  return renderS3(r, args.format, scenario, args);
}

/** Entry point; returns the exit code. */
export function main(argv: string[]): number {
  try {
    const args = parseArgs(argv);
    const loaded = builtinCascadeScenario(args.scenario);
    if (loaded.kind === 'facebook' || loaded.kind === 's3') {
      const text =
        loaded.kind === 'facebook' ? runFacebook(args, loaded.scenario) : runS3(args, loaded.scenario);
      if (args.out) writeOutFile(args.out, text);
      else process.stdout.write(text);
      return 0;
    }
    const scenario = loaded.scenario;
    const minutes = runMinutes(scenario, args.hours);
    const policy = loadPolicy(args.policy, scenario, args.seed);
    const note = lateCommandsNote(policy, minutes, args.hours);
    if (note) process.stderr.write(`sim: ${terminalSafe(note)}\n`);
    const result = runDrill(scenario, { seed: args.seed, hours: args.hours, policy });
    const score = args.score ? scoreRun(scenario, args.seed, result, policy) : undefined;
    const text = render(result, args.format, scenario, args, score);
    if (args.out) writeOutFile(args.out, text);
    else process.stdout.write(text);
    return 0;
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError || e instanceof TimelineError) {
      process.stderr.write(`sim: ${terminalSafe(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`sim: ${terminalSafe((e as Error).message ?? String(e))}\n`);
    return 1;
  }
}

if (process.argv[1] && /cli[\\/]sim\.ts$/.test(process.argv[1]))
  process.exitCode = main(process.argv.slice(2));
