import { describe, expect, it } from 'vitest';
import type { DrillMessage, SnapshotMessage } from '../host/messages';
import { plainReason } from '../format/plain-words';
import {
  initialConsoleState,
  lowestOnline,
  phaseWords,
  reduceConsole,
  slowMachineNote,
  type ConsoleConfig,
  type ConsoleEffect,
  type ConsoleInput,
  type ConsoleState,
} from './console-state';

const LABELS: Record<string, string> = {
  forceUpdate: 'Force update',
  spinUpSupernodes: 'Spin up supernodes',
  throttleLogins: 'Throttle logins',
  disableFeature: 'Disable feature',
};
const cfg: ConsoleConfig = {
  startEpochMs: Date.parse('2010-12-22T12:00:00Z'),
  durationMinutes: 2880,
  triggerMinute: 300,
  role: 'networkOps',
  roleLabel: 'Network ops',
  roleWords: (r) =>
    r === 'networkOps' ? 'Network ops' : r === 'incidentCommander' ? 'Incident commander' : r,
  speeds: [1, 10, 60, 300, 600, 3600],
  initialSpeed: 60,
  leverLabel: (c) => LABELS[c] ?? c,
  servingLeadMinutes: (c) => (c === 'spinUpSupernodes' ? 60 : 0),
  resume: null,
  alertSpeed: 10,
  restoredRatio: 0.9,
};

function run(inputs: readonly ConsoleInput[], c = cfg, from?: ConsoleState) {
  let s = from ?? initialConsoleState(c, c.resume !== null);
  const effects: ConsoleEffect[] = [];
  for (const i of inputs) {
    const step = reduceConsole(s, i, c);
    s = step.state;
    effects.push(...step.effects);
  }
  return { s, effects, feed: effects.flatMap((e) => (e.kind === 'feed' ? [e.item.text] : [])) };
}

type SimMetrics = NonNullable<SnapshotMessage['metrics']>;
/** The few metrics the reducer reads; the rest of a tick's metrics do not reach it. */
const metrics = (tick: number, online: number, expected = 1000): SimMetrics =>
  ({
    tick,
    online,
    expectedOnline: expected,
    supernodesAlive: 100,
    costUsd: 0,
    userMinutesLost: 0,
  }) as SimMetrics;

function snapshot(minute: number, over: Partial<SnapshotMessage> = {}): DrillMessage {
  return {
    v: 1,
    type: 'snapshot',
    minute,
    session: 'running',
    speed: 60,
    phase: 'normal',
    state: new Uint8Array(0),
    load: new Float32Array(0),
    attached: new Int32Array(0),
    dedicated: new Uint8Array(0),
    hostKind: new Uint8Array(0),
    metrics: metrics(minute, 1000),
    pending: [],
    stateHash: null,
    ...over,
  } as DrillMessage;
}

const rows = (from: number, ratios: readonly number[]): DrillMessage => ({
  v: 1,
  type: 'metrics',
  view: 'supernodes',
  minute: from + ratios.length,
  last: metrics(from + ratios.length - 1, 1000),
  rows: ratios.map((r, i) => ({
    minute: from + i,
    minuteOfDay: (720 + from + i) % 1440,
    online: Math.round(r * 1000),
    expectedOnline: 1000,
    supernodesAlive: 100,
    supernodesProtecting: 0,
    dedicatedSupernodes: 0,
    omLatencyMs: 300,
    crashed: 0,
    searching: 0,
    updating: 0,
    supernodeLoadFactor: 1,
    costUsd: 0,
  })),
});

describe('what the console says about orders', () => {
  it('an accepted lever says when it takes effect, from the host’s own minute', () => {
    const { feed, s } = run([
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r1',
        command: 'throttleLogins',
        ok: true,
        atMinute: 30,
        takesEffectAtMinute: 45,
      },
    ]);
    expect(feed).toEqual(['Throttle logins ordered; takes effect at Wed 22 Dec 12:45 GMT.']);
    expect(s.decisions).toEqual([
      { minute: 30, label: 'Network ops: Throttle logins', key: '30|throttleLogins|r1' },
    ]);
  });

  it('spin-up says the servers are reserved now and when they serve (not "takes effect" at the order minute)', () => {
    const { feed } = run([
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r1',
        command: 'spinUpSupernodes',
        ok: true,
        atMinute: 0,
        takesEffectAtMinute: 0,
      },
    ]);
    expect(feed).toEqual([
      'Spin up supernodes ordered; servers reserved at Wed 22 Dec 12:00 GMT, serving from Wed 22 Dec 13:00 GMT.',
    ]);
  });

  it('a result replayed after a seek counts once', () => {
    const r = {
      v: 1,
      type: 'commandResult',
      requestId: 'r1',
      command: 'forceUpdate',
      ok: true,
      atMinute: 5,
      takesEffectAtMinute: 5,
    } as const;
    const { s, feed } = run([r, r]);
    expect(s.decisions).toHaveLength(1);
    expect(feed).toEqual(['Force update ordered; in effect now.']);
  });

  it('refusals are in plain words: no lever, role, feature or schema identifiers', () => {
    const { feed, s } = run([
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r2',
        command: 'throttleLogins',
        ok: false,
        atMinute: 9,
        check: 'argsValid',
        reason: 'throttleLogins: perMinute: Too small: expected number to be >=1000',
      },
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r3',
        command: 'disableFeature',
        ok: false,
        atMinute: 9,
        check: 'notAlreadyInEffect',
        reason: 'feature=offlineIm, disabled=true is already in effect',
      },
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r4',
        command: 'forceUpdate',
        ok: false,
        atMinute: 9,
        check: 'roleAllowed',
        reason: 'the networkOps role may not use forceUpdate',
      },
    ]);
    expect(feed).toEqual([
      'Throttle logins: Throttle logins: logins per minute: must be at least 1000',
      'Disable feature: turning off offline messaging is already in effect',
      'Force update: the network ops role may not use Force update',
    ]);
    for (const t of feed) expect(t).not.toMatch(/[a-z][A-Z]|=/);
    expect(s.refusals).toHaveLength(3);
  });
});

