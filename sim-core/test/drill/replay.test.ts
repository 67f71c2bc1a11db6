/**
 * The host's `replay` message (Resume drill): a saved command log said to a fresh host lands, paused, on the
 * same state hash as the live drill it came from and as a traced run of the same log; logs that cannot apply
 * give one error and leave the host usable; fuzzed replay messages never make `receive` throw.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinScenario, scaleScenario } from '../../src/scenario/index';
import { parseDrillIn, type DrillIn, type DrillOut } from '../../src/drill/index';
import { entryMessage, playLog } from '../../src/drill/log-player';
import type { LogEntry } from '../../src/drill/log';
import { traceLog } from '../../src/scoring/trace';
import { logFromHost, newSessionBody, replaySession, sealSession } from '../../src/sessions/index';
import { hostWithInbox as inboxHost } from './inbox';

const SCALE = 0.0025;
const base = builtinScenario('skype-2010');
const scenario = scaleScenario(base, SCALE);
const SEED = 3;

const hostWithInbox = (seed = SEED) => inboxHost(scenario, seed);

/** A drill played live, as the console plays it: commands by several roles, a refusal, an inject, a bookmark. */
function liveDrill(until: number) {
  const live = hostWithInbox();
  const { send, host } = live;
  const at = (minute: number) => {
    if (minute > host.minute()) send({ type: 'step', ticks: minute - host.minute() });
  };
  send({ type: 'start' });
  at(250);
  send({ type: 'command', role: 'platformOps', command: 'disableFeature', args: { feature: 'offlineIm' } });
  send({ type: 'command', role: 'networkOps', command: 'forceUpdate', args: {} }); // refused: wrong role
  at(300);
  send({ type: 'fireInject', id: 'dc-link-degrades' });
  send({ type: 'bookmark', note: 'link degraded' });
  at(330);
  send({ type: 'command', role: 'networkOps', command: 'spinUpSupernodes', args: { count: 1 } });
  at(390);
  send({ type: 'command', role: 'clientEngineering', command: 'forceUpdate', args: {} });
  at(until);
  send({ type: 'pause' });
  return live;
}

