import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// ajv (a declared dev dependency) is used here only to prove editors accept the schema.
import Ajv2020 from 'ajv/dist/2020';
import {
  builtinCascadeScenario,
  builtinScenario,
  builtinScenarioIds,
  cascadeScenarioIds,
  loadCascadeScenario,
  loadScenario,
  scaleScenario,
} from '../src/scenario/index';
import {
  MAX_SLOT_MINUTES,
  MAX_SUPERNODE_SLOTS,
  SNAPSHOT_BASE_BYTES,
  SNAPSHOT_BYTES_PER_SLOT,
  supernodeSlots,
} from '../src/scenario/schema';
import { loadTimeline } from '../src/timeline/index';
import { createSim, snapshot, step } from '../src/model/index';
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

  it('accepts the Facebook-model scenario and refuses a Facebook file with a Skype-only field, as an editor would', () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(
      JSON.parse(schemaText()) as object,
    );
    for (const id of cascadeScenarioIds) expect(validate(builtinJson(id)), id).toBe(true);
    const bad = builtinJson('facebook-2010');
    (bad['model'] as Record<string, unknown>)['population'] = { total: 5 };
    expect(validate(bad)).toBe(false);
  });
});

describe('model.kind', () => {
  it('a Skype file that says "kind": "skype" loads and plays (same hash) as one that leaves it out', () => {
    const json = builtinJson('skype-2010');
    (json['model'] as Record<string, unknown>)['kind'] = 'skype';
    const withKind = loadCascadeScenario(json);
    expect(withKind.kind).toBe('skype');
    const a = scaleScenario(builtinScenario('skype-2010'), 0.0025);
    const b = { ...a, model: { ...a.model, kind: 'skype' as const } };
    const simA = createSim(a, 3);
    const simB = createSim(b, 3);
    for (let t = 0; t < 30; t++) {
      step(simA, []);
      step(simB, []);
    }
    expect(snapshot(simB)).toEqual(snapshot(simA));
  });

  it('a Facebook file is checked against the Facebook model section, every problem with its path', () => {
    expect(scenarioProblems(builtinJson('facebook-2010'))).toEqual([]);
    const bad = builtinJson('facebook-2010');
    const model = bad['model'] as { database: { capacityQps: number }; triggerMinute: number };
    model.database.capacityQps = -1;
    (bad['policies'] as Record<string, Array<{ atMinute: number }>>)['historical']![0]!.atMinute = 5000;
    expect(scenarioProblems(bad).map((p) => p.path)).toEqual(['$.model.database.capacityQps']);
    model.database.capacityQps = 50_000;
    expect(scenarioProblems(bad)).toEqual([
      {
        path: '$.policies.historical[0].atMinute',
        message: 'after the scenario ends (model.durationMinutes is 1440)',
      },
    ]);
    const unknownKind = builtinJson('facebook-2010');
    (unknownKind['model'] as Record<string, unknown>)['kind'] = 'no-such-model';
    expect(scenarioProblems(unknownKind).some((p) => p.path === '$.model.kind')).toBe(true);
  });
});

