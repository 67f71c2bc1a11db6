/**
 * Scenario loading: parse, never trust. Every scenario (built-in or a user's file) goes through loadScenario,
 * which returns a validated Scenario or throws a ScenarioError whose message names the first problem.
 */
import { drawnTriggerMinute } from '../model/variation';

export { drawnTriggerMinute };
import {
  facebookScenarioSchema,
  s3ScenarioSchema,
  scenarioSchema,
  type FacebookScenario,
  type S3Scenario,
  type Scenario,
} from './schema';
import type { JsonLimits } from './json';
import skype2010 from '../../../assets/scenarios/skype-2010.json';
import skype2007 from '../../../assets/scenarios/skype-2007.json';
import facebook2010 from '../../../assets/scenarios/facebook-2010.json';
import s3_2008 from '../../../assets/scenarios/s3-2008.json';

export {
  scenarioSchema,
  facebookScenarioSchema,
  s3ScenarioSchema,
  modelCommandSchema,
  policyEntrySchema,
  type Scenario,
  type FacebookScenario,
  type S3Scenario,
} from './schema';
export {
  checkJsonLimits,
  parseJsonWithin,
  JsonLimitError,
  type JsonLimits,
  type JsonLimitCode,
} from './json';

/**
 * The shape bound of a scenario file's text (checked before parsing, json.ts): 1 MB (the shipped scenarios
 * are about 15 kB), nesting 16 deep (the format's deepest path is 6: `timeline.injects[].trigger.…`), 256
 * keys in one object (named policies and roles), 10,000 items in one list.
 */
export const SCENARIO_JSON_LIMITS: JsonLimits = {
  maxChars: 1_000_000,
  maxDepth: 16,
  maxKeys: 256,
  maxItems: 10_000,
};

/** A scenario file that does not validate. The message is one line, fit for a CLI or a dialog. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

/** Validate unknown JSON as a scenario. */
export function loadScenario(json: unknown): Scenario {
  const r = scenarioSchema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0]!;
    const where = first.path.length > 0 ? first.path.join('.') : '(root)';
    throw new ScenarioError(`invalid scenario: ${where}: ${first.message}`);
  }
  return r.data;
}

/** A validated scenario of any model, tagged with its model kind (`model.kind`; `skype` when left out). */
export type CascadeScenario =
  | { kind: 'skype'; scenario: Scenario }
  | { kind: 'facebook'; scenario: FacebookScenario }
  | { kind: 's3'; scenario: S3Scenario };

/** Validate unknown JSON as a scenario of whichever model its `model.kind` names. */
export function loadCascadeScenario(json: unknown): CascadeScenario {
  const kind = modelKindOf(json);
  if (kind === 's3') return { kind: 's3', scenario: parseOrThrow(s3ScenarioSchema, json) };
  if (kind !== 'facebook') return { kind: 'skype', scenario: loadScenario(json) };
  return { kind: 'facebook', scenario: parseOrThrow(facebookScenarioSchema, json) };
}

function parseOrThrow<T>(
  schema: {
    safeParse(
      x: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: Array<{ path: PropertyKey[]; message: string }> } };
  },
  json: unknown,
): T {
  const r = schema.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0]!;
    const where = first.path.length > 0 ? first.path.map(String).join('.') : '(root)';
    throw new ScenarioError(`invalid scenario: ${where}: ${first.message}`);
  }
  return r.data;
}

/** The `model.kind` a scenario file names (undefined when it names none: a Skype-model file). */
export function modelKindOf(json: unknown): unknown {
  if (typeof json !== 'object' || json === null) return undefined;
  const model = (json as { model?: unknown }).model;
  if (typeof model !== 'object' || model === null) return undefined;
  return (model as { kind?: unknown }).kind;
}

/** Every shipped scenario the engine runs (the CLI), whatever its model; the console plays `builtinScenarioIds`. */
export const cascadeScenarioIds = ['skype-2010', 'skype-2007', 'facebook-2010', 's3-2008'] as const;

