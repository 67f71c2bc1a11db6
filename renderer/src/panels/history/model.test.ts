import { describe, expect, it } from 'vitest';
import type { SessionListing } from '../../../../sim-core/src/sessions/index';
import {
  boardKeys,
  boardKeyText,
  historyByScenario,
  leaderboard,
  notRankedBecause,
  type Listed,
} from './model';

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
    scoring: p.headline === null ? null : { version: 3, minutes: 2880 },
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
    listing({ headline: 99, savedAt: day(9), scoring: { version: 1, minutes: 417 } }),
    // Ended itself at full recovery after 896 minutes, scored over the whole window: ranked with the others.
    listing({ headline: 30, savedAt: day(10), minute: 896 }),
    { ok: false, file: 'bad', error: 'the session file is empty', code: 'empty' },
  ];

  it('groups by scenario, newest first, and trends the scores oldest first with a rolling mean', () => {
    const h = historyByScenario(all, 2);
    expect(h.map((x) => x.scenarioId)).toEqual(['skype-2010', 'other']);
    const s = h[0]!;
    expect(s.sessions.map((x) => x.savedAt)).toEqual([10, 9, 7, 6, 5, 4, 3, 2, 1].map(day));
    expect(s.trend.map((t) => t.headline)).toEqual([40, 60, 80, 95, 60, 70, 99, 30]);
    expect(s.trend.map((t) => t.rolling)).toEqual([40, 50, 70, 87.5, 77.5, 65, 84.5, 64.5]);
    expect(s.recentMean).toBe(64.5);
    expect(s.previousMean).toBe(65);
  });

  it('ranks only closed, scored sessions of the same scenario version, seed, scale and scoring rules; ties share a rank', () => {
    const sessions = historyByScenario(all)[0]!.sessions;
    const keys = boardKeys(sessions);
    expect(keys[0]).toMatchObject({ seed: 1, scale: 1, minutes: 2880, scoreVersion: 3, count: 4 });
    expect(boardKeyText(keys[0]!)).toBe(
      'seed 1 · scored over 2880 simulated minutes · score v3 · scenario v1',
    );
    // A score of version 1 over the run's own 417 minutes is on another scale: a board of its own.
    expect(keys).toHaveLength(4);
    expect(
      leaderboard(sessions, { ...keys[0]!, scoreVersion: 1, minutes: 417 }).map((r) => r.headline),
    ).toEqual([99]);
    const board = leaderboard(sessions, keys[0]!);
    expect(board.map((r) => [r.rank, r.headline, r.savedAt])).toEqual([
      [1, 60, day(2)],
      [1, 60, day(6)],
      [3, 40, day(1)],
      [4, 30, day(10)],
    ]);
    expect(leaderboard(sessions, { ...keys[0]!, scale: 0.1 }).map((r) => r.headline)).toEqual([95]);
  });

  it('says why a session is not ranked', () => {
    const [open, unscored, scored] = [
      listing({ headline: 70, savedAt: day(1), closed: false }),
      listing({ headline: null, savedAt: day(2) }),
      listing({ headline: 50, savedAt: day(3) }),
    ];
    expect(notRankedBecause(open!)).toBe('not ranked: the drill did not close cleanly');
    expect(notRankedBecause(unscored!)).toBe('not ranked: not scored yet');
    expect(notRankedBecause(unscored!, 'nothing to score over its minutes')).toBe(
      'not ranked: nothing to score over its minutes',
    );
    expect(notRankedBecause(scored!)).toBeNull();
  });
});
