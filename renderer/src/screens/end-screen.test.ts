import { describe, expect, it } from 'vitest';

import type { Score } from '../../../sim-core/src/scoring/score';
import { endFigures, type DrillSummary } from './end-screen';

const START = Date.UTC(2010, 11, 22, 12, 0);
const summary: DrillSummary = {
  scenarioTitle: 'Skype',
  startEpochMs: START,
  endedAtMinute: 1532,
  endReason: 'facilitator',
  userMinutesLost: 354e6 * 60,
  costUsd: 45659,
  phases: [],
  lowestOnline: null,
  decisions: [],
  bookmarks: [],
  refusals: 0,
};
/** The fields endFigures reads from a score (the rest of a Score does not enter the labels). */
const score = (over: { drillMinutes: number; lost: number; usd: number; nothingToScore?: boolean }): Score =>
  ({
    minutes: 2880,
    drillMinutes: over.drillMinutes,
    run: { userMinutesLost: over.lost, cost: { totalUsd: over.usd } },
    doNothing: { loss: 100 },
    par: { loss: over.nothingToScore ? 100 : 10 },
  }) as unknown as Score;

describe('end screen figures: what each number counts is in its label', () => {
  it('labels the drill totals as running to the minute it ended', () => {
    expect(endFigures(summary, null)).toEqual([
      ['User-hours lost by Thu 23 Dec 13:32 GMT', '354M'],
      ['Money spent by Thu 23 Dec 13:32 GMT', '$45,659'],
    ]);
  });

  it('adds the scored whole-window figures under their own label, saying the standing orders played on', () => {
    const rows = endFigures(summary, score({ drillMinutes: 1532, lost: 401e6 * 60, usd: 46_100 }));
    expect(rows.slice(2)).toEqual([
      ['User-hours lost, scored to Fri 24 Dec 12:00 GMT, standing orders played on', '401M'],
      ['Money spent, scored to Fri 24 Dec 12:00 GMT, standing orders played on', '$46,100'],
    ]);
    // A drill that ran the whole window: the same figures, labelled as the window's.
    const whole = endFigures(
      { ...summary, endedAtMinute: 2880 },
      score({ drillMinutes: 2880, lost: 6e7, usd: 1 }),
    );
    expect(whole[2]![0]).toBe('User-hours lost, scored over the window to Fri 24 Dec 12:00 GMT');
  });

  it('adds nothing when there is nothing to score', () => {
    expect(
      endFigures(summary, score({ drillMinutes: 2, lost: 0, usd: 0, nothingToScore: true })),
    ).toHaveLength(2);
  });
});
