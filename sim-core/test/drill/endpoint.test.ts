import { describe, expect, it } from 'vitest';
import { createDrillEndpoint } from '../../src/drill/endpoint';
import { builtinScenario } from '../../src/scenario/index';
import type { DrillOut } from '../../src/drill/protocol';

/** An endpoint and everything it sent. */
function endpoint(): { receive: (m: unknown) => void; out: DrillOut[] } {
  const out: DrillOut[] = [];
  const e = createDrillEndpoint((m) => out.push(m));
  return { receive: (m) => e.receive(m), out };
}

const variant = () => {
  const s = structuredClone(builtinScenario('skype-2010')) as unknown as Record<string, unknown>;
  s['id'] = 'my-variant';
  s['title'] = 'My variant';
  return s;
};

describe('drill endpoint init', () => {
  it('builds a built-in scenario by its id', () => {
    const e = endpoint();
    e.receive({ v: 1, type: 'init', scenario: 'skype-2010', seed: 1, scale: 0.01 });
    const ready = e.out.find((m) => m.type === 'ready');
    expect(ready && ready.type === 'ready' ? ready.scenarioId : null).toBe('skype-2010');
  });

  it("builds a scenario opened from a file from its definition, and names it by the file's id", () => {
    const e = endpoint();
    e.receive({ v: 1, type: 'init', scenario: 'my-variant', seed: 1, scale: 0.01, definition: variant() });
    const ready = e.out.find((m) => m.type === 'ready');
    expect(ready?.type).toBe('ready');
    if (ready?.type === 'ready') {
      expect(ready.scenarioId).toBe('my-variant');
      expect(ready.title).toBe('My variant');
    }
  });

  it('refuses a definition whose id is not the one named, and builds nothing', () => {
    const e = endpoint();
    e.receive({ v: 1, type: 'init', scenario: 'skype-2010', seed: 1, scale: 0.01, definition: variant() });
    expect(e.out).toEqual([
      expect.objectContaining({
        type: 'error',
        message: 'the scenario definition is "my-variant", not "skype-2010"',
      }),
    ]);
    // Still waiting for a good init.
    e.receive({ v: 1, type: 'init', scenario: 'skype-2010', seed: 1, scale: 0.01 });
    expect(e.out.some((m) => m.type === 'ready')).toBe(true);
  });

  it('refuses an invalid definition with the path of its first problem', () => {
    const e = endpoint();
    const bad = variant();
    (bad['model'] as Record<string, unknown>)['durationMinutes'] = -5;
    e.receive({ v: 1, type: 'init', scenario: 'my-variant', seed: 1, definition: bad });
    expect(e.out).toHaveLength(1);
    const m = e.out[0]!;
    expect(m.type).toBe('error');
    if (m.type === 'error') expect(m.message).toMatch(/^invalid scenario: model\.durationMinutes: /);
  });
});
