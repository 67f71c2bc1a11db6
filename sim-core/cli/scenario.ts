/**
 * `npm run scenario -- validate FILE...`            every problem of each file, one line each; exit 1 if any
 * `npm run scenario -- new --from ID FILE [--id ID]` write a starting variant of a built-in scenario
 * `npm run scenario -- schema [--check]`            write (or check) assets/scenarios/scenario.schema.json
 * Bad invocations exit 2 with one line naming the problem; never a stack trace.
 */
import { readFileSync, statSync, existsSync, openSync, closeSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  builtinCascadeScenario,
  cascadeScenarioIds,
  JsonLimitError,
  parseJsonWithin,
  SCENARIO_JSON_LIMITS,
  ScenarioError,
} from '../src/scenario/index';
import {
  scenarioFieldPaths,
  scenarioJsonSchema,
  scenarioProblems,
  SCENARIO_JSON_SCHEMA_PATH,
  type ScenarioProblem,
} from '../src/scenario/authoring';
import { FlagReader, terminalSafe, UsageError } from './args';
import { writeOutFile } from './out-file';

/** Files larger than this are refused before they are read or parsed (the shipped scenario is ~13 kB). */
export const MAX_SCENARIO_BYTES = SCENARIO_JSON_LIMITS.maxChars;

const USAGE =
  'usage: npm run scenario -- validate FILE... | new --from ID FILE [--id ID] [--force] | schema [--check]';

const ROOT = resolve(__dirname, '../..');
const GUIDE = join(ROOT, 'docs/scenario-format.md');

/** Problems of one file on disk: unreadable, too large, not JSON (with line and column), or not a scenario. */
export function validateFile(file: string): ScenarioProblem[] {
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) return [{ path: '$', message: 'not a regular file' }];
    size = st.size;
  } catch (e) {
    return [{ path: '$', message: `cannot read: ${(e as NodeJS.ErrnoException).code ?? 'error'}` }];
  }
  if (size > MAX_SCENARIO_BYTES)
    return [{ path: '$', message: `file is ${size} bytes; a scenario may be at most ${MAX_SCENARIO_BYTES}` }];
  const text = readFileSync(file, 'utf8');
  let json: unknown;
  try {
    json = parseJsonWithin(text, SCENARIO_JSON_LIMITS, 'the file');
  } catch (e) {
    if (e instanceof JsonLimitError) return [{ path: '$', message: e.message }];
    return [{ path: '$', message: `not valid JSON: ${jsonErrorWhere(text, (e as Error).message)}` }];
  }
  return scenarioProblems(json);
}

