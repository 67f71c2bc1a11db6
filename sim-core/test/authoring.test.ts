import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// ajv (a declared dev dependency) is used here only to prove editors accept the schema.
import Ajv2020 from 'ajv/dist/2020';
import { builtinScenarioIds } from '../src/scenario/index';
import { jsonPath, scenarioProblems } from '../src/scenario/authoring';
import { main, schemaText, undocumentedFields, validateFile, MAX_SCENARIO_BYTES } from '../cli/scenario';

const ROOT = join(__dirname, '../..');
const builtinJson = (id: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(ROOT, `assets/scenarios/${id}.json`), 'utf8')) as Record<string, unknown>;
const tmp = () => mkdtempSync(join(tmpdir(), 'scenario-authoring-'));
const capture = () => {
  const lines: string[] = [];
  return { out: (s: string) => lines.push(...s.trimEnd().split('\n')), lines };
};

describe('the generated JSON Schema', () => {
  it('is up to date with the zod schemas and the guide (else: npm run scenario -- schema)', () => {
    const onDisk = readFileSync(join(ROOT, 'assets/scenarios/scenario.schema.json'), 'utf8');
    expect(onDisk === schemaText(), 'stale: run `npm run scenario -- schema`').toBe(true);
  });

  it('describes every field of the format in docs/scenario-format.md', () => {
    expect(undocumentedFields()).toEqual([]);
  });

  it('accepts every built-in scenario and refuses a bad one, as an editor would', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(schemaText()) as object);
    for (const id of builtinScenarioIds) expect(validate(builtinJson(id)), id).toBe(true);
    const bad = builtinJson('skype-2010');
    (bad['model'] as { population: { total: number } }).population.total = 5;
    bad['startIso'] = 'yesterday';
    expect(validate(bad)).toBe(false);
    const paths = (validate.errors ?? []).map((e) => e.instancePath);
    expect(paths).toContain('/model/population/total');
    expect(paths).toContain('/startIso');
  });
});

describe('scenarioProblems', () => {
  it('finds nothing wrong with the built-in scenarios', () => {
    for (const id of builtinScenarioIds) expect(scenarioProblems(builtinJson(id)), id).toEqual([]);
  });

  it('reports every problem with its JSON path, not just the first', () => {
    const s = builtinJson('skype-2010');
    const model = s['model'] as Record<string, Record<string, unknown>>;
    model['population']!['total'] = 5;
    model['supernodes']!['capacityMax'] = 1; // below capacityMin: a cross-field rule
    delete model['bug']!['slowReplyMs'];
    const tl = s['timeline'] as { injects: Record<string, unknown>[] };
    tl.injects[1]!['colour'] = 'red';
    tl.injects[2]!['channel'] = 'pager';
    const problems = scenarioProblems(s);
    const paths = problems.map((p) => p.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.model.population.total',
        '$.model.bug.slowReplyMs',
        '$.timeline.injects[1]',
        '$.timeline.injects[2].channel',
      ]),
    );
    expect(problems.find((p) => p.path === '$.model.bug.slowReplyMs')?.message).toBe(
      'missing (expected number)',
    );
    expect(problems.find((p) => p.path === '$.timeline.injects[1]')?.message).toBe('unknown field colour');
  });

  it('checks minutes against the scenario length once the shape is right', () => {
    const s = builtinJson('skype-2010');
    const tl = s['timeline'] as { injects: { trigger: Record<string, unknown> }[] };
    const i = tl.injects.findIndex((x) => 'atMinute' in x.trigger);
    tl.injects[i]!.trigger['atMinute'] = 99999;
    (s['policies'] as Record<string, { atMinute: number }[]>)['historical']![0]!.atMinute = 5000;
    expect(scenarioProblems(s).map((p) => p.path)).toEqual([
      `$.timeline.injects[${i}].trigger.atMinute`,
      '$.policies.historical[0].atMinute',
    ]);
  });

  it('writes paths that name odd keys unambiguously', () => {
    expect(jsonPath(['policies', 'my plan', 0, 'atMinute'])).toBe('$.policies["my plan"][0].atMinute');
  });
});

describe('npm run scenario', () => {
  it('validate: one line per problem, exit 1; ok and exit 0 for a good file', () => {
    const dir = tmp();
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify(builtinJson('skype-2010')));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'Bad Id', version: 0 }));
    const c = capture();
    expect(main(['validate', good, bad], c.out)).toBe(1);
    expect(c.lines[0]).toBe(`${good}: ok`);
    expect(c.lines).toContain(`${bad}: $.id: id: lower-case letters, digits and dashes`);
    expect(c.lines).toContain(`${bad}: $.model: missing (expected object)`);
    expect(c.lines.filter((l) => l.startsWith(bad)).length).toBeGreaterThanOrEqual(4);
    expect(main(['validate', good], capture().out)).toBe(0);
  });

  it('validate: bounds the size before parsing, and names the line of a JSON syntax error', () => {
    const dir = tmp();
    const big = join(dir, 'big.json');
    writeFileSync(big, ' '.repeat(MAX_SCENARIO_BYTES + 1));
    expect(validateFile(big)[0]!.message).toMatch(/at most 1000000/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{\n  "id": "x",\n  "version": 1,,\n}');
    expect(validateFile(broken)[0]!.message).toMatch(/not valid JSON: .*line 3, column 16/);
    expect(validateFile(join(dir, 'missing.json'))[0]!.message).toBe('cannot read: ENOENT');
  });

  it('new: writes a valid variant named after the file, and never overwrites without --force', () => {
    const dir = tmp();
    const file = join(dir, 'patch-day.json');
    const c = capture();
    expect(main(['new', '--from', 'skype-2010', file], c.out)).toBe(0);
    const v = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(v['id']).toBe('patch-day');
    expect(v['version']).toBe(1);
    expect(v['$schema']).toBe('./scenario.schema.json');
    expect(validateFile(file)).toEqual([]);
    writeFileSync(file, 'mine');
    expect(main(['new', '--from', 'skype-2010', file], capture().out)).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('mine');
    expect(main(['new', '--from', 'skype-2010', file, '--force'], capture().out)).toBe(0);
    expect(main(['new', '--from', 'nope', join(dir, 'x.json')], capture().out)).toBe(2);
    expect(existsSync(join(dir, 'x.json'))).toBe(false);
  });

  it('refuses a bad command line with exit 2', () => {
    expect(main([], capture().out)).toBe(2);
    expect(main(['frobnicate'], capture().out)).toBe(2);
    expect(main(['validate'], capture().out)).toBe(2);
  });
});
