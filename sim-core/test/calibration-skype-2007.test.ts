/**
 * skype-2007 against the published record of 16-18 Aug 2007 (docs/model-skype-2007.md; research
 * outage-facts.md §1d, §4), at full scale. Same model as skype-2010, scenario data only.
 */
import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../src/scenario/index';
import { parsePolicy } from '../src/levers/index';
import { runScenario, type RunResult } from '../src/scoring/run';

const scenario = builtinScenario('skype-2007');
const trigger = scenario.model.triggerMinute;
const ratioAt = (r: RunResult, minute: number) => {
  const row = r.series[minute]!;
  return row.online / row.expectedOnline;
};
/** Minutes since tick 0 (Thu 16 Aug 12:00 GMT) of a GMT time on a day of August 2007. */
const at = (day: number, hour: number) => (day - 16) * 1440 + (hour - 12) * 60;

describe('skype-2007 at full scale', () => {
  it('starts Thursday 16 Aug 2007 with the reboot wave at 16:00 GMT, on the Skype model with no client crash bug', () => {
    expect(scenario.startIso).toBe('2007-08-16T12:00:00Z');
    expect(scenario.model.startMinuteOfDay + trigger).toBe(16 * 60);
    expect(scenario.model.bug.crashPerSlowReply).toBe(0);
    expect(scenario.model.effects.map((e) => e.kind)).toEqual(['forceUpdate']);
  });

  it('do nothing: collapses within hours of the reboot wave and does not heal in three days', () => {
    const r = runScenario(scenario, { seed: 1, hours: 54 });
    const s = r.summary;
    // The usual weekday level, ~8M at 16:00 GMT (Computerworld: 3M online was "5 million shy of the usual number").
    expect(r.series[trigger]!.online).toBeGreaterThanOrEqual(7_000_000);
    expect(r.series[trigger]!.online).toBeLessThanOrEqual(9_000_000);
    // "Millions ... unable to log on" from Thursday: below half of normal within 6 h.
    expect(s.troughAtMinute - trigger).toBeLessThanOrEqual(6 * 60);
    expect(s.troughOnline / r.series[s.troughAtMinute]!.expectedOnline).toBeLessThan(0.5);
    // The allocation bug "prevented the self-healing function from working": still down on Saturday afternoon.
    expect(ratioAt(r, at(18, 16))).toBeLessThan(0.3);
    expect(s.minutesTo90pct).toBeNull();
  });

  it('reconstructed response: about 3M (≈37%) on Friday 16:00 GMT, back to 90% of normal on Saturday, no relapse', () => {
    const r = runScenario(scenario, {
      seed: 1,
      policy: parsePolicy(scenario.policies['historical']),
    });
    expect(r.refused).toEqual([]);
    const fri = r.series[at(17, 16)]!;
    expect(fri.online).toBeGreaterThanOrEqual(2_000_000);
    expect(fri.online).toBeLessThanOrEqual(4_000_000);
    expect(fri.online / fri.expectedOnline).toBeGreaterThanOrEqual(0.25);
    expect(fri.online / fri.expectedOnline).toBeLessThanOrEqual(0.5);
    // "Began on Thursday and ended on Saturday"; "unavailable to the majority ... for approximately two days".
    const back = r.summary.minutesTo90pct;
    expect(back).not.toBeNull();
    expect(trigger + back!).toBeGreaterThanOrEqual(at(18, 0));
    expect(trigger + back!).toBeLessThan(at(19, 0));
    const below = r.series.filter((x) => x.minute >= trigger && x.online < 0.5 * x.expectedOnline).length;
    expect(below).toBeGreaterThanOrEqual(24 * 60);
    // No relapse once back: readmitting faster than the thinned core re-grows would take it down again.
    const after = r.series.slice(trigger + back!);
    expect(Math.min(...after.map((x) => x.online / x.expectedOnline))).toBeGreaterThanOrEqual(0.8);
  });
});
