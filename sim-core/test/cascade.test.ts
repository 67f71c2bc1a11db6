import { describe, expect, it } from 'vitest';
import { runCascade } from '../src/model/index';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { parsePolicy, skypeCascadeModel } from '../src/levers/index';
import { runScenario } from '../src/scoring/run';

const small = scaleScenario(builtinScenario('skype-2010'), 0.0025);

describe('the Skype model behind the cascade model interface', () => {
  it('keeps its golden hash and reports the same summary as the Skype run, with the historical policy', () => {
    const policy = parsePolicy(small.policies['historical'] ?? []);
    const direct = runScenario(small, { seed: 1, hours: 6, policy });
    const run = runCascade(skypeCascadeModel, small.model, 1, 360, policy);
    expect(run.summary).toEqual({
      userMinutesLost: direct.summary.userMinutesLost,
      stateHash: direct.summary.stateHash,
      triggerAtMinute: direct.summary.triggerAtMinute,
      minutesTo90pct: direct.summary.minutesTo90pct,
    });
    expect(run.series).toHaveLength(360);
    expect(run.series.map((r) => r.online)).toEqual(direct.series.map((r) => r.online));
  });

  it('matches the golden hash without a policy', () => {
    expect(runCascade(skypeCascadeModel, small.model, 1, 360).summary.stateHash).toBe('add6de97ed3af985');
  });

  it('restores a snapshot into the same simulation', () => {
    const a = skypeCascadeModel.create(small.model, 7);
    for (let t = 0; t < 90; t++) a.step([]);
    const b = skypeCascadeModel.restore(small.model, a.snapshot());
    for (let t = 0; t < 30; t++) {
      a.step([]);
      b.step([]);
    }
    expect(b.hash()).toBe(a.hash());
    expect(b.tick()).toBe(120);
  });

  it('lists every order with its lead time and a cost sentence, read from the lever rules', () => {
    const levers = skypeCascadeModel.levers(small.model);
    expect(levers.map((l) => l.kind)).toContain('spinUpSupernodes');
    for (const l of levers) {
      expect(l.leadMinutes).toBeGreaterThanOrEqual(0);
      expect(l.cost.length).toBeGreaterThan(0);
    }
    const sim = skypeCascadeModel.create(small.model, 1);
    const bad = { kind: 'releaseSupernodes', count: 5 } as const;
    expect(sim.check(bad)).toMatch(/./);
    expect(sim.preview(bad).ok).toBe(false);
  });
});
