/**
 * The record's lessons, held by the model at full scale (issue 10 §2; seed 1, 14 h from 12:00 GMT). Each test
 * names the mechanism it rests on (docs/model.md).
 */
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../src/levers/index';
import { builtinScenario, drawnTriggerMinute, seededPolicyEntries } from '../src/scenario/index';
import { runScenario, type RunResult } from '../src/scoring/run';

const scenario = builtinScenario('skype-2010');
const trigger = drawnTriggerMinute(scenario.model, 1); // seed 1's onset
const HOURS = 14;

const run = (policy: unknown[] = []): RunResult =>
  runScenario(scenario, { seed: 1, hours: HOURS, policy: parsePolicy(policy) });
const ratio = (r: RunResult, t: number) => r.series[t]!.online / r.series[t]!.expectedOnline;
const worst = (r: RunResult, from: number, to = r.series.length) => {
  let w = 1;
  for (let t = from; t < to; t++) w = Math.min(w, ratio(r, t));
  return w;
};
const lost = (r: RunResult) => r.summary.userMinutesLost;

describe('the lessons of 22 December 2010 hold in the model', () => {
  const nothing = run();

  it('forcing the fixed client out early, at a rollout the update servers carry, prevents the outage', () => {
    // 25% an hour of 20M clients is 83k a minute; 400 Gbit/s carries 120k 25-MB downloads a minute.
    const early = run([
      { atMinute: 0, command: 'forceUpdate', rolloutPercentPerHour: 25, bandwidthGbps: 400 },
    ]);
    expect(early.refused).toEqual([]);
    expect(worst(nothing, trigger)).toBeLessThan(0.3);
    expect(worst(early, trigger)).toBeGreaterThanOrEqual(0.9);
    expect(lost(early)).toBeLessThan(lost(nothing) / 20);
  });

  it('a forced update keeps its users online while they download (only the restart takes them off)', () => {
    // The default order outruns the servers (83k told a minute, 30k served): the queue stays online.
    const outrun = run([{ atMinute: 0, command: 'forceUpdate' }]);
    expect(worst(outrun, 0, trigger)).toBeGreaterThanOrEqual(0.97);
  });

  it('forcing it mid-cascade does not rescue the network: the restarts add to the load', () => {
    const late = run([
      { atMinute: 330, command: 'forceUpdate', rolloutPercentPerHour: 25, bandwidthGbps: 400 },
    ]);
    expect(lost(late)).toBeGreaterThanOrEqual(0.99 * lost(nothing));
  });

  it('shedding offline IM early holds the network and costs its users their offline messages', () => {
    const shed = run([{ atMinute: 270, command: 'disableFeature', feature: 'offlineIm' }]);
    expect(worst(shed, trigger)).toBeGreaterThanOrEqual(0.95);
    expect(lost(shed)).toBeLessThan(lost(nothing) / 10);
    // The feature's cost, as the model's accounting charges it: every online user loses its share while off
    // (from its 10-minute lead on).
    const offFrom = 270 + scenario.model.levers.disableLeadMinutes;
    const featureMinutes = shed.series
      .slice(offFrom)
      .reduce((n, row) => n + row.online * scenario.model.offlineIm.serviceShare, 0);
    expect(featureMinutes).toBeGreaterThan(0);
    expect(lost(shed)).toBeGreaterThanOrEqual(featureMinutes);
  });
});

describe('the 2010 recovery: mega-supernodes and controlled readmission, together', () => {
  // The 2010 response as reconstructed (skype-2010.json `policies.historical`, docs/model.md): features off
  // for their servers, ~250 mega-supernodes on 22 Dec, 400 bigger ones overnight, readmission from +20 h.
  const DAY2 = 28;
  const historical = seededPolicyEntries(scenario, 'historical', 1);
  const runDay2 = (entries: unknown[]) =>
    runScenario(scenario, { seed: 1, hours: (trigger + DAY2 * 60) / 60, policy: parsePolicy(entries) });
  /** Hours from the onset until online is back at 90% of normal after the collapse (null: not within the run). */
  const backAt = (r: RunResult) => {
    const from = trigger + 120;
    const i = r.series.findIndex((row, t) => t >= from && row.online >= 0.9 * row.expectedOnline);
    return i < 0 ? null : (i - trigger) / 60;
  };
  const isMega = (e: { command: string }) => e.command === 'spinUpSupernodes';
  const overnight = (e: { command: string; atMinute: number }) => isMega(e) && e.atMinute > trigger + 600;
  const record = runDay2(historical);

  it('the response as recorded is back within the record’s day (≈ +25 h)', () => {
    expect(record.refused).toEqual([]);
    expect(backAt(record)).not.toBeNull();
    expect(backAt(record)!).toBeGreaterThan(20);
    expect(backAt(record)!).toBeLessThanOrEqual(26);
  });

  it('neither lever alone brings it back: without the mega-supernodes, or without readmission', () => {
    const noMega = runDay2(historical.filter((e) => !isMega(e)));
    const noReadmission = runDay2(historical.filter((e) => e.command !== 'throttleLogins'));
    expect(backAt(noMega)).toBeNull();
    expect(backAt(noReadmission)).toBeNull();
    expect(lost(noMega)).toBeGreaterThan(1.2 * lost(record));
    expect(lost(noReadmission)).toBeGreaterThan(1.1 * lost(record));
  });

  it('fewer mega-supernodes (the first batch only) leave it down; the same fleet 8 h earlier brings it back sooner', () => {
    const fewer = runDay2(historical.filter((e) => !overnight(e)));
    expect(backAt(fewer)).toBeNull();
    const earlier = runDay2(
      historical.map((e) =>
        overnight(e) || e.command === 'throttleLogins' ? { ...e, atMinute: e.atMinute - 480 } : e,
      ),
    );
    expect(earlier.refused).toEqual([]);
    expect(backAt(earlier)).not.toBeNull();
    expect(backAt(earlier)!).toBeLessThanOrEqual(backAt(record)! - 4);
    expect(lost(earlier)).toBeLessThan(0.85 * lost(record));
  });
});
