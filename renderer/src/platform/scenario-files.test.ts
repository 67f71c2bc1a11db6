import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import facebook from '../../../assets/scenarios/facebook-2010.json';
import {
  checkScenarioText,
  MAX_REMEMBERED_SCENARIOS,
  MAX_SCENARIO_FILE_BYTES,
  readScenarioFile,
  ScenarioCatalogue,
  type ScenarioStorage,
} from './scenario-files';

/** A Storage over a Map, with an optional quota in characters. */
function memoryStorage(quota = Number.POSITIVE_INFINITY): ScenarioStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get length() {
      return map.size;
    },
    key: (i) => [...map.keys()][i] ?? null,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => {
      const used = [...map.entries()].reduce((n, [a, b]) => n + (a === k ? 0 : a.length + b.length), 0);
      if (used + k.length + v.length > quota) throw new DOMException('full', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
  };
}

const variantText = (id = 'my-variant', edit: (s: Record<string, unknown>) => void = () => undefined) => {
  const s = structuredClone(builtinScenario('skype-2010')) as unknown as Record<string, unknown>;
  s['id'] = id;
  s['title'] = `Variant ${id}`;
  edit(s);
  return JSON.stringify(s, null, 2);
};

describe('opening a scenario file', () => {
  it('accepts a valid variant and offers it after the built-in scenarios', () => {
    const c = new ScenarioCatalogue(memoryStorage());
    const r = c.open('variant.json', variantText(), 1);
    expect(r.ok).toBe(true);
    expect(c.scenarios().map((s) => s.id)).toEqual(['skype-2010', 'skype-2007', 'my-variant']);
    expect(c.fromFile('my-variant')).toBe(true);
    expect(c.fromFile('skype-2010')).toBe(false);
    expect(c.find('my-variant')?.title).toBe('Variant my-variant');
    expect(c.find('my-variant', 2)).toBeNull();
  });

  it('refuses a bad file with every problem and its JSON path, and changes nothing', () => {
    const store = memoryStorage();
    const c = new ScenarioCatalogue(store);
    const r = c.open(
      'bad.json',
      variantText('bad-one', (s) => {
        (s['model'] as Record<string, unknown>)['durationMinutes'] = -1;
        s['startIso'] = 'yesterday';
      }),
      1,
    );
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems.some((p) => p.startsWith('$.model.durationMinutes: '))).toBe(true);
      expect(r.problems.some((p) => p.startsWith('$.startIso: '))).toBe(true);
    }
    expect(c.scenarios().map((s) => s.id)).toEqual(['skype-2010', 'skype-2007']);
    expect(store.map.size).toBe(0);
  });

  it('refuses text that is not JSON, and JSON past its bounds, before it is built', () => {
    expect(checkScenarioText('{"id": ', 'x.json')).toMatchObject({ ok: false });
    const r = checkScenarioText('['.repeat(100) + ']'.repeat(100), 'deep.json');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]).toMatch(/deeper/);
  });

  it("refuses a file that takes a built-in scenario's id, and one of a model the console does not play", () => {
    const same = checkScenarioText(variantText('skype-2010'), 'copy.json');
    expect(same.ok).toBe(false);
    if (!same.ok) expect(same.problems[0]).toMatch(/^\$\.id: "skype-2010" is a built-in scenario's id/);
    const other = checkScenarioText(JSON.stringify(facebook), 'facebook.json');
    expect(other).toEqual({
      ok: false,
      problems: [
        '$.model.kind: this console plays scenario files of the Skype model; this one is of the "facebook" model',
      ],
    });
  });

  it('remembers opened files across consoles, re-checks them, and says which no longer pass', () => {
    const store = memoryStorage();
    new ScenarioCatalogue(store).open('a.json', variantText('a-variant'), 1);
    new ScenarioCatalogue(store).open('b.json', variantText('b-variant'), 2);
    const key = [...store.map.keys()].find((k) => k.endsWith('a-variant'))!;
    expect(new ScenarioCatalogue(store).scenarios().map((s) => s.id)).toEqual([
      'skype-2010',
      'skype-2007',
      'b-variant',
      'a-variant',
    ]);
    store.map.set(key, JSON.stringify({ name: 'a.json', text: '{"id":"a-variant"}', at: 1 }));
    const again = new ScenarioCatalogue(store);
    expect(again.scenarios().map((s) => s.id)).toEqual(['skype-2010', 'skype-2007', 'b-variant']);
    expect(again.unreadable).toHaveLength(1);
    expect(again.unreadable[0]).toMatch(/^a\.json: \$/);
    store.map.set(key, 'not json');
    expect(new ScenarioCatalogue(store).unreadable).toEqual(['a-variant: the remembered copy is damaged']);
  });

  it('a file with the id of one already opened replaces it; forgetting drops it and its stored copy', () => {
    const store = memoryStorage();
    const c = new ScenarioCatalogue(store);
    c.open('v1.json', variantText('v'), 1);
    c.open(
      'v2.json',
      variantText('v', (s) => (s['version'] = 2)),
      2,
    );
    expect(
      c
        .scenarios()
        .filter((s) => s.id === 'v')
        .map((s) => s.version),
    ).toEqual([2]);
    c.forget('v');
    expect(c.find('v')).toBeNull();
    expect(store.map.size).toBe(0);
  });

  it(`keeps at most ${MAX_REMEMBERED_SCENARIOS} files, forgetting the oldest`, () => {
    const store = memoryStorage();
    const c = new ScenarioCatalogue(store);
    for (let i = 0; i <= MAX_REMEMBERED_SCENARIOS; i++) c.open(`f${i}.json`, variantText(`f-${i}`), i);
    expect(store.map.size).toBe(MAX_REMEMBERED_SCENARIOS);
    expect(c.find('f-0')).toBeNull();
    expect(c.find(`f-${MAX_REMEMBERED_SCENARIOS}`)).not.toBeNull();
  });

  it('says so when storage is full, and offers nothing new', () => {
    const c = new ScenarioCatalogue(memoryStorage(1000));
    const r = c.open('v.json', variantText(), 1);
    expect(r).toEqual({
      ok: false,
      problems: ['there is no room left to remember it in this browser profile'],
    });
    expect(c.find('my-variant')).toBeNull();
  });

  it('refuses a file over the size bound without reading it', async () => {
    let read = false;
    const r = await readScenarioFile({
      name: 'huge.json',
      size: MAX_SCENARIO_FILE_BYTES + 1,
      text: () => {
        read = true;
        return Promise.resolve('');
      },
    });
    expect(read).toBe(false);
    expect(r).toEqual(['it is 1.0 MB; a scenario file may be at most 1 MB']);
  });
});