describe('cancelling a pending order', () => {
  it('names the order that was withdrawn, and counts it as a decision', () => {
    const { feed, s } = run([
      { type: 'local.cancelAsked', requestId: 'r9', what: 'Force update ordered at 12:10 GMT' },
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r9',
        command: 'cancelOrder',
        ok: true,
        atMinute: 20,
        takesEffectAtMinute: 20,
      },
    ]);
    expect(feed).toEqual(['Cancelled Force update ordered at 12:10 GMT before it took effect.']);
    expect(s.decisions.map((d) => d.label)).toEqual([
      'Network ops: cancelled Force update ordered at 12:10 GMT',
    ]);
    expect(s.cancels).toEqual({});
  });
  it('a refused cancellation says why, in the host’s words', () => {
    const { feed } = run([
      { type: 'local.cancelAsked', requestId: 'r9', what: 'Force update ordered at 12:10 GMT' },
      {
        v: 1,
        type: 'commandResult',
        requestId: 'r9',
        command: 'cancelOrder',
        ok: false,
        atMinute: 45,
        check: 'notAlreadyInEffect',
        reason:
          'Force update ordered at minute 10 is not waiting any more: it has taken effect (or was never accepted), so it cannot be cancelled.',
      },
    ]);
    expect(feed).toEqual([
      'Cancel Force update ordered at 12:10 GMT: Force update ordered at minute 10 is not waiting any more: it has taken effect (or was never accepted), so it cannot be cancelled.',
    ]);
  });
});

describe('the phase badge agrees with the numbers beside it', () => {
  it('"restored" while online falls again says so', () => {
    const falling = Array.from({ length: 40 }, (_, i) => 0.95 - i * 0.005);
    const { s } = run([rows(400, falling), snapshot(439, { phase: 'restored' })]);
    expect(s.phase).toBe('restored');
    expect(phaseWords(s, cfg.restoredRatio)).toBe('restored, but online is falling again');
  });
  it('"restored" below the restored line without a fall says it was earlier', () => {
    const flat = Array.from({ length: 40 }, () => 0.85);
    const { s } = run([rows(400, flat), snapshot(439, { phase: 'restored' })]);
    expect(phaseWords(s, cfg.restoredRatio)).toBe('restored earlier; online is below 90% of normal now');
  });
  it('a restored network that holds is just "restored"', () => {
    const { s } = run([
      rows(
        400,
        Array.from({ length: 40 }, () => 0.97),
      ),
      snapshot(439, { phase: 'restored' }),
    ]);
    expect(phaseWords(s, cfg.restoredRatio)).toBe('restored');
  });
});

describe('the first alert', () => {
  const alert: DrillMessage = {
    v: 1,
    type: 'inject',
    id: 'om-latency-alert',
    channel: 'monitoring',
    atMinute: 302,
    from: 'Monitoring',
    text: 'ALERT',
    volume: null,
    unit: null,
    effect: null,
    manual: false,
  };
  it('slows the drill to the scenario’s alert speed once, and says how long half an hour now takes', () => {
    const { s, effects, feed } = run([alert, { ...alert, id: 'crash-reports', atMinute: 303 }]);
    expect(effects.filter((e) => e.kind === 'setSpeed')).toEqual([{ kind: 'setSpeed', speed: 10 }]);
    expect(s.speed).toBe(10);
    expect(s.firstAlertMinute).toBe(302);
    expect(feed).toContain(
      'First alert: slowed from 60× to 10×, so a simulated half hour now takes 3 real minutes. Press 1–6 to change the speed.',
    );
  });
  it('does nothing when the facilitator switched it off, when already slower, or for a hand-fired inject', () => {
    expect(
      run([{ type: 'local.slowOnAlert', on: false }, alert]).effects.some((e) => e.kind === 'setSpeed'),
    ).toBe(false);
    expect(run([{ type: 'local.speed', speed: 1 }, alert]).effects.some((e) => e.kind === 'setSpeed')).toBe(
      false,
    );
    expect(run([{ ...alert, manual: true }]).effects.some((e) => e.kind === 'setSpeed')).toBe(false);
  });
  it('a resumed drill’s replayed alert is remembered as the first, without slowing then or later', () => {
    const c = { ...cfg, resume: { entries: 1 } };
    const r = run(
      [alert, snapshot(330, { session: 'paused' }), { ...alert, id: 'crash-reports', atMinute: 340 }],
      c,
    );
    expect(r.s.firstAlertMinute).toBe(302);
    expect(r.effects.some((e) => e.kind === 'setSpeed')).toBe(false);
  });
});

