import { describe, expect, it } from 'vitest';
import { inlineRunner } from '../../../sim-core/src/scoring/par';
import { inlineScheduler, scaled } from '../panels/debrief/test-fixture';
import { createParScheduler, type ParState } from './par-scheduler';

describe('the par scheduler', () => {
  it('searches a par once for everyone who asks, reports its progress, and keeps it in the cache', async () => {
    const cache = new Map<string, string>();
    const par = inlineScheduler(cache);
    const a = par.request(scaled, 6);
    const b = par.request(scaled, 6);
    expect(b).toBe(a);
    const states: string[] = [];
    a.subscribe((s) => states.push(s.status));
    const release = a.hurry();
    const found = await a.result;
    release();
    expect(par.starts).toBe(1);
    expect(found.cached).toBe(false);
    expect(states).toContain('running');
    expect(states.at(-1)).toBe('done');
    expect(a.state()).toMatchObject({ status: 'done', fraction: 1 });
    expect([...cache.keys()]).toEqual([a.key]);

    // A new page (a new scheduler) takes it from the cache without a search.
    const later = inlineScheduler(cache);
    const c = await later.request(scaled, 6).result;
    expect(later.starts).toBe(0);
    expect(c.cached).toBe(true);
    expect(c.par.traces.par.stateHash).toBe(found.par.traces.par.stateHash);
  });

  it('runs one search at a time, the most recently asked first', async () => {
    const par = inlineScheduler(null);
    const order: number[] = [];
    const tickets = [7, 8, 9].map((seed) => {
      const t = par.request(scaled, seed);
      t.subscribe((s) => {
        if (s.status === 'running' && !order.includes(seed)) order.push(seed);
      });
      return t;
    });
    await Promise.all(tickets.map((t) => t.result));
    // 7 started at once (nothing else waited); 9 was asked for after 8.
    expect(order).toEqual([7, 9, 8]);
  });

  it('counts the proxy evaluations its pool answered (the debrief bench divides them by wall time)', async () => {
    let losses = 0;
    const seen: ParState[] = [];
    const par = createParScheduler({
      cache: null,
      startPool: (sc) => {
        const answered: ((kind: 'loss' | 'trace') => void)[] = [];
        const runner = (seed: number) => {
          const r = inlineRunner(sc, seed);
          return {
            evaluate: async (policies: Parameters<typeof r.evaluate>[0], stopAbove?: number | null) => {
              const out = await r.evaluate(policies, stopAbove);
              for (const _ of out) {
                losses++;
                for (const l of answered) l('loss');
              }
              return out;
            },
            trace: async (policies: Parameters<typeof r.trace>[0]) => {
              const out = await r.trace(policies);
              for (const _ of out) for (const l of answered) l('trace');
              return out;
            },
          };
        };
        return {
          pool: { runner, close: async () => undefined },
          wake: () => undefined,
          onAnswered: (l) => void answered.push(l),
        };
      },
      hurriedWorkers: 2,
      now: (() => {
        let clock = 0;
        return () => (clock += 100);
      })(),
      budget: 14,
    });
    const t = par.request(scaled, 6);
    t.subscribe((s) => seen.push(s));
    await t.result;
    expect(losses).toBeGreaterThanOrEqual(14);
    expect(t.state().evaluations).toBe(losses);
    // It only grows, and the full-scale traces do not count.
    const counts = seen.map((s) => s.evaluations);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
  });
});
