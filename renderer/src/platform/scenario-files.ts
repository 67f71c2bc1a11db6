/**
 * Scenarios the console can play: the built-in ones and scenario files a facilitator opened from disk. A file is
 * bounded before it is read (size) and before it is parsed (length, nesting, keys, items), then checked by the
 * same checks as `npm run scenario -- validate` (every problem with its JSON path). A good file is remembered in
 * this browser profile (local storage, re-checked when read back), so its sessions can be resumed, scored and
 * replayed after a restart; a bad one is refused with its reasons and changes nothing.
 */
import {
  builtinScenario,
  builtinScenarioIds,
  JsonLimitError,
  loadScenario,
  modelKindOf,
  parseJsonWithin,
  SCENARIO_JSON_LIMITS,
} from '../../../sim-core/src/scenario/index';
import { scenarioProblems } from '../../../sim-core/src/scenario/authoring';
import type { Scenario } from '../../../sim-core/src/scenario/schema';

/** Most bytes a scenario file may have (a UTF-8 file at most this long has at most this many characters). */
export const MAX_SCENARIO_FILE_BYTES = SCENARIO_JSON_LIMITS.maxChars;
/** Most scenario files remembered at once (oldest forgotten first). */
export const MAX_REMEMBERED_SCENARIOS = 20;

const KEY_PREFIX = 'cascade-drill:scenario-file:';

/** A scenario the console offers, and where it came from. */
export interface ScenarioEntry {
  scenario: Scenario;
  /** `builtin`, or the name of the file it was opened from. */
  source: 'builtin' | { file: string };
}

/** The result of opening one file: the scenario, or every reason it was refused (plain lines). */
export type OpenResult = { ok: true; entry: ScenarioEntry } | { ok: false; problems: string[] };

/** The part of `Storage` the catalogue uses (so tests can give a map). */
export type ScenarioStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** Every reason a scenario file's text cannot be played here, or the scenario. `name` is the file's name. */
export function checkScenarioText(text: string, name: string): OpenResult {
  let json: unknown;
  try {
    json = parseJsonWithin(text, SCENARIO_JSON_LIMITS, 'the file');
  } catch (e) {
    if (e instanceof JsonLimitError) return { ok: false, problems: [e.message] };
    return { ok: false, problems: [`it is not valid JSON (${e instanceof Error ? e.message : String(e)})`] };
  }
  const problems = scenarioProblems(json);
  if (problems.length > 0) return { ok: false, problems: problems.map((p) => `${p.path}: ${p.message}`) };
  const kind = modelKindOf(json);
  if (kind !== undefined && kind !== 'skype')
    return {
      ok: false,
      problems: [
        `$.model.kind: this console plays scenario files of the Skype model; this one is of the "${String(kind)}" model`,
      ],
    };
  const scenario = loadScenario(json);
  if ((builtinScenarioIds as readonly string[]).includes(scenario.id))
    return {
      ok: false,
      problems: [
        `$.id: "${scenario.id}" is a built-in scenario's id; give your variant its own id (npm run scenario -- new --from ${scenario.id} FILE --id my-variant writes one)`,
      ],
    };
  return { ok: true, entry: { scenario, source: { file: name } } };
}

/** The scenarios this console offers: built-in ones first, then remembered files (newest first). */
export class ScenarioCatalogue {
  private files: Array<{ entry: ScenarioEntry; text: string; key: string }> = [];
  /** Remembered files that no longer pass the checks (each with its reason); they are not offered. */
  readonly unreadable: string[] = [];
  private readonly builtins: ScenarioEntry[] = builtinScenarioIds.map((id) => ({
    scenario: builtinScenario(id),
    source: 'builtin' as const,
  }));