describe('speed, seek and the lowest point', () => {
  it('a snapshot’s speed is adopted only when no speed change of ours is in flight', () => {
    let r = run([{ type: 'local.speed', speed: 600 }, snapshot(1, { speed: 60 })]);
    expect(r.s.speed).toBe(600);
    r = run([{ type: 'local.advance' }, snapshot(2, { speed: 600 })], cfg, r.s);
    expect(r.s.speed).toBe(600);
    r = run([snapshot(3, { speed: 300 })], cfg, r.s);
    expect(r.s.speed).toBe(300);
  });
  it('the lowest point counts from the trigger and forgets minutes a seek went back over', () => {
    const dip = [1, 1, 0.5, 0.2, 0.4];
    let r = run([rows(298, dip)]);
    expect(lowestOnline(r.s, cfg.triggerMinute)).toEqual({ online: 200, ratio: 0.2, minute: 301 });
    r = run(
      [
        {
          v: 1,
          type: 'seeked',
          minute: 301,
          fromCheckpoint: 240,
          replayedCommands: 1,
          phases: [{ phase: 'normal', atMinute: 0 }],
          injects: [],
          bookmarks: [],
        },
      ],
      cfg,
      r.s,
    );
    expect(lowestOnline(r.s, cfg.triggerMinute)).toEqual({ online: 500, ratio: 0.5, minute: 300 });
    expect(r.feed).toEqual([
      'Jumped to Wed 22 Dec 17:01 GMT; the recorded commands after this point will replay unless you play from here.',
    ]);
    expect(r.s.seekNote).toBe(
      'At Wed 22 Dec 17:01 GMT (replayed 1 command). Resume replays the recorded log; "Play from here" drops it.',
    );
  });
  it('a branch drops the decisions at and after its minute', () => {
    const r = run([
      {
        v: 1,
        type: 'commandResult',
        requestId: 'a',
        command: 'forceUpdate',
        ok: true,
        atMinute: 10,
        takesEffectAtMinute: 10,
      },
      {
        v: 1,
        type: 'commandResult',
        requestId: 'b',
        command: 'forceUpdate',
        ok: true,
        atMinute: 20,
        takesEffectAtMinute: 20,
      },
      { v: 1, type: 'branched', minute: 20, droppedCommands: 1 },
    ]);
    expect(r.s.decisions.map((d) => d.minute)).toEqual([10]);
    expect(r.feed.at(-1)).toBe(
      'New branch from Wed 22 Dec 12:20 GMT: 1 recorded command after this point dropped.',
    );
  });
  it('a resumed drill says where it resumed once its replay lands', () => {
    const c = { ...cfg, resume: { entries: 3 } };
    const r = run([snapshot(57, { session: 'running' }), snapshot(114, { session: 'paused' })], c);
    expect(r.s.replaying).toBe(false);
    expect(r.feed).toEqual([
      'Drill resumed from its autosave at Wed 22 Dec 13:54 GMT (3 logged commands replayed).',
    ]);
  });
});

describe('the slow-machine note', () => {
  it('never reads ≈0× at slow speeds: it waits for three simulated minutes’ worth of real time', () => {
    expect(slowMachineNote(1, 0, 2500)).toBe('');
    expect(slowMachineNote(10, 0, 2500)).toBe('');
    expect(slowMachineNote(10, 2, 18_000)).toBe('');
  });
  it('reports a machine that cannot keep up, in the same unit as the chosen speed', () => {
    expect(slowMachineNote(3600, 40, 4000)).toBe('Running at about 600× (this machine cannot keep 3600×)');
    expect(slowMachineNote(600, 20, 2000)).toBe('');
    expect(slowMachineNote(60, 1, 18_000)).toBe('Running at about 3.3× (this machine cannot keep 60×)');
  });
});

describe('plain words', () => {
  it('leave a sentence without identifiers unchanged', () => {
    expect(
      plainReason(
        'only 12 spare servers are free',
        (n) => n,
        (r) => r,
      ),
    ).toBe('only 12 spare servers are free');
  });
});
