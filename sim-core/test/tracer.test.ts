import { describe, expect, it } from 'vitest';
import { builtinScenario, drawnTriggerMinute, scaleScenario } from '../src/scenario/index';
import { createTracer, sayableLog, traceLog, TraceError, type LogEntry } from '../src/scoring/trace';

const scenario = scaleScenario(builtinScenario('skype-2010'), 0.0025);
const SEED = 5;
const t0 = drawnTriggerMinute(scenario.model, SEED);
const log: LogEntry[] = [
  { tick: t0 + 30, kind: 'bookmark', role: 'facilitator', note: 'first sign?' },
  {
    tick: t0 + 60,
    kind: 'command',
    role: 'incidentCommander',
    command: 'disableFeature',
    args: { feature: 'offlineIm', disabled: true },
  },
  { tick: t0 + 60, kind: 'command', role: 'networkOps', command: 'spinUpSupernodes', args: { count: 1 } },
  { tick: t0 + 200, kind: 'end', role: 'facilitator' },
];

describe('a tracer fed as the log grows', () => {
  it('scores to the horizon as traceLog does: the log cut at its end, then the standing orders', () => {
    const opts = { minutes: t0 + 200, toHorizon: true };
    const whole = traceLog(scenario, SEED, log, opts);
    expect(whole.liveMinutes).toBe(t0 + 200);
    expect(whole.minutes).toBe(scenario.model.durationMinutes);
    const tr = createTracer(scenario, SEED, { toHorizon: true });
    try {
      for (let m = 0; m <= t0 + 200; m += 53) {
        const { said, minutes } = sayableLog(
          scenario,
          log.filter((e) => e.tick <= m),
          { minutes: m, toHorizon: true },
        );
        tr.playTo(said, minutes);
      }
      const { said, minutes } = sayableLog(scenario, log, opts);
      tr.playTo(said, minutes);
      expect(tr.finish()).toEqual(whole);
    } finally {
      tr.dispose();
    }
  });

  it('gives the trace traceLog gives for the whole log, whatever the steps', () => {
    const whole = traceLog(scenario, SEED, log, { stopOnFullRecovery: true });
    expect(whole.minutes).toBe(t0 + 200);
    const tr = createTracer(scenario, SEED, { stopOnFullRecovery: true });
    try {
      // The log as a live drill grows it: each entry known only once the drill reached its minute.
      for (let m = 0; m <= t0 + 200; m += 37) {
        tr.playTo(
          log.filter((e) => e.tick <= m),
          m,
        );
        expect(tr.minute()).toBe(m);
      }
      tr.playTo(log, t0 + 200);
      const t = tr.finish();
      expect(t).toEqual(whole);
      expect(tr.said()).toBe(log.length);
    } finally {
      tr.dispose();
    }
  });

  it('refuses an entry for a minute it has already simulated', () => {
    const tr = createTracer(scenario, SEED);
    try {
      tr.playTo([], 50);
      expect(() =>
        tr.playTo([{ tick: 10, kind: 'bookmark', role: 'facilitator', note: 'late' }], 60),
      ).toThrow(TraceError);
    } finally {
      tr.dispose();
    }
  });
});