describe('model.kind s3', () => {
  it("an S3 file is checked against the S3 model section, and its policies against the model's commands", () => {
    expect(scenarioProblems(builtinJson('s3-2008'))).toEqual([]);
    const bad = builtinJson('s3-2008');
    const model = bad['model'] as { regions: { eu: { servers: number } }; population?: unknown };
    model.regions.eu.servers = 0;
    model.population = { total: 5 };
    expect(scenarioProblems(bad).map((p) => p.path)).toEqual(['$.model.regions.eu.servers', '$.model']);
    const badPolicy = builtinJson('s3-2008');
    const hist = (badPolicy['policies'] as Record<string, Array<Record<string, unknown>>>)['historical']!;
    hist[0] = { atMinute: 75, command: 'reactivateRequests', region: 'asia' };
    hist[1] = { atMinute: 85, command: 'rebootEverything' };
    expect(scenarioProblems(badPolicy)).toEqual([
      {
        path: '$.policies.historical[0].command',
        message: 'reactivateRequests: region must be "us" or "eu"',
      },
      {
        path: '$.policies.historical[1].command',
        message: expect.stringMatching(
          /^unknown command "rebootEverything" \(known: shedLoad, /,
        ) as unknown as string,
      },
    ]);
    expect(loadCascadeScenario(builtinJson('s3-2008')).kind).toBe('s3');
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
    // The shipped injects answer the network, not the clock: make the first one a clock trigger past the end.
    const i = 0;
    tl.injects[i]!.trigger = { atMinute: 9999 };
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

describe('bounds on every number (values that would break the model)', () => {
  type M = Record<string, Record<string, unknown>>;
  const problemsWith = (edit: (m: M, s: Record<string, unknown>) => void) => {
    const s = builtinJson('skype-2010');
    edit(s['model'] as M, s);
    return scenarioProblems(s);
  };
  const where = (edit: (m: M, s: Record<string, unknown>) => void) => problemsWith(edit).map((p) => p.path);

  it('refuses capacities past 2^31, infinite-making rates, and networks past the slot budget', () => {
    expect(where((m) => (m['supernodes']!['capacityMax'] = 2 ** 31))).toEqual([
      '$.model.supernodes.capacityMax',
    ]);
    expect(where((m) => (m['dedicated']!['maxCapacity'] = 3e9))).toEqual(['$.model.dedicated.maxCapacity']);
    expect(where((m) => (m['search']!['attemptsPerMinute'] = 1e308))).toEqual([
      '$.model.search.attemptsPerMinute',
    ]);
    expect(where((m) => (m['offlineIm']!['capacityPerMinute'] = 1e308))).toEqual([
      '$.model.offlineIm.capacityPerMinute',
    ]);
    expect(where((m) => (m['supernodes']!['loginCost'] = 1e308))).toEqual(['$.model.supernodes.loginCost']);
    expect(where((m) => (m['population']!['peakOnline'] = 3e9))).toContain('$.model.population.peakOnline');
    expect(new Set(where((m) => (m['supernodes']!['count'] = 2_000_000)))).toEqual(
      new Set(['$.model.supernodes.count']),
    );
    // 240,000 + 16,000 spare + 700 dedicated slots: each field within its bound, the sum past it.
    const over = problemsWith((m) => (m['supernodes']!['count'] = 240_000));
    expect(over.map((p) => p.path)).toEqual(['$.model.supernodes.count']);
    expect(over[0]!.message).toBe(
      `the network has 256700 supernode slots (count + spareSlots + dedicated servers); at most ${MAX_SUPERNODE_SLOTS}`,
    );
  });

  it('keeps a long scenario within the time budget: 14 days of the full network is refused, 10 days is not', () => {
    const long = (days: number) => (m: M) => {
      (m as unknown as Record<string, number>)['durationMinutes'] = days * 1440;
    };
    const p = problemsWith(long(14));
    expect(p.map((x) => x.path)).toEqual(['$.model.durationMinutes']);
    expect(p[0]!.message).toMatch(
      /^64700 supernode slots for 20160 minutes is past the time budget .* at most 11128 minutes/,
    );
    expect(64_700 * 11_128).toBeLessThanOrEqual(MAX_SLOT_MINUTES);
    expect(where(long(7))).toEqual([]);
  });

  it('refuses a checkpoint interval whose snapshots would not fit the memory budget', () => {
    const every = (n: number) => (_m: M, s: Record<string, unknown>) => {
      (s['timeline'] as Record<string, unknown>)['checkpointEveryMinutes'] = n;
    };
    expect(where(every(1))).toEqual(['$.timeline.checkpointEveryMinutes']);
    const p = problemsWith(every(10));
    expect(p[0]!.message).toMatch(
      /^a checkpoint every 10 minutes keeps 874 MB of snapshots for this network; the budget is 512 MB \(every 18 minutes or more\)$/,
    );
    expect(where(every(18))).toEqual([]);
    expect(where(every(17))).toEqual(['$.timeline.checkpointEveryMinutes']);
    const s = builtinJson('skype-2010');
    (s['timeline'] as Record<string, unknown>)['checkpointEveryMinutes'] = 10;
    expect(() => loadTimeline(loadScenario(s))).toThrow(
      /checkpointEveryMinutes: a checkpoint every 10 minutes/,
    );
  });

  it('estimates snapshot memory from above: the real snapshot per slot is within the estimate', () => {
    const scenario = builtinScenario('skype-2010');
    const sim = createSim(scaleScenario(scenario, 0.1), 1);
    for (let i = 0; i < 30; i++) step(sim);
    const slots = supernodeSlots(scaleScenario(scenario, 0.1).model);
    expect(snapshot(sim).length).toBeLessThanOrEqual(slots * SNAPSHOT_BYTES_PER_SLOT + SNAPSHOT_BASE_BYTES);
    expect(snapshot(sim).length).toBeGreaterThan(slots * (SNAPSHOT_BYTES_PER_SLOT - 1));
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

  it('new: starts a variant from any shipped scenario, whatever its model', () => {
    const dir = tmp();
    for (const id of cascadeScenarioIds) {
      const file = join(dir, `${id}-variant.json`);
      expect(main(['new', '--from', id, file], capture().out)).toBe(0);
      const v = JSON.parse(readFileSync(file, 'utf8')) as { id: string; model: { kind?: string } };
      expect(v.id).toBe(`${id}-variant`);
      expect(v.model.kind).toBe(builtinCascadeScenario(id).scenario.model.kind);
      expect(validateFile(file)).toEqual([]);
    }
  });

  it('refuses a bad command line with exit 2', () => {
    expect(main([], capture().out)).toBe(2);
    expect(main(['frobnicate'], capture().out)).toBe(2);
    expect(main(['validate'], capture().out)).toBe(2);
  });
});
