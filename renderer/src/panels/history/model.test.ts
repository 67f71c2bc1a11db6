import { describe, expect, it } from 'vitest';
import type { SessionListing } from '../../../../sim-core/src/sessions/index';
import { boardKeys, historyByScenario, leaderboard, type Listed } from './model';

let n = 0;
function listing(p: Partial<Listed> & { headline: number | null; savedAt: string }): Listed {
  n++;
  return {
    ok: true,
    id: `s${n}`,
    file: `f${n}`,
    title: `Session ${n}`,
    scenario: { id: 'skype-2010', version: 1, scale: 1 },
    seed: 1,
    minute: 600,
    closed: true,
    grade: p.headline === null ? null : p.headline >= 90 ? 'A' : 'C',
    participants: [],
    ...p,
  };
}

describe('history', () => {
  const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}T10:00:00.000Z`;
  const all: SessionListing[] = [
    listing({ headline: 40, savedAt: day(1) }),
    listing({ headline: 60, savedAt: day(2) }),
    listing({ headline: null, savedAt: day(3) }),
    listing({ headline: 80, savedAt: day(4), seed: 2 }),
    listing({ headline: 95, savedAt: day(5), scenario: { id: 'skype-2010', version: 1, scale: 0.1 } }),
    listing({ headline: 60, savedAt: day(6) }),
    listing({ headline: 70, savedAt: day(7), closed: false }),
    listing({ headline: 10, savedAt: day(8), scenario: { id: 'other', version: 1, scale: 1 } }),
    { ok: false, file: 'bad', error: 'the session file is empty', code: 'empty' },
  ];

  it('groups by scenario, newest first, and trends the scores oldest first with a rolling mean', () => {
    const h = historyByScenario(all, 2);
    expect(h.map((x) => x.scenarioId)).toEqual(['skype-2010', 'other']);
    const s = h[0]!;
    expect(s.sessions.map((x) => x.savedAt)).toEqual([7, 6, 5, 4, 3, 2, 1].map(day));
    expect(s.trend.map((t) => t.headline)).toEqual([40, 60, 80, 95, 60, 70]);
    expect(s.trend.map((t) => t.rolling)).toEqual([40, 50, 70, 87.5, 77.5, 65]);
    expect(s.recentMean).toBe(65);
    expect(s.previousMean).toBe(87.5);
  });

  it('ranks only closed, scored sessions of the same scenario version, seed and scale; ties share a rank', () => {
    const sessions = historyByScenario(all)[0]!.sessions;
    const keys = boardKeys(sessions);
    expect(keys[0]).toMatchObject({ seed: 1, scale: 1, count: 3 });
    expect(keys).toHaveLength(3);
    const board = leaderboard(sessions, keys[0]!);
    expect(board.map((r) => [r.rank, r.headline, r.savedAt])).toEqual([
      [1, 60, day(2)],
      [1, 60, day(6)],
      [3, 40, day(1)],
    ]);
    expect(leaderboard(sessions, { ...keys[0]!, scale: 0.1 }).map((r) => r.headline)).toEqual([95]);
  });
});
