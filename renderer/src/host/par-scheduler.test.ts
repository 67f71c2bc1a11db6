import { describe, expect, it } from 'vitest';
import { inlineScheduler, scaled } from '../panels/debrief/test-fixture';

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
});
