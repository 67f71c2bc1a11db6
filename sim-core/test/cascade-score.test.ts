/** Scores of a drill on a model other than Skype: against doing nothing, the record, and par (scoring/cascade.ts). */
import { describe, expect, it } from 'vitest';
import { builtinCascadeScenario } from '../src/scenario/index';
import {
  cascadePar,
  cascadeParWords,
  compareCascadeRun,
  recordRows,
  runOrders,
  type ScoredScenario,
} from '../src/scoring/index';
import { facebookLevers, facebookModel, type FacebookParams } from '../src/model/facebook';

const scenario = builtinCascadeScenario('facebook-2010').scenario as unknown as ScoredScenario;

describe('a Facebook 2010 drill scored against doing nothing, the record and par', () => {
  const minutes = 360;
  it('compares over the same minutes, and says what the numbers say', () => {
    const historical = scenario.policies['historical']!.map((e) => ({
      atMinute: e.atMinute,
      command: facebookModel.parseCommand(e),
    }));
    const you = runOrders(scenario, 1, minutes, historical.slice(0, 1));
    const c = compareCascadeRun(scenario, 1, minutes, you);
    expect(c.you.userMinutesLost).toBe(you.userMinutesLost);
    expect(c.record).toEqual({
      userMinutesLost: runOrders(scenario, 1, minutes, historical).userMinutesLost,
      minutesTo90pct: 155,
    });
    expect(c.nothing.minutesTo90pct).toBeNull();
    // Fixing the value alone (the first order of the record) does not break the loop: no better than nothing here.
    expect(c.you.minutesTo90pct).toBeNull();
    expect(c.words[0]).toBe(
      `Over the 360 simulated minutes you played: you lost ${(c.you.userMinutesLost / 60 / 1e6).toFixed(1)} million user-hours, never back to 90% of normal.`,
    );
    expect(c.words[2]).toBe(
      `The record's response would have lost ${(c.record!.userMinutesLost / 60 / 1e6).toFixed(1)} million user-hours, back to 90% of normal 155 min after the trigger.`,
    );
  });

  it("par searches the model's levers and times: no worse than the record, and repeatable", () => {
    const opts = { minutes, stepMinutes: 20, windowMinutes: 120, maxOrders: 2 };
    const par = cascadePar(scenario, 1, opts);
    const c = compareCascadeRun(scenario, 1, minutes, par.summary);
    expect(par.summary.userMinutesLost).toBeLessThan(c.record!.userMinutesLost);
    expect(par.orders.length).toBeGreaterThan(0);
    // Every order is at or after the minute after the trigger, and replaying par's orders gives par's run.
    for (const o of par.orders) expect(o.atMinute).toBeGreaterThan(60);
    expect(runOrders(scenario, 1, minutes, par.orders)).toEqual(par.summary);
    expect(cascadePar(scenario, 1, opts)).toEqual(par);
    const levers = facebookLevers(scenario.model as unknown as FacebookParams);
    const words = cascadeParWords(par, levers, (m) => `at minute ${m}`);
    const titles = par.orders.map(
      (o) => `${levers.find((l) => l.kind === o.command.kind)!.title} at minute ${o.atMinute}`,
    );
    expect(words).toBe(
      `Par (the best run a search over these levers and order times found, ${par.evaluations} runs) would have lost ${(par.summary.userMinutesLost / 60 / 1e6).toFixed(1)} million user-hours, back to 90% of normal ${par.summary.minutesTo90pct} min after the trigger: ${titles.join(', then ')}.`,
    );
  });

  it("the record's rows are the historical policy's run, minute by minute; none without a historical policy", () => {
    const rows = recordRows(scenario, 1, minutes)!;
    expect(rows).toHaveLength(minutes);
    expect(rows[0]).toEqual({
      minute: 0,
      online: rows[0]!.expectedOnline,
      expectedOnline: rows[0]!.expectedOnline,
    });
    // Back to 90% of normal 155 minutes after the trigger, as the record's summary says.
    const t = 60;
    expect(rows[t + 155]!.online / rows[t + 155]!.expectedOnline).toBeGreaterThanOrEqual(0.9);
    expect(rows[t + 154]!.online / rows[t + 154]!.expectedOnline).toBeLessThan(0.9);
    expect(recordRows({ ...scenario, policies: {} }, 1, minutes)).toBeNull();
  });
});
