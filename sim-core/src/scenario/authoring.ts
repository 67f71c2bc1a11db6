/**
 * Scenario authoring: the whole file format as one zod schema (the scenario schema with the timeline
 * section the timeline layer owns), every problem of a file with its JSON path, and the JSON Schema an
 * author's editor checks as they type. Nothing here restates a rule: the schema is generated from the zod
 * schemas, and the problems are what `loadScenario` and `loadTimeline` would refuse, all of them at once.
 */
import { z } from 'zod';
import { facebookScenarioSchema, s3ScenarioSchema, scenarioSchema } from './schema';
import { facebookModel } from '../model/facebook';
import { s3Model } from '../model/s3';
import { cascadeFacts } from '../model/cascade';
import {
  checkpointProblem,
  timelineModelProblems,
  timelineSchema,
  type TimelineModel,
} from '../timeline/schema';
import { FACT_NAMES } from '../timeline/facts';
import { cascadeModelOf, LEVERS } from '../levers/index';

/** The scenario file with its timeline section checked too (the format an author writes). */
export const scenarioFileSchema = scenarioSchema.extend({ timeline: timelineSchema.optional() });

/** A Facebook 2010 scenario file (`model.kind: "facebook"`), its timeline section checked too. */
export const facebookScenarioFileSchema = facebookScenarioSchema.extend({
  timeline: timelineSchema.optional(),
});

/** The timeline problems of a file against its model, as loading it would find them (paths under `timeline`). */
function timelineProblems(
  timeline: z.infer<typeof timelineSchema> | undefined,
  m: TimelineModel,
): ScenarioProblem[] {
  if (timeline === undefined) return [];
  return timelineModelProblems(timeline, m).map((p) => ({
    path: jsonPath(['timeline', ...p.path]),
    message: p.message,
  }));
}

/** An S3 2008 scenario file (`model.kind: "s3"`; no timeline section yet). */
export const s3ScenarioFileSchema = s3ScenarioSchema;

/** Every form a scenario file may take, one per model kind (the published JSON Schema). */
const anyScenarioFileSchema = z.union([scenarioFileSchema, facebookScenarioFileSchema, s3ScenarioFileSchema]);

/** One thing wrong with a scenario file: where (a JSON path such as `$.model.effects[0].factor`) and what. */
export interface ScenarioProblem {
  path: string;
  message: string;
}

/** `['model', 'effects', 0, 'factor']` -> `$.model.effects[0].factor`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let s = '$';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(p)) s += `.${p}`;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

/**
 * Every problem of a parsed JSON value as a scenario file, in document order as zod reports them; empty
 * when the file would load and play. Includes the checks that need the whole file (injects scheduled after
 * the scenario ends).
 */
export function scenarioProblems(json: unknown): ScenarioProblem[] {
  if (isFacebookFile(json)) return facebookProblems(json);
  if (modelKind(json) === 's3') return s3Problems(json);
  const r = scenarioFileSchema.safeParse(json);
  if (!r.success) return r.error.issues.map((i) => ({ path: jsonPath(i.path), message: plainMessage(i) }));
  const problems: ScenarioProblem[] = timelineProblems(r.data.timeline, {
    durationMinutes: r.data.model.durationMinutes,
    levers: LEVERS,
    facts: FACT_NAMES,
    effects: true,
  }).map((p) =>
    p.message === 'after the scenario ends'
      ? {
          ...p,
          message: `after the scenario ends (model.durationMinutes is ${r.data.model.durationMinutes})`,
        }
      : p,
  );
  r.data.model.effects.forEach((e, i) => {
    if (e.atMinute >= r.data.model.durationMinutes)
      problems.push({
        path: jsonPath(['model', 'effects', i, 'atMinute']),
        message: `after the scenario ends (model.durationMinutes is ${r.data.model.durationMinutes})`,
      });
  });
  // A file without a timeline section plays with the section's defaults: its checkpoint interval too.
  const every = (r.data.timeline ?? timelineSchema.parse({})).checkpointEveryMinutes;
  const budget = checkpointProblem(r.data.model, every);
  if (budget) problems.push({ path: jsonPath(['timeline', 'checkpointEveryMinutes']), message: budget });
  for (const [name, entries] of Object.entries(r.data.policies))
    entries.forEach((e, i) => {
      if (e.atMinute >= r.data.model.durationMinutes)
        problems.push({
          path: jsonPath(['policies', name, i, 'atMinute']),
          message: `after the scenario ends (model.durationMinutes is ${r.data.model.durationMinutes})`,
        });
    });
  return problems;
}

function isFacebookFile(json: unknown): boolean {
  const model = typeof json === 'object' && json !== null ? (json as { model?: unknown }).model : undefined;
  return typeof model === 'object' && model !== null && (model as { kind?: unknown }).kind === 'facebook';
}

/** Problems of a Facebook-model file: its schema, then minutes past the scenario's end. */
function facebookProblems(json: unknown): ScenarioProblem[] {
  const r = facebookScenarioFileSchema.safeParse(json);
  if (!r.success) return r.error.issues.map((i) => ({ path: jsonPath(i.path), message: plainMessage(i) }));
  const end = r.data.model.durationMinutes;
  // The timeline is checked against the model as the drill host loads it: its levers and facts (levers/models.ts).
  const model = cascadeModelOf(r.data.model.kind);
  const problems: ScenarioProblem[] = timelineProblems(r.data.timeline, {
    durationMinutes: end,
    levers: model.levers(r.data.model).map((l) => l.kind),
    facts: cascadeFacts(model, r.data.model).map((f) => f.name),
    effects: false,
  }).map((p) =>
    p.message === 'after the scenario ends'
      ? { ...p, message: `after the scenario ends (model.durationMinutes is ${end})` }
      : p,
  );
  const late = (path: PropertyKey[]) =>
    problems.push({
      path: jsonPath(path),
      message: `after the scenario ends (model.durationMinutes is ${end})`,
    });
  r.data.model.effects.forEach((e, i) => e.atMinute >= end && late(['model', 'effects', i, 'atMinute']));
  policyProblems(r.data.policies, end, facebookModel.parseCommand, problems);
  return problems;
}

