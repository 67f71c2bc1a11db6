import { describe, expect, it } from 'vitest';
import { createDrillHost } from '../../../sim-core/src/drill/host';
import type { DrillIn, DrillOut } from '../../../sim-core/src/drill/protocol';
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { policyRole } from '../../../sim-core/src/scoring/trace';
import { replaySession, sealSession } from '../../../sim-core/src/sessions/index';
import type { DrillCommand } from '../host/messages';
import { createSessionRecorder } from './session-recorder';

const SCALE = 0.01;
const SEED = 5;
const base = builtinScenario('skype-2010');
const scenario = scaleScenario(base, SCALE);
const role = policyRole(base);

/** A drill host wired to a recorder the way app.ts wires the worker connection. */
function drill() {
  const rec = createSessionRecorder({
    id: 'rec-test',
    scenario: base,
    scale: SCALE,
    seed: SEED,
    appVersion: '0.1.0',
    role,
    now: () => '2024-05-01T09:00:00.000Z',
  });
  const host = createDrillHost(scenario, SEED, (m: DrillOut) => rec.received(m));
  let n = 0;
  const send = (m: DrillCommand) => {
    rec.sent(m);
    host.receive(m as DrillIn);
  };
  const id = () => `r${n++}`;
  return { rec, host, send, id };
}

describe('session recorder', () => {
  it('records what the host applied; the session replays to the same final hash', () => {
    const { rec, host, send, id } = drill();
    expect(rec.body()).toBeNull();
    send({ v: 1, type: 'start' });
    send({ v: 1, type: 'step', ticks: 30 });
    send({ v: 1, type: 'command', role, command: 'forceUpdate', args: {}, requestId: id() });
    send({ v: 1, type: 'bookmark', note: 'first lever' });
    send({ v: 1, type: 'command', role: 'nobody', command: 'throttleLogins', args: {}, requestId: id() });
    send({ v: 1, type: 'step', ticks: 45 });
    send({ v: 1, type: 'command', role, command: 'throttleLogins', args: {}, requestId: id() });
    send({ v: 1, type: 'step', ticks: 10 });
    send({ v: 1, type: 'end' });
    send({ v: 1, type: 'snapshot' });
    expect(rec.ended()).toBe(true);
    const body = rec.body()!;
    expect(body.log.map((e) => [e.tick, e.kind])).toEqual([
      [30, 'command'],
      [30, 'bookmark'],
      [75, 'command'],
      [85, 'end'],
    ]);
    expect(body.notes).toEqual([{ tick: 30, author: 'facilitator', text: 'first lever' }]);
    expect(body.progress.minute).toBe(host.minute());
    const replay = replaySession(sealSession(body), { scenario: base });
    expect(replay.hashMatches).toBe(true);
    expect(replay.stateHash).toBe(host.summary().stateHash);
    host.dispose();
  });

  it('does not record the tape twice after a seek, and drops the future on a branch', () => {
    const { rec, host, send, id } = drill();
    send({ v: 1, type: 'start' });
    send({ v: 1, type: 'step', ticks: 20 });
    send({ v: 1, type: 'command', role, command: 'forceUpdate', args: {}, requestId: id() });
    send({ v: 1, type: 'step', ticks: 20 });
    send({ v: 1, type: 'command', role, command: 'throttleLogins', args: {}, requestId: id() });
    send({ v: 1, type: 'step', ticks: 5 });
    send({ v: 1, type: 'seek', minute: 10 });
    send({ v: 1, type: 'step', ticks: 35 });
    expect(rec.log().map((e) => e.tick)).toEqual([20, 40]);
    send({ v: 1, type: 'seek', minute: 30 });
    send({ v: 1, type: 'command', role, command: 'enableClientBackoff', args: {}, requestId: id() });
    send({ v: 1, type: 'step', ticks: 10 });
    send({ v: 1, type: 'pause' });
    expect(rec.log().map((e) => [e.tick, e.kind === 'command' && e.command])).toEqual([
      [20, 'forceUpdate'],
      [30, 'enableClientBackoff'],
    ]);
    const replay = replaySession(sealSession(rec.body()!), { scenario: base });
    expect(replay.hashMatches).toBe(true);
    host.dispose();
  });
});
