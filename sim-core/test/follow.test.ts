import { describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { createFollower } from '../src/scoring/follow';
import { traceLog } from '../src/scoring/trace';
import type { LogEntry } from '../src/drill/log';

const scenario = scaleScenario(builtinScenario('skype-2010'), 0.01);
const SEED = 3;
const IC = 'incidentCommander';
const log: LogEntry[] = [
  { tick: 30, kind: 'command', role: IC, command: 'scaleOfflineMessaging', args: { factor: 2 } },
  { tick: 200, kind: 'bookmark', role: IC, note: 'watch the latency' },
  { tick: 400, kind: 'command', role: IC, command: 'throttleLogins', args: { perMinute: 5000 } },
  { tick: 600, kind: 'end', role: IC },
];

describe('following a live drill', () => {
  it('traced in pieces as the log grows, it gives the trace a replay of the whole session gives', () => {
    const whole = traceLog(scenario, SEED, log, { toHorizon: true });
    const f = createFollower(scenario, SEED);
    for (const until of [10, 31, 150, 399, 401, 550])
      f.followTo(
        log.filter((e) => e.tick <= until),
        until,
      );
    expect(f.minute()).toBe(550);
    const t = f.finish(log, 600);
    f.dispose();
    expect(t.stateHash).toBe(whole.stateHash);
    expect(t.rows).toEqual(whole.rows);
    expect(t.decisions).toEqual(whole.decisions);
    expect(t.liveMinutes).toBe(600);
    expect(t.minutes).toBe(scenario.model.durationMinutes);
  });

  it('starts over when a branch replaces commands it has already traced', () => {
    const f = createFollower(scenario, SEED);
    f.followTo(log.slice(0, 3), 450);
    // Seek back to minute 300 and play from there: the throttle at 400 is dropped, another comes at 310.
    const branched: LogEntry[] = [
      ...log.slice(0, 2),
      { tick: 310, kind: 'command', role: IC, command: 'throttleLogins', args: { perMinute: 20_000 } },
      { tick: 600, kind: 'end', role: IC },
    ];
    f.followTo(branched.slice(0, 3), 320);
    const t = f.finish(branched, 600);
    f.dispose();
    expect(t.stateHash).toBe(traceLog(scenario, SEED, branched, { toHorizon: true }).stateHash);
  });

  it('says why when the host rejects the log, and finish throws that reason', () => {
    const f = createFollower(scenario, SEED);
    const bad = [
      { tick: 5, kind: 'command', role: IC, command: 'reboot', args: {} },
    ] as unknown as LogEntry[];
    f.followTo(bad, 10);
    expect(f.error()).toMatch(/^drill host: /);
    expect(() => f.finish(bad, 10)).toThrow(f.error()!);
    f.dispose();
  });
});