/** JSON.parse's message with the line and column of the offending character added. */
function jsonErrorWhere(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${col})`;
}

/**
 * Field descriptions from the author's guide: rows of its tables whose first cell holds one or more
 * backticked field paths. One source for the guide and the editor's hover text.
 */
export function guideDescriptions(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const cells = line.split(/\s\|\s/);
    if (cells.length < 2 || !line.startsWith('| `')) continue;
    const first = cells[0]!.replace(/^\|\s*/, '');
    const text = cells
      .slice(1)
      .join(' | ')
      .replace(/\s*\|\s*$/, '')
      .trim();
    for (const m of first.matchAll(/`([^`]+)`/g)) out.set(m[1]!, text);
  }
  return out;
}

/** The JSON Schema text as written to disk (stable key order, trailing newline). */
export function schemaText(): string {
  return JSON.stringify(scenarioJsonSchema(guideDescriptions(readFileSync(GUIDE, 'utf8'))), null, 2) + '\n';
}

/** Field paths of the format that the author's guide does not describe. */
export function undocumentedFields(): string[] {
  const documented = guideDescriptions(readFileSync(GUIDE, 'utf8'));
  return scenarioFieldPaths().filter((p) => !documented.has(p));
}

const writeAtomic = writeOutFile;

function runValidate(files: string[], out: (s: string) => void): number {
  if (files.length === 0) throw new UsageError(`validate needs at least one FILE; ${USAGE}`);
  let bad = 0;
  for (const f of files) {
    const problems = validateFile(f);
    // File names, JSON keys and values come from outside: escaped, so a file cannot drive the terminal.
    if (problems.length === 0) out(`${terminalSafe(f)}: ok\n`);
    for (const p of problems) out(`${terminalSafe(`${f}: ${p.path}: ${p.message}`)}\n`);
    if (problems.length > 0) bad++;
  }
  return bad > 0 ? 1 : 0;
}

function runNew(argv: string[], out: (s: string) => void): number {
  let from = '';
  let id = '';
  let force = false;
  const files: string[] = [];
  const usage = 'usage: npm run scenario -- new --from ID FILE [--id ID] [--force]';
  const r = new FlagReader(argv, usage);
  for (let flag = r.next(); flag !== null; flag = r.next()) {
    if (flag === '--from') from = r.value();
    else if (flag === '--id') id = r.value();
    else if (flag === '--force') force = true;
    else if (flag.startsWith('--')) r.unknown();
    else files.push(flag);
  }
  if (!from) throw new UsageError(`--from is required (one of ${cascadeScenarioIds.join(', ')}); ${usage}`);
  if (files.length !== 1) throw new UsageError(`new writes exactly one FILE; ${usage}`);
  const file = files[0]!;
  if (existsSync(file) && !force) throw new UsageError(`${file} exists; pass --force to overwrite it`);
  // Any shipped scenario, whatever its model (the CLI runs every model).
  const base = builtinCascadeScenario(from).scenario;
  const newId =
    id ||
    basename(file)
      .replace(/\.json$/i, '')
      .toLowerCase();
  if (!/^[a-z0-9-]+$/.test(newId))
    throw new UsageError(`id "${newId}" must be lower-case letters, digits and dashes; pass --id`);
  const variant = {
    ...base,
    id: newId,
    version: 1,
    title: `${base.title} (variant ${newId})`,
    summary: `A variant of ${base.id} v${base.version}. ${base.summary ?? ''}`.trim(),
  };
  const text = JSON.stringify({ $schema: './scenario.schema.json', ...variant }, null, 2) + '\n';
  const problems = scenarioProblems(JSON.parse(text) as unknown);
  if (problems.length > 0)
    throw new ScenarioError(`the variant does not validate: ${problems[0]!.path}: ${problems[0]!.message}`);
  // Refuse to clobber a file that appeared meanwhile unless --force (wx fails if it exists).
  if (!force) closeSync(openSync(file, 'wx'));
  writeAtomic(file, text);
  out(
    terminalSafe(
      `wrote ${file} (id ${newId}, from ${base.id} v${base.version}); check it with: npm run scenario -- validate ${file}`,
    ) + '\n',
  );
  return 0;
}

function runSchema(argv: string[], out: (s: string) => void): number {
  const check = argv.includes('--check');
  const rest = argv.filter((a) => a !== '--check');
  if (rest.length > 0) throw new UsageError(`unknown argument "${rest[0]}"; ${USAGE}`);
  const missing = undocumentedFields();
  if (missing.length > 0)
    throw new ScenarioError(`docs/scenario-format.md does not describe: ${missing.join(', ')}`);
  const file = join(ROOT, SCENARIO_JSON_SCHEMA_PATH);
  const text = schemaText();
  if (check) {
    const same = existsSync(file) && readFileSync(file, 'utf8') === text;
    out(same ? `${SCENARIO_JSON_SCHEMA_PATH} is up to date\n` : `${SCENARIO_JSON_SCHEMA_PATH} is stale\n`);
    return same ? 0 : 1;
  }
  writeAtomic(file, text);
  out(`wrote ${SCENARIO_JSON_SCHEMA_PATH}\n`);
  return 0;
}

/** Entry point; returns the exit code. */
export function main(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): number {
  try {
    const [cmd, ...rest] = argv;
    if (cmd === 'validate') {
      if (rest.includes('--help') || rest.includes('-h')) throw new UsageError(USAGE);
      return runValidate(rest, out);
    }
    if (cmd === 'new') return runNew(rest, out);
    if (cmd === 'schema') return runSchema(rest, out);
    throw new UsageError(cmd === undefined ? USAGE : `unknown command "${cmd}"; ${USAGE}`);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScenarioError) {
      process.stderr.write(`scenario: ${terminalSafe(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`scenario: ${terminalSafe((e as Error).message ?? String(e))}\n`);
    return 1;
  }
}

if (process.argv[1] && /cli[\\/]scenario\.ts$/.test(process.argv[1]))
  process.exitCode = main(process.argv.slice(2));