function modelKind(json: unknown): unknown {
  const model = typeof json === 'object' && json !== null ? (json as { model?: unknown }).model : undefined;
  return typeof model === 'object' && model !== null ? (model as { kind?: unknown }).kind : undefined;
}

/** Problems of an S3-model file (no timeline section yet): its schema, then minutes past the end, then its policies. */
function s3Problems(json: unknown): ScenarioProblem[] {
  const r = s3ScenarioFileSchema.safeParse(json);
  if (!r.success) return r.error.issues.map((i) => ({ path: jsonPath(i.path), message: plainMessage(i) }));
  const end = r.data.model.durationMinutes;
  const problems: ScenarioProblem[] = [];
  r.data.model.effects.forEach((e, i) => {
    if (e.atMinute >= end)
      problems.push({
        path: jsonPath(['model', 'effects', i, 'atMinute']),
        message: `after the scenario ends (model.durationMinutes is ${end})`,
      });
  });
  policyProblems(r.data.policies, end, s3Model.parseCommand, problems);
  return problems;
}

/** Each policy entry past the end, and each the model's own parser refuses (as a run would read it). */
function policyProblems(
  policies: Record<string, ReadonlyArray<Readonly<Record<string, unknown>> & { atMinute: number }>>,
  end: number,
  parseCommand: (entry: Readonly<Record<string, unknown>>) => unknown,
  problems: ScenarioProblem[],
): void {
  for (const [name, entries] of Object.entries(policies))
    entries.forEach((e, i) => {
      if (e.atMinute >= end)
        problems.push({
          path: jsonPath(['policies', name, i, 'atMinute']),
          message: `after the scenario ends (model.durationMinutes is ${end})`,
        });
      try {
        parseCommand(e);
      } catch (err) {
        problems.push({ path: jsonPath(['policies', name, i, 'command']), message: (err as Error).message });
      }
    });
}

/** zod's message, with the allowed values spelled out where zod only says "invalid". */
function plainMessage(i: z.core.$ZodIssue): string {
  if (i.code === 'unrecognized_keys')
    return `unknown field${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`;
  if (i.code === 'invalid_type' && /received undefined$/.test(i.message))
    return `missing (expected ${i.expected})`;
  if (i.code === 'invalid_union') return 'matches none of the allowed forms (see docs/scenario-format.md)';
  return i.message;
}

/** Where the published JSON Schema lives, relative to the repository root. */
export const SCENARIO_JSON_SCHEMA_PATH = 'assets/scenarios/scenario.schema.json';

/**
 * The JSON Schema (draft 2020-12) of the scenario file, generated from the zod schemas. `descriptions` maps
 * a field path as the author's guide writes it (`model.population.total`, `model.effects[].atMinute`,
 * `policies.<name>[].command`) to the sentence an editor shows on hover. Rules JSON Schema cannot state
 * (shares summing to 1, cross-field checks) are left to `npm run scenario -- validate`.
 */
export function scenarioJsonSchema(descriptions: ReadonlyMap<string, string> = new Map()): object {
  const schema = z.toJSONSchema(anyScenarioFileSchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  walkSchema(schema, '', (node, path) => {
    const d = descriptions.get(path);
    if (d !== undefined) node['description'] = d;
  });
  return {
    $schema: schema['$schema'],
    $id: 'https://cascade-drill.invalid/scenario.schema.json',
    title: 'Cascade Drill scenario',
    description:
      'A Cascade Drill scenario file. Generated from sim-core/src/scenario (npm run scenario -- schema); do not edit by hand. See docs/scenario-format.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  };
}

/**
 * Every field path of the file format, as the author's guide writes them (see scenarioJsonSchema). Union
 * members (the command kinds) share paths.
 */
export function scenarioFieldPaths(): string[] {
  const schema = z.toJSONSchema(anyScenarioFileSchema, { io: 'input', unrepresentable: 'any' });
  const paths = new Set<string>();
  walkSchema(schema as Record<string, unknown>, '', (_node, path) => {
    if (path) paths.add(path);
  });
  return [...paths];
}

type Node = Record<string, unknown>;

/** Visit every schema node that stands for a field, with its guide-style path. */
function walkSchema(node: Node, path: string, visit: (node: Node, path: string) => void): void {
  const props = node['properties'] as Record<string, Node> | undefined;
  if (props)
    for (const [k, child] of Object.entries(props)) {
      const p = path ? `${path}.${k}` : k;
      visit(child, p);
      walkSchema(child, p, visit);
    }
  const items = node['items'] as Node | undefined;
  if (items && typeof items === 'object' && !Array.isArray(items)) walkSchema(items, `${path}[]`, visit);
  const extra = node['additionalProperties'] as Node | boolean | undefined;
  if (extra && typeof extra === 'object') {
    const key = path === 'policies' ? '<name>' : path === 'timeline.roles' ? '<role>' : '<key>';
    walkSchema(extra, `${path}.${key}`, visit);
  }
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[k] as Node[] | undefined;
    if (list) for (const sub of list) walkSchema(sub, path, visit);
  }
}
