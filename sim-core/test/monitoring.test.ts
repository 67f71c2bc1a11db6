/**
 * Monitoring gives the team a real decision window (issue 10 §5): the first monitoring alert fires by the
 * model's own observables, early enough that at the speed the console slows to on that alert, the team has
 * at least three real minutes before the last minute at which shedding offline IM still saves the network.
 * Measured on a 10% network (same rules; the cliff sits within a few minutes of the full network's).
 */
import { describe, expect, it } from 'vitest';
import { runDrill } from '../src/drill/headless';
import type { Policy } from '../src/levers/index';
import { builtinScenario, drawnTriggerMinute, scaleScenario } from '../src/scenario/index';
import {
  conditionHolds,
  emptyFacts,
  loadTimeline,
  renderInject,
  type Condition,
} from '../src/timeline/index';

const scenario = scaleScenario(builtinScenario('skype-2010'), 0.1);
const timeline = loadTimeline(scenario);
const HOURS = 9;

const shedAt = (minute: number): Policy => [
  { atMinute: minute, command: { kind: 'disableFeature', feature: 'offlineIm', disabled: true } },
];

/** Whether shedding offline IM at `minute` holds the network (online never below half of normal after it). */
function holds(seed: number, minute: number): boolean {
  const r = runDrill(scenario, { seed, hours: HOURS, policy: shedAt(minute) });
  return r.series.every((row) => row.minute < minute || row.online >= 0.5 * row.expectedOnline);
}

describe('the decision window after the first alert', () => {
  for (const seed of [1, 2]) {
    it(`seed ${seed}: at least three real minutes at the slowed speed before the cliff`, () => {
      const idle = runDrill(scenario, { seed, hours: HOURS });
      const monitoring = new Set(timeline.injects.filter((i) => i.channel === 'monitoring').map((i) => i.id));
      const first = idle.injects.find((i) => monitoring.has(i.id));
      expect(first).toBeDefined();
      const alertAt = first!.atMinute;
      // The alert comes from the model's observables, after the trigger and before any phase worse than degraded.
      expect(alertAt).toBeGreaterThanOrEqual(drawnTriggerMinute(scenario.model, seed));
      const cascading = idle.phases.find((p) => p.phase === 'cascading');
      expect(cascading).toBeDefined();
      expect(alertAt).toBeLessThan(cascading!.atMinute);
      // The cliff: the last minute at which shedding offline IM still holds (bisection; it holds at the alert).
      expect(holds(seed, alertAt)).toBe(true);
      let lo = alertAt;
      let hi = cascading!.atMinute + 30;
      expect(holds(seed, hi)).toBe(false);
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (holds(seed, mid)) lo = mid;
        else hi = mid;
      }
      const speed = timeline.slowDownOnFirstAlert;
      expect(speed).not.toBeNull();
      const realSeconds = ((lo - alertAt) * 60) / speed!;
      // At the recommended speed the same window is this many real seconds (the reason for the slow-down).
      const unslowed = ((lo - alertAt) * 60) / timeline.initialSpeed;
      expect(unslowed).toBeLessThan(180);
      expect(realSeconds).toBeGreaterThanOrEqual(180);
    });
  }
});

describe('alerts say what the numbers say', () => {
  it('crash reports fire on crashes, so the count they report is never zero', () => {
    const inj = timeline.injects.find((i) => i.id === 'crash-reports')!;
    expect('metric' in inj.trigger && inj.trigger.metric).toBe('crashesThisTick');
    const f = { ...emptyFacts(), minute: 305, crashesThisTick: 1000, crashed: 0, onlineRatio: 0.99 };
    expect(conditionHolds(inj.trigger as Condition, f)).toBe(true);
    const text = renderInject(inj, f, 305, 720, false).text;
    expect(text).toContain('1000 crashes in the last minute');
    expect(conditionHolds(inj.trigger as Condition, { ...f, crashesThisTick: 0 })).toBe(false);
  });
  it('the latency alert states its own alert line, not a normal level the model does not keep', () => {
    const inj = timeline.injects.find((i) => i.id === 'om-latency-alert')!;
    const text = renderInject(inj, { ...emptyFacts(), omLatencyMs: 4200 }, 302, 720, false).text;
    expect(text).toBe(
      '17:02 GMT ALERT offline-IM replies take 4.2 s, above the 3 s alert line for 2 minutes; the request backlog keeps growing.',
    );
    expect(inj.trigger).toMatchObject({ metric: 'omLatencyMs', value: 3000, forMinutes: 2 });
  });
});