  constructor(private readonly storage: ScenarioStorage | null) {
    if (!storage) return;
    const keys: string[] = [];
    for (let i = 0; i < storage.length; i++) {
      const k = storage.key(i);
      if (k?.startsWith(KEY_PREFIX)) keys.push(k);
    }
    const read: Array<{ entry: ScenarioEntry; text: string; key: string; at: number }> = [];
    for (const key of keys) {
      const raw = storage.getItem(key);
      const saved = remembered(raw);
      const name = typeof saved?.name === 'string' ? saved.name : key.slice(KEY_PREFIX.length);
      if (typeof saved?.text !== 'string') {
        this.unreadable.push(`${name}: the remembered copy is damaged`);
        continue;
      }
      const r = checkScenarioText(saved.text, name);
      if (!r.ok) {
        this.unreadable.push(`${name}: ${r.problems[0]}`);
        continue;
      }
      read.push({ entry: r.entry, text: saved.text, key, at: typeof saved.at === 'number' ? saved.at : 0 });
    }
    read.sort((a, b) => b.at - a.at);
    this.files = read.map(({ entry, text, key }) => ({ entry, text, key }));
  }

  /** Built-in scenarios, then opened files. */
  entries(): ScenarioEntry[] {
    return [...this.builtins, ...this.files.map((f) => f.entry)];
  }

  /** Scenarios only, in the order of {@link entries}. */
  scenarios(): Scenario[] {
    return this.entries().map((e) => e.scenario);
  }

  /**
   * The scenario a session names: by id, and by version when given (a session of version 2 is not replayed
   * on a file of version 3). Null when this console has no such scenario.
   */
  find(id: string, version?: number): Scenario | null {
    const e = this.entries().find(
      (x) => x.scenario.id === id && (version === undefined || x.scenario.version === version),
    );
    return e?.scenario ?? null;
  }

  /** Whether a scenario came from a file (workers are then given its definition, not its id). */
  fromFile(id: string): boolean {
    return this.files.some((f) => f.entry.scenario.id === id);
  }

  /**
   * Open a file: refused (with every reason) when too large, not JSON, not a valid scenario, of a model the
   * console cannot play, or named like a built-in; otherwise offered and remembered. A file with the id of one
   * already opened replaces it. `at` orders remembered files (the caller's clock).
   */
  open(name: string, text: string, at: number): OpenResult {
    const r = checkScenarioText(text, name);
    if (!r.ok) return r;
    const id = r.entry.scenario.id;
    const key = `${KEY_PREFIX}${id}`;
    const value = JSON.stringify({ name, text, at });
    try {
      this.storage?.setItem(key, value);
    } catch {
      return { ok: false, problems: ['there is no room left to remember it in this browser profile'] };
    }
    this.files = [{ entry: r.entry, text, key }, ...this.files.filter((f) => f.entry.scenario.id !== id)];
    for (const old of this.files.splice(MAX_REMEMBERED_SCENARIOS)) this.storage?.removeItem(old.key);
    return r;
  }

  /** Forget an opened file (its sessions stay in History, but cannot be resumed until it is opened again). */
  forget(id: string): void {
    const f = this.files.find((x) => x.entry.scenario.id === id);
    if (!f) return;
    this.storage?.removeItem(f.key);
    this.files = this.files.filter((x) => x !== f);
  }
}

/** A remembered entry as stored (anything unreadable is null). */
function remembered(raw: string | null): { name?: unknown; text?: unknown; at?: unknown } | null {
  if (!raw || raw.length > 7 * MAX_SCENARIO_FILE_BYTES) return null;
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === 'object' && v !== null
      ? (v as { name?: unknown; text?: unknown; at?: unknown })
      : null;
  } catch {
    return null;
  }
}

/** Read a picked file within the size bound (the size is checked before anything is read). */
export async function readScenarioFile(
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<string | string[]> {
  if (file.size > MAX_SCENARIO_FILE_BYTES)
    return [
      `it is ${(file.size / 1e6).toFixed(1)} MB; a scenario file may be at most ${(MAX_SCENARIO_FILE_BYTES / 1e6).toFixed(0)} MB`,
    ];
  try {
    return await file.text();
  } catch {
    return ['the file could not be read'];
  }
}
