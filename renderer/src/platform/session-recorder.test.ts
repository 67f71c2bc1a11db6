import { roleWords } from '../format/roles';
import { describe, expect, it } from 'vitest';
import { createDrillHost } from '../../../sim-core/src/drill/host';
import type { DrillIn, DrillOut } from '../../../sim-core/src/drill/protocol';
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { policyRole } from '../../../sim-core/src/drill/log-player';
import { replaySession, sealSession, type SessionBody } from '../../../sim-core/src/sessions/index';
import type { DrillCommand } from '../host/messages';
import { createSessionRecorder } from './session-recorder';

const SCALE = 0.01;
const SEED = 5;
const base = builtinScenario('skype-2010');
const scenario = scaleScenario(base, SCALE);
const role = policyRole(base);

/** A drill host wired to a recorder the way app.ts wires the worker connection. */
function drill(from?: SessionBody, onMessage?: (m: DrillOut) => void) {
  const rec = createSessionRecorder({
    id: from ? 'not-this-id' : 'rec-test',
    scenario: base,
    scale: SCALE,
    seed: SEED,
    appVersion: '0.1.0',
    role,
    now: () => (from ? '2024-05-01T10:00:00.000Z' : '2024-05-01T09:00:00.000Z'),
    ...(from ? { from } : {}),
  });
  const host = createDrillHost(scenario, SEED, (m: DrillOut) => {
    rec.received(m);
    onMessage?.(m);
  });
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

  it('continues a saved session after a crash (Resume drill): same file, replayed entries recorded once', () => {
    // Before the crash: a command, an inject, a bookmark, then an autosave at minute 50.
    const a = drill();
    a.send({ v: 1, type: 'start' });
    a.send({ v: 1, type: 'step', ticks: 20 });
    a.send({ v: 1, type: 'command', role, command: 'forceUpdate', args: {}, requestId: a.id() });
    a.send({ v: 1, type: 'fireInject', id: 'dc-link-degrades', requestId: a.id() });
    a.send({ v: 1, type: 'bookmark', note: 'before the crash' });
    a.send({ v: 1, type: 'step', ticks: 30 });
    a.send({ v: 1, type: 'pause' });
    const saved = sealSession(a.rec.body()!);
    expect(saved.progress.minute).toBe(50);
    expect(saved.log.map((e) => e.kind)).toEqual(['command', 'inject', 'bookmark']);
    a.host.dispose();

    // The next launch: a new host replays the saved log; the recorder starts from the saved session.
    const progressSeen: number[] = [];
    let seen: (() => void) | null = null;
    const b = drill(saved, () => seen?.());
    seen = () => progressSeen.push(b.rec.body()!.progress.minute);
    expect(b.rec.body()).toMatchObject({ id: saved.id, createdAt: saved.createdAt, log: saved.log });
    b.send({ v: 1, type: 'replay', log: saved.log, minute: saved.progress.minute });
    expect(b.host.session()).toBe('paused');
    expect(Math.min(...progressSeen)).toBe(50); // the replay's earlier snapshots do not move progress back
    expect(b.rec.log()).toEqual(saved.log);
    expect(b.rec.body()!.progress).toEqual(saved.progress);

    b.send({ v: 1, type: 'resume' });
    b.send({ v: 1, type: 'step', ticks: 10 });
    b.send({ v: 1, type: 'command', role, command: 'throttleLogins', args: {}, requestId: b.id() });
    b.send({ v: 1, type: 'step', ticks: 15 });
    b.send({ v: 1, type: 'end' });
    b.send({ v: 1, type: 'snapshot' });
    const final = b.rec.body()!;
    expect(final).toMatchObject({
      id: saved.id,
      createdAt: saved.createdAt,
      participants: saved.participants,
      notes: saved.notes,
    });
    expect(final.savedAt).toBe('2024-05-01T10:00:00.000Z');
    expect(final.log.map((e) => [e.tick, e.kind])).toEqual([
      [20, 'command'],
      [20, 'inject'],
      [20, 'bookmark'],
      [60, 'command'],
      [75, 'end'],
    ]);
    const replay = replaySession(sealSession(final), { scenario: base });
    expect(replay.hashMatches).toBe(true);
    expect(replay.stateHash).toBe(b.host.summary().stateHash);
    b.host.dispose();
  });
});

describe('autosave trigger', () => {
  it('counts a change for every new hashed minute and every new log entry, and none for a repeat', () => {
    const { rec, host, send, id } = drill();
    send({ v: 1, type: 'start' });
    const c0 = rec.changes();
    // Running: the host hashes every 15 simulated minutes, so 60 steps of one minute bring four new hashes.
    for (let i = 0; i < 60; i++) send({ v: 1, type: 'step', ticks: 1 });
    const c1 = rec.changes();
    expect(c1 - c0).toBeGreaterThanOrEqual(4);
    expect(rec.body()!.progress.minute).toBeGreaterThanOrEqual(45);
    send({ v: 1, type: 'command', role, command: 'forceUpdate', args: {}, requestId: id() });
    expect(rec.changes()).toBe(c1 + 1);
    send({ v: 1, type: 'snapshot' });
    const c2 = rec.changes();
    send({ v: 1, type: 'snapshot' });
    expect(rec.changes()).toBe(c2);
    host.dispose();
  });
});

describe('participants', () => {
  const setup = { id: 'p', scenario: base, scale: SCALE, seed: SEED, appVersion: '0.1.0', role };
  const participantsOf = (names?: string[]) => {
    const rec = createSessionRecorder({ ...setup, ...(names ? { names } : {}) });
    rec.received({ v: 1, type: 'snapshot', minute: 0, stateHash: '0123456789abcdef' } as never);
    return rec.body()!.participants;
  };

  it('are the names typed at the briefing, each in the chosen role; without names, the role in words', () => {
    expect(participantsOf(['Ana', 'Ben'])).toEqual([
      { name: 'Ana', role },
      { name: 'Ben', role },
    ]);
    expect(participantsOf([])).toEqual([{ name: roleWords(role), role }]);
    expect(participantsOf()).toEqual([{ name: roleWords(role), role }]);
    expect(roleWords('incidentCommander')).toBe('Incident commander');
    expect(roleWords('networkOps')).toBe('Network ops');
  });
});