describe('replay (Resume drill)', () => {
  it('parses with the session file log schema', () => {
    const m: DrillIn = {
      v: 1,
      type: 'replay',
      minute: 40,
      log: [
        { tick: 3, kind: 'command', role: 'networkOps', command: 'throttleLogins', args: { perMinute: 5 } },
        { tick: 4, kind: 'inject', role: 'facilitator', id: 'dc-link-degrades' },
        { tick: 5, kind: 'bookmark', role: 'facilitator', note: 'n' },
        { tick: 6, kind: 'end', role: 'facilitator' },
      ],
    };
    expect(parseDrillIn(structuredClone(m))).toEqual({ ok: true, message: m });
    expect(parseDrillIn({ ...m, log: [{ tick: 1, kind: 'teleport', role: 'x' }] })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^log\.0\.kind/),
    });
  });

  it('lands paused at the minute on the live drill hash, the traced hash and the saved hash; then plays on the same', () => {
    const M = 420;
    const live = liveDrill(M);
    const log = logFromHost(live.host.log());
    expect(log.map((e) => e.kind)).toEqual([
      'command',
      'command',
      'inject',
      'bookmark',
      'command',
      'command',
    ]);
    const session = sealSession({
      ...newSessionBody(
        {
          id: 'resume-test',
          now: '2026-11-22T03:00:00.000Z',
          appVersion: 't',
          scenario: base,
          scale: SCALE,
          seed: SEED,
        },
        live.host.hash(),
      ),
      log,
      progress: { minute: M, stateHash: live.host.hash(), closed: false },
    });
    expect(replaySession(session, { scenario: base }).hashMatches).toBe(true);
    const traced = traceLog(scenario, SEED, log, { minutes: M, stopOnFullRecovery: true });

    const { host, send } = hostWithInbox();
    const out = send({ type: 'replay', log: session.log, minute: M });
    expect(out.filter((m) => m.type === 'error')).toEqual([]);
    expect(host.session()).toBe('paused');
    expect(host.minute()).toBe(M);
    expect(host.hash()).toBe(session.progress.stateHash);
    expect(host.hash()).toBe(traced.stateHash);
    // Outputs flowed: every minute's row, the phases and the inject, the decisions; few steps, not one per tick.
    const metrics = out.filter((m) => m.type === 'metrics');
    expect(metrics.reduce((n, m) => n + m.rows.length, 0)).toBe(M);
    expect(metrics.length).toBe(new Set(log.map((e) => e.tick)).size + 1);
    expect(out.filter((m) => m.type === 'phase').map((m) => m.phase)).toEqual(
      live.host
        .phases()
        .slice(1) // the initial "normal" is a starting point, not a change
        .map((p) => p.phase),
    );
    expect(host.phases()).toEqual(live.host.phases());
    expect(out.some((m) => m.type === 'inject' && m.id === 'dc-link-degrades')).toBe(true);
    expect(out.filter((m) => m.type === 'commandResult').map((m) => m.ok)).toEqual([
      true,
      false,
      true,
      true,
      true,
    ]);
    expect(out.filter((m) => m.type === 'session').map((m) => m.state)).toEqual(['running', 'paused']);
    const last = out[out.length - 1]!;
    expect(last).toMatchObject({ type: 'snapshot', minute: M, session: 'paused', stateHash: host.hash() });
    // The host's own log is the replayed one, so a seek after resuming replays it.
    expect(logFromHost(host.log())).toEqual(log);
    expect(host.checkpointMinutes()).toEqual([0, 60, 120, 180, 240, 300, 360, 420]);

    // Resume both and play on: the same hash.
    for (const d of [live, { host, send }]) {
      d.send({ type: 'resume' });
      d.send({ type: 'command', role: 'networkOps', command: 'throttleLogins', args: {} });
      d.send({ type: 'step', ticks: 80 });
    }
    expect(host.hash()).toBe(live.host.hash());
    send({ type: 'seek', minute: 310 });
    send({ type: 'resume' });
    send({ type: 'step', ticks: 190 });
    expect(host.hash()).toBe(live.host.hash());
    live.host.dispose();
    host.dispose();
  });

  it('an end entry ends the drill there', () => {
    const { host, send } = hostWithInbox();
    const out = send({
      type: 'replay',
      minute: 30,
      log: [{ tick: 12, kind: 'end', role: 'facilitator' }],
    });
    expect(host.session()).toBe('ended');
    expect(host.minute()).toBe(12);
    expect(out.find((m) => m.type === 'session' && m.state === 'ended')).toMatchObject({
      atMinute: 12,
      endReason: 'facilitator',
    });
    expect(out.filter((m) => m.type === 'error')).toEqual([]);
  });

  it('refuses a log that cannot apply with one clear error and stays usable', () => {
    const duration = scenario.model.durationMinutes;
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [
        {
          minute: 50,
          log: [
            { tick: 20, kind: 'bookmark', role: 'facilitator', note: 'b' },
            { tick: 10, kind: 'bookmark', role: 'facilitator', note: 'a' },
          ],
        },
        /entry 1 \(tick 10\) is out of order/,
      ],
      [{ minute: duration + 1, log: [] }, /after the scenario ends/],
      [
        { minute: duration, log: [{ tick: duration, kind: 'end', role: 'facilitator' }] },
        /beyond the scenario/,
      ],
      [{ minute: 5, log: [{ tick: 9, kind: 'end', role: 'facilitator' }] }, /after the replay minute 5/],
    ];
    const { host, send } = hostWithInbox();
    for (const [m, why] of bad) {
      const out = send({ type: 'replay', ...m });
      expect(out).toEqual([
        { v: 1, type: 'error', message: expect.stringMatching(why), inReplyTo: 'replay' },
      ]);
      expect(host.session()).toBe('briefing');
      expect(host.minute()).toBe(0);
    }
    // Still a fresh host: a good replay works, and a second one is refused.
    send({ type: 'replay', minute: 20, log: [] });
    expect([host.session(), host.minute()]).toEqual(['paused', 20]);
    expect(send({ type: 'replay', minute: 30, log: [] })[0]).toMatchObject({
      type: 'error',
      message: 'cannot replay: the drill has already started (paused)',
    });

    // Entries after an end: the drill ends there, the error says which entry did not apply.
    const h2 = hostWithInbox();
    const out = h2.send({
      type: 'replay',
      minute: 40,
      log: [
        { tick: 10, kind: 'end', role: 'facilitator' },
        { tick: 20, kind: 'bookmark', role: 'facilitator', note: 'late' },
      ],
    });
    expect(out.filter((m) => m.type === 'error')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/ended at minute 10, before log entry 1 \(tick 20\)/),
      }),
    ]);
    expect(h2.host.session()).toBe('ended');
    expect(h2.send({ type: 'snapshot' })[0]).toMatchObject({ type: 'snapshot', minute: 10 });
  });

  it('the shared log player says entries at their ticks in as few advances as possible', () => {
    const log: LogEntry[] = [
      { tick: 0, kind: 'bookmark', role: 'f', note: 'a' },
      { tick: 5, kind: 'bookmark', role: 'f', note: 'b' },
      { tick: 5, kind: 'end', role: 'f' },
    ];
    let minute = 0;
    let running = true;
    const calls: string[] = [];
    const next = playLog(log, 100, {
      minute: () => minute,
      running: () => running,
      say: (e) => {
        calls.push(`say ${e.tick} ${entryMessage(e).type}`);
        if (e.kind === 'end') running = false;
      },
      advance: (n) => {
        calls.push(`advance ${n}`);
        minute += n;
      },
    });
    expect(next).toBe(3);
    expect(calls).toEqual(['say 0 bookmark', 'advance 5', 'say 5 bookmark', 'say 5 end']);
  });

  it('never throws on >= 150 fuzzed replay messages, and the host keeps answering', () => {
    const tick = fc.oneof(fc.integer({ min: -3, max: 90 }), fc.double(), fc.constant(1e9), fc.string());
    const entry = fc.oneof(
      fc.record({
        tick,
        kind: fc.constant('command'),
        role: fc.constantFrom('networkOps', 'incidentCommander', 'nobody', ''),
        command: fc.constantFrom('throttleLogins', 'forceUpdate', 'spinUpSupernodes', 'warp'),
        args: fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue())),
      }),
      fc.record({ tick, kind: fc.constant('inject'), role: fc.constant('f'), id: fc.string() }),
      fc.record({ tick, kind: fc.constant('bookmark'), role: fc.constant('f'), note: fc.string() }),
      fc.record({ tick, kind: fc.constant('end'), role: fc.constant('f') }),
      fc.anything(),
    );
    const message = fc.record({
      v: fc.oneof(fc.constant(1), fc.anything()),
      type: fc.constant('replay'),
      minute: fc.oneof(fc.integer({ min: -2, max: 90 }), fc.double(), fc.anything()),
      log: fc.oneof(fc.array(entry, { maxLength: 6 }), fc.anything()),
    });
    fc.assert(
      fc.property(message, fc.boolean(), (m, started) => {
        const { host, send } = hostWithInbox();
        if (started) send({ type: 'start' });
        let out: DrillOut[] = [];
        expect(() => {
          out = [];
          host.receive(m);
        }).not.toThrow();
        void out;
        expect(send({ type: 'snapshot' })).toEqual([expect.objectContaining({ type: 'snapshot' })]);
        expect(['briefing', 'running', 'paused', 'ended']).toContain(host.session());
        host.dispose();
      }),
      { numRuns: 150 },
    );
  });
});
