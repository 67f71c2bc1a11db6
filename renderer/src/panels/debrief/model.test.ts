import { describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../../../../sim-core/src/scenario/index';
import { traceLog } from '../../../../sim-core/src/scoring/trace';
import { newSessionBody, sealSession, type SessionFile } from '../../../../sim-core/src/sessions/index';
import { compareWithDoingNothing, debriefEvents, MODEL_LIMITS } from './model';

const scenario = builtinScenario('skype-2010');
const SCALE = 0.01;

function session(log: SessionFile['log'], minutes: number): SessionFile {
  const trace = traceLog(scaleScenario(scenario, SCALE), 3, log, { minutes, stopOnFullRecovery: true });
  return sealSession({
    ...newSessionBody(
      { id: 's', now: '2024-05-01T09:00:00.000Z', appVersion: '0.1.0', scenario, scale: SCALE, seed: 3 },
      trace.stateHash,
    ),
    log,
    progress: { minute: trace.minutes, stateHash: trace.stateHash, closed: true },
  });
}

describe('debrief model', () => {
  const log: SessionFile['log'] = [
    { tick: 10, kind: 'command', role: 'incidentCommander', command: 'throttleLogins', args: { x: 1 } },
    { tick: 12, kind: 'bookmark', role: 'facilitator', note: 'look here' },
    { tick: 20, kind: 'end', role: 'facilitator' },
  ];

  it('reads the log as decision lines', () => {
    expect(debriefEvents(session(log, 20)).map((e) => [e.minute, e.kind, e.text])).toEqual([
      [10, 'command', 'throttleLogins (x=1)'],
      [12, 'bookmark', 'look here'],
      [20, 'end', 'ended the drill'],
    ]);
  });

  it('compares with doing nothing over the same minutes and checks the replay hash', () => {
    const c = compareWithDoingNothing(session(log, 20), scenario);
    expect(c.hashMatches).toBe(true);
    expect(c.minutes).toBe(20);
    expect(c.doNothing.loss).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(c.run.loss)).toBe(true);
  });

  it('lists the model limits of docs/model.md', () => {
    expect(MODEL_LIMITS.length).toBeGreaterThanOrEqual(8);
  });
});