/** Load any shipped scenario by id, tagged with its model kind. */
export function builtinCascadeScenario(id: string): CascadeScenario {
  if (id === 'facebook-2010') return loadCascadeScenario(facebook2010);
  if (id === 's3-2008') return loadCascadeScenario(s3_2008);
  if ((builtinScenarioIds as readonly string[]).includes(id))
    return { kind: 'skype', scenario: builtinScenario(id) };
  throw new ScenarioError(`unknown scenario "${id}" (known: ${cascadeScenarioIds.join(', ')})`);
}

/** Scenarios of the Skype model shipped with the app (the console's choice), by id. */
export const builtinScenarioIds = ['skype-2010', 'skype-2007'] as const;

/** Load a built-in scenario by id, or throw a ScenarioError naming the known ids. */
export function builtinScenario(id: string): Scenario {
  if (id === 'skype-2010') return loadScenario(skype2010);
  if (id === 'skype-2007') return loadScenario(skype2007);
  throw new ScenarioError(`unknown scenario "${id}" (known: ${builtinScenarioIds.join(', ')})`);
}

/**
 * The same rules on a smaller network: population, supernodes, server capacities and pools scale by `factor`
 * (0 < factor <= 1), per-client rates and per-supernode capacities stay. For placeholder views and fast tests.
 */
export function scaleScenario(s: Scenario, factor: number): Scenario {
  if (!(factor > 0 && factor <= 1)) throw new ScenarioError('scale factor must be in (0, 1]');
  const m = structuredCloneJson(s.model);
  const r = (x: number) => Math.max(1, Math.round(x * factor));
  m.population.total = r(m.population.total);
  m.population.peakOnline = r(m.population.peakOnline);
  m.supernodes.count = r(m.supernodes.count);
  m.supernodes.spareSlots = r(m.supernodes.spareSlots);
  m.offlineIm.capacityPerMinute *= factor;
  m.offlineIm.costPerCapacityHour *= factor;
  // Bandwidth is not scaled (a scaled drill orders full-size bandwidth), so its reserved price is, and the
  // package grows by 1/factor so that a Gbit/s serves the same share of the clients a minute as at full scale:
  // otherwise a 1/100 network downloads 100 times faster and every supernode host restarts at once. Its price
  // per TB shrinks to match, so a download costs what it costs at full scale.
  m.update.costPerGbpsHour *= factor;
  m.update.packageMB /= factor;
  m.update.costPerTB *= factor;
  m.dedicated.poolServers = r(m.dedicated.poolServers);
  m.dedicated.groupVideoServers = r(m.dedicated.groupVideoServers);
  m.dedicated.offlineImServers = r(m.dedicated.offlineImServers);
  const policies: Scenario['policies'] = {};
  for (const [name, entries] of Object.entries(s.policies)) {
    policies[name] = entries.map((e) =>
      e.command === 'spinUpSupernodes' && typeof e['count'] === 'number'
        ? { ...e, count: r(e['count'] as number) }
        : e.command === 'throttleLogins' && typeof e['perMinute'] === 'number'
          ? { ...e, perMinute: Math.max(1000, Math.round((e['perMinute'] as number) * factor)) }
          : e,
    );
  }
  return {
    ...s,
    model: m,
    policies,
    history: s.history.map((h) => ({ ...h, online: Math.round(h.online * factor) })),
  };
}

/**
 * A named policy of the scenario as a seed plays it: entries at or after the scenario's nominal trigger move
 * with the trigger that seed draws (model/variation.ts), so the 2010 response keeps its timing after the onset.
 */
export function seededPolicyEntries(s: Scenario, name: string, seed: number): Scenario['policies'][string] {
  // Own keys only: a name such as "constructor" is on every object's prototype, never a policy.
  const entries = Object.hasOwn(s.policies, name) ? s.policies[name]! : [];
  const shift = drawnTriggerMinute(s.model, seed | 0) - s.model.triggerMinute;
  return entries.map((e) =>
    e.atMinute >= s.model.triggerMinute ? { ...e, atMinute: e.atMinute + shift } : e,
  );
}

function structuredCloneJson<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}
