import { describe, expect, it } from 'vitest';
import type { SessionFile } from '../../../../sim-core/src/sessions/index';
import { debriefEvents, debriefRuns, debriefSeries, MODEL_LIMITS, scrubAt } from './model';
import { analyse, builtin, closedSession } from './test-fixture';

const log: SessionFile['log'] = [
  {
    tick: 10,
    kind: 'command',
    role: 'incidentCommander',
    command: 'throttleLogins',
    args: { perMinute: 1000 },
  },
  { tick: 12, kind: 'bookmark', role: 'facilitator', note: 'look here' },
  {
    tick: 20,
    kind: 'command',
    role: 'networkOps',
    command: 'disableFeature',
    args: { feature: 'offlineIm', disabled: true },
  },
  { tick: 30, kind: 'inject', role: 'facilitator', id: 'om-latency-alert' },
  { tick: 200, kind: 'end', role: 'facilitator' },
];
const session = closedSession(log, 400);

describe('debrief model', () => {
  it('reads the log as decision lines in plain words (ids stay in the file)', () => {
    const events = debriefEvents(session);
    expect(events.map((e) => [e.minute, e.kind, e.who, e.text])).toEqual([
      [10, 'command', 'Incident commander', 'Throttle logins (Logins: 1,000 per min)'],
      [12, 'bookmark', 'Facilitator', 'look here'],
      [20, 'command', 'Network ops', 'Disable feature (Feature: Offline IM, Action: Turn off)'],
      [30, 'inject', 'Facilitator', 'sent the message from Monitoring: offline-IM cluster'],
      [200, 'end', 'Facilitator', 'ended the drill'],
    ]);
    for (const e of events) expect(`${e.who} ${e.text}`).not.toMatch(/[a-z][A-Z]|=/);
  });

  it('cuts the four runs to the scored minutes and charts them, thinned evenly but keeping the last minute', async () => {
    const a = await analyse(session);
    const runs = debriefRuns(a);
    // Scored over the whole window: the drill ended at 200, its standing orders played on to the horizon.
    const window = builtin.model.durationMinutes;
    expect(a.score.drillMinutes).toBe(200);
    expect(runs.minutes).toBe(window);
    for (const r of [runs.you, runs.doNothing, runs.par, runs.historical!]) expect(r).toHaveLength(window);
    const every = debriefSeries(runs, window);
    expect(every.map((p) => p.minute)).toEqual(runs.you.map((r) => r.minute));
    expect(every[57]!.online.doNothing).toBe(runs.doNothing[57]!.online);
    const thin = debriefSeries(runs, 30);
    expect(thin.length).toBeLessThanOrEqual(31);
    expect(thin.at(-1)!.minute).toBe(window - 1);
  });

  it('scrubs: the state of each run at a minute and what had been said by then', async () => {
    const runs = debriefRuns(await analyse(session));
    const events = debriefEvents(session);
    const at11 = scrubAt(runs, events, 11);
    expect(at11.you).toBe(runs.you[11]);
    expect(at11.par).toBe(runs.par[11]);
    expect(at11.done.map((e) => e.kind)).toEqual(['command']);
    expect(scrubAt(runs, events, 10_000).minute).toBe(builtin.model.durationMinutes - 1);
    expect(scrubAt(runs, events, -5).done).toEqual([]);
  });

  it('lists the model limits of docs/model.md', () => {
    expect(MODEL_LIMITS.length).toBeGreaterThanOrEqual(8);
  });
});
