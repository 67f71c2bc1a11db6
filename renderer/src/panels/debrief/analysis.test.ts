import { describe, expect, it } from 'vitest';
import { scoreTrace } from '../../../../sim-core/src/scoring/score';
import { modelVersion } from '../../../../sim-core/src/scoring/version';
import { replaySession, sealSession, SessionError } from '../../../../sim-core/src/sessions/index';
import { analyseSession, boundedParCache, parCacheKey, type AnalysisProgress } from './analysis';
import { builtin, closedSession, inlineDeps, scaled } from './test-fixture';

const SEED = 4;
/** A force update at the start at a pace the update servers carry (in time to help: mid-cascade it no longer does), run for a day. */
const session = closedSession(
  [
    {
      tick: 0,
      kind: 'command',
      role: 'incidentCommander',
      command: 'forceUpdate',
      args: { targetVersion: '5.0.0156', rolloutPercentPerHour: 25, bandwidthGbps: 400 },
    },
  ],
  1440,
  SEED,
);

describe('the debrief analysis', () => {
  it('replays the session to its hash, finds par, and scores the replay as sim-core scores it', async () => {
    const cache = new Map<string, string>();
    const progress: AnalysisProgress[] = [];
    const d = inlineDeps(cache, { onProgress: (p) => progress.push(p) });
    const a = await analyseSession(session, builtin, d);
    expect(a.replay.hashMatches).toBe(true);
    expect(a.parCached).toBe(false);
    expect(d.starts).toBe(1);
    const expected = replaySession(session, { scenario: builtin, baselines: a.par.traces }).score!;
    expect(a.score).toEqual(expected);
    expect(a.score).toEqual(scoreTrace(scaled, SEED, a.replay.trace, a.par.traces));
    expect(a.score.headline).toBeGreaterThan(0);
    // Progress runs from the replay through the search to done, never backwards.
    expect(progress[0]!.stage).toBe('replay');
    expect(progress.at(-1)).toMatchObject({ stage: 'done', fraction: 1 });
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]!.fraction).toBeGreaterThanOrEqual(progress[i - 1]!.fraction);
    expect(progress.some((p) => p.stage === 'search' && p.etaSeconds !== null)).toBe(true);
    expect([...cache.keys()]).toEqual([parCacheKey(scaled, SEED, modelVersion(scaled))]);

    // The second debrief of the same seed and scale takes par from the cache: same score, no search.
    const again = inlineDeps(cache);
    const b = await analyseSession(session, builtin, again);
    expect(again.starts).toBe(0);
    expect(b.parCached).toBe(true);
    expect(b.score).toEqual(a.score);
  });

  it('searches again when the cached entry is unreadable', async () => {
    const cache = new Map([[parCacheKey(scaled, SEED, modelVersion(scaled)), '{"trunc']]);
    const d = inlineDeps(cache);
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const a = await analyseSession(session, builtin, d);
      expect(d.starts).toBe(1);
      expect(a.parCached).toBe(false);
    } finally {
      console.warn = warn;
    }
  });

  it('refuses a session of another model version with the reason', async () => {
    const { checksum: _c, ...body } = session;
    const other = sealSession({ ...body, model: { version: 'someone-else' } });
    await expect(analyseSession(other, builtin, inlineDeps(null))).rejects.toThrow(SessionError);
    await expect(analyseSession(other, builtin, inlineDeps(null))).rejects.toThrow(/model someone-else/);
  });

  it('stops when cancelled', async () => {
    const ctl = new AbortController();
    const p = analyseSession(session, builtin, inlineDeps(null, { signal: ctl.signal }));
    ctl.abort();
    await expect(p).rejects.toThrow('cancelled');
  });
});

describe('the par cache', () => {
  it('keeps the most recently stored results only, and forgets an entry stored again as new', async () => {
    const map = new Map<string, string>();
    const kv = {
      get: async (k: string) => map.get(k),
      put: async (k: string, v: string) => void map.set(k, v),
      delete: async (k: string) => void map.delete(k),
    };
    const cache = boundedParCache(kv, 3);
    for (const k of ['a', 'b', 'c', 'a', 'd']) await cache.put(k, `par ${k}`);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe('par a');
    expect([...map.keys()].filter((k) => k !== 'order').sort()).toEqual(['a', 'c', 'd']);
    map.set('order', 'not json');
    await cache.put('e', 'par e');
    expect(await cache.get('e')).toBe('par e');
  });
});
