import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { parsePolicy } from '../src/levers/index';
import { runScenario } from '../src/scoring/run';
import { drillInSchema, parseDrillIn, runDrill, type DrillIn, type DrillOut } from '../src/drill/index';
import { spawnDrillWorker } from '../cli/drill-worker';
import { hostWithInbox as inboxHost } from './drill/inbox';

const SCALE = 0.0025;
const scenario = scaleScenario(builtinScenario('skype-2010'), SCALE);

const hostWithInbox = (seed = 1) => inboxHost(scenario, seed);

/** Step a host to a minute with `step`, issuing `commands` at their minutes. */
function driveTo(
  send: (m: Record<string, unknown>) => DrillOut[],
  host: { minute(): number },
  until: number,
  commands: Array<{ atMinute: number; msg: Record<string, unknown> }>,
) {
  for (const c of commands) {
    if (c.atMinute < host.minute() || c.atMinute >= until) continue;
    if (c.atMinute > host.minute()) send({ type: 'step', ticks: c.atMinute - host.minute() });
    send(c.msg);
  }
  if (until > host.minute()) send({ type: 'step', ticks: until - host.minute() });
}

const COMMANDS = [
  {
    atMinute: 270,
    msg: { type: 'command', role: 'platformOps', command: 'disableFeature', args: { feature: 'offlineIm' } },
  },
  { atMinute: 300, msg: { type: 'fireInject', id: 'dc-link-degrades' } },
  {
    atMinute: 330,
    msg: { type: 'command', role: 'networkOps', command: 'spinUpSupernodes', args: { count: 1 } },
  },
  { atMinute: 360, msg: { type: 'bookmark', note: 'first dedicated supernode up?' } },
  { atMinute: 390, msg: { type: 'command', role: 'clientEngineering', command: 'forceUpdate', args: {} } },
];

describe('protocol', () => {
  it('round-trips every inbound message type through the parser', () => {
    const valid: DrillIn[] = [
      { v: 1, type: 'start' },
      { v: 1, type: 'pause' },
      { v: 1, type: 'resume' },
      { v: 1, type: 'setSpeed', speed: 600, requestId: 'a' },
      { v: 1, type: 'command', role: 'networkOps', command: 'throttleLogins', args: { perMinute: 5000 } },
      { v: 1, type: 'fireInject', id: 'dc-link-degrades' },
      { v: 1, type: 'bookmark', note: 'n' },
      { v: 1, type: 'end' },
      { v: 1, type: 'seek', minute: 10 },
      { v: 1, type: 'branch' },
      { v: 1, type: 'advance', realMs: 16.7 },
      { v: 1, type: 'step', ticks: 3 },
      { v: 1, type: 'snapshot' },
    ];
    for (const m of valid) {
      const r = parseDrillIn(structuredClone(m));
      expect(r).toEqual({ ok: true, message: m });
    }
  });

  it('answers start, commands and steps; snapshots carry copied typed arrays and pending countdowns', () => {
    const { host, inbox, send } = hostWithInbox();
    expect(inbox[0]).toMatchObject({ type: 'ready', scenarioId: 'skype-2010' });
    const ready = inbox[0] as Extract<DrillOut, { type: 'ready'; view: 'supernodes' }>;
    expect(ready.region).toBeInstanceOf(Uint8Array);
    const started = send({ type: 'start' });
    expect(started.map((m) => m.type)).toEqual(['session', 'snapshot']);
    const res = send({
      type: 'command',
      role: 'clientEngineering',
      command: 'forceUpdate',
      args: {},
      requestId: 'x1',
    });
    expect(res).toEqual([
      {
        v: 1,
        type: 'commandResult',
        requestId: 'x1',
        command: 'forceUpdate',
        ok: true,
        atMinute: 0,
        takesEffectAtMinute: 30,
      },
    ]);
    const refused = send({ type: 'command', role: 'networkOps', command: 'forceUpdate', args: {} });
    expect(refused[0]).toMatchObject({ type: 'commandResult', ok: false, check: 'roleAllowed' });
    const stepped = send({ type: 'step', ticks: 10 });
    expect(stepped.map((m) => m.type)).toEqual(['metrics', 'snapshot']);
    const snap = stepped[1] as Extract<DrillOut, { type: 'snapshot'; view: 'supernodes' }>;
    expect(snap.minute).toBe(10);
    expect(snap.state).toBeInstanceOf(Uint8Array);
    expect(snap.load).toBeInstanceOf(Float32Array);
    expect(snap.state.length).toBe(ready.supernodeCount);
    expect(snap.pending).toEqual([
      { command: 'forceUpdate', issuedAtMinute: 0, takesEffectAtMinute: 30, minutesLeft: 20 },
    ]);
    // Copies: the view's arrays survive structured cloning and are not the live model arrays.
    const cloned = structuredClone(snap);
    expect(cloned.load).toEqual(snap.load);
    snap.state.fill(255);
    expect(host.hash()).toBe(host.hash());
    expect((send({ type: 'snapshot' })[0] as typeof snap).state[0]).not.toBe(255);
  });

  it('answers >= 200 fuzzed invalid messages each with one error and keeps running', () => {
    const { host, inbox, send } = hostWithInbox();
    send({ type: 'start' });
    const v1 = fc.constant(1);
    const mutated = fc.oneof(
      fc.anything(),
      fc.record({ v: fc.anything(), type: fc.constantFrom('start', 'step', 'seek', 'command') }),
      fc.record({ v: v1, type: fc.string() }),
      fc.record({
        v: v1,
        type: fc.constant('step'),
        ticks: fc.oneof(fc.double(), fc.string(), fc.constant(0)),
      }),
      fc.record({ v: v1, type: fc.constant('command'), role: fc.anything(), command: fc.string() }),
      fc.record({
        v: v1,
        type: fc.constant('seek'),
        minute: fc.oneof(fc.integer({ max: -1 }), fc.double({ noInteger: true })),
      }),
      fc.record({
        v: v1,
        type: fc.constant('advance'),
        realMs: fc.constantFrom(Number.NaN, -1, 1e9, Number.POSITIVE_INFINITY),
      }),
    );
    const invalid = mutated.filter((m) => !drillInSchema.safeParse(m).success);
    let count = 0;
    fc.assert(
      fc.property(invalid, (m) => {
        const before = host.minute();
        inbox.length = 0;
        host.receive(m);
        count++;
        return inbox.length === 1 && inbox[0]!.type === 'error' && host.minute() === before;
      }),
      { numRuns: 250 },
    );
    expect(count).toBeGreaterThanOrEqual(200);
    // Well-formed but impossible requests are errors too, not crashes.
    expect(send({ type: 'seek', minute: 999_999 })[0]).toMatchObject({ type: 'error', inReplyTo: 'seek' });
    expect(send({ type: 'start' })[0]).toMatchObject({ type: 'error' });
    expect(send({ type: 'step', ticks: 2 }).map((m) => m.type)).toEqual(['metrics', 'snapshot']);
    expect(host.minute()).toBe(2);
  });
});

describe('time, speed and determinism', () => {
  it('pause really stops sim time', () => {
    const { host, send } = hostWithInbox();
    send({ type: 'start' });
    send({ type: 'advance', realMs: 10_000 }); // 60x: 10 minutes
    expect(host.minute()).toBe(10);
    send({ type: 'pause' });
    const h = host.hash();
    for (let i = 0; i < 20; i++) expect(send({ type: 'advance', realMs: 5000 })).toEqual([]);
    expect(send({ type: 'step', ticks: 5 })[0]).toMatchObject({ type: 'error' });
    expect(host.minute()).toBe(10);
    expect(host.hash()).toBe(h);
    send({ type: 'resume' });
    send({ type: 'advance', realMs: 1000 });
    expect(host.minute()).toBe(11);
  });

  it('the same commands at the same ticks give the same hash at any speed and any slicing of real time', () => {
    const until = 420;
    const cmdAt = new Map(COMMANDS.map((c) => [c.atMinute, c.msg]));
    const drive = (speed: number, frameMs: number, ticksPerFrame: number) => {
      const { host, send } = hostWithInbox();
      send({ type: 'start' });
      send({ type: 'setSpeed', speed });
      while (host.minute() < until) {
        const c = cmdAt.get(host.minute());
        if (c) send(c);
        send({ type: 'advance', realMs: frameMs });
        expect(host.minute() % ticksPerFrame).toBe(0);
      }
      return host.hash();
    };
    // Command minutes are multiples of 30, so frames of 1, 3 and 10 ticks all land on them.
    const a = drive(60, 1000, 1);
    const b = drive(3600, 50, 3);
    const c = drive(600, 1000, 10);
    const { host, send } = hostWithInbox();
    send({ type: 'start' });
    driveTo(send, host, until, COMMANDS);
    expect(new Set([a, b, c, host.hash()]).size).toBe(1);
  });

  it('seek + replay gives the same hash as a straight run; play-from-here branches', () => {
    const straight = hostWithInbox();
    straight.send({ type: 'start' });
    driveTo(straight.send, straight.host, 200, COMMANDS);
    const at200 = straight.host.hash();
    driveTo(straight.send, straight.host, 400, COMMANDS);
    const at400 = straight.host.hash();

    const { host, send } = hostWithInbox();
    send({ type: 'start' });
    driveTo(send, host, 400, COMMANDS);
    expect(host.hash()).toBe(at400);
    expect(host.checkpointMinutes()).toEqual([0, 60, 120, 180, 240, 300, 360]);
    const seeked = send({ type: 'seek', minute: 200 });
    expect(seeked.map((m) => m.type)).toEqual(['seeked', 'session', 'snapshot']);
    expect(seeked[0]).toMatchObject({ minute: 200, fromCheckpoint: 180, replayedCommands: 0 });
    expect(host.session()).toBe('paused');
    expect(host.hash()).toBe(at200);
    // A seek whose replay crosses recorded commands (300: inject, 330: spin-up) from the 300 checkpoint.
    expect(send({ type: 'seek', minute: 350 })[0]).toMatchObject({
      fromCheckpoint: 300,
      replayedCommands: 2,
    });
    // Back past the commands and forward again: the tape replays them.
    send({ type: 'seek', minute: 240 });
    send({ type: 'resume' });
    send({ type: 'step', ticks: 160 });
    expect(host.minute()).toBe(400);
    expect(host.hash()).toBe(at400);
    expect(host.injects().map((i) => i.id)).toContain('dc-link-degrades');
    // Seek forward into the recorded future, then branch: the log keeps only what came before.
    send({ type: 'seek', minute: 310 });
    expect(host.hash()).not.toBe(at400);
    const branched = send({ type: 'branch' });
    expect(branched[0]).toMatchObject({ type: 'branched', minute: 310, droppedCommands: 3 });
    expect(host.log().map((e) => e.minute)).toEqual([270, 300]);
    expect(host.checkpointMinutes().every((m) => m <= 310)).toBe(true);
    send({ type: 'resume' });
    send({ type: 'step', ticks: 90 });
    expect(host.hash()).not.toBe(at400);
  });

  it('a new command while the tape has a future starts a branch by itself', () => {
    const { host, send } = hostWithInbox();
    send({ type: 'start' });
    driveTo(send, host, 400, COMMANDS);
    send({ type: 'seek', minute: 320 });
    const out = send({ type: 'command', role: 'networkOps', command: 'throttleLogins', args: {} });
    expect(out.map((m) => m.type)).toEqual(['branched', 'commandResult']);
    expect(host.log().map((e) => e.minute)).toEqual([270, 300, 320]);
  });

  it('headless runDrill matches runScenario when no effect inject fires, and reports phases and injects', () => {
    const policy = parsePolicy(scenario.policies['historical']);
    const drill = runDrill(scenario, { seed: 3, policy, hours: 16 });
    const plain = runScenario(scenario, { seed: 3, policy, hours: 16 });
    expect(drill.summary).toEqual(plain.summary);
    expect(drill.series).toEqual(plain.series);
    expect(drill.refused).toEqual(plain.refused);
    const order = ['normal', 'degraded', 'cascading', 'collapsed', 'recovering', 'restored'];
    const idx = drill.phases.map((p) => order.indexOf(p.phase));
    expect(idx[0]).toBe(0);
    expect(idx.length).toBeGreaterThan(1);
    expect([...idx].sort((x, y) => x - y)).toEqual(idx); // only forward
    expect(new Set(idx).size).toBe(idx.length);
    // The sign-in tweet answers what the network does (online below 90% of normal for 5 minutes), not the clock.
    const tweetAt = drill.injects.find((i) => i.id === 'skype-tweet-signin')?.atMinute;
    const firstBelow = drill.series.findIndex((r) => r.online < 0.9 * r.expectedOnline);
    expect(firstBelow).toBeGreaterThan(0);
    expect(tweetAt).toBe(firstBelow + 4);
  });

  it('inject messages scale with the outage and effect injects change the model', () => {
    const { send } = hostWithInbox();
    send({ type: 'start' });
    const out: DrillOut[] = [];
    for (let t = 0; t < 600; t += 20) out.push(...send({ type: 'step', ticks: 20 }));
    const tweet = out.find((m) => m.type === 'inject' && m.id === 'skype-tweet-signin') as
      { atMinute: number; text: string; volume: number; channel: string } | undefined;
    expect(tweet).toMatchObject({ channel: 'social', text: expect.stringContaining('GMT') });
    // Mentions scale with the users missing when it fires (0.002 a user offline, at least 20).
    expect(tweet!.volume).toBeGreaterThanOrEqual(20);
    const phases = out.filter((m) => m.type === 'phase').map((m) => (m as { phase: string }).phase);
    expect(phases).toContain('degraded');
    const a = hostWithInbox();
    const b = hostWithInbox();
    for (const h of [a, b]) h.send({ type: 'start' });
    const fired = b.send({ type: 'fireInject', id: 'dc-link-degrades' });
    expect(fired.map((m) => m.type)).toEqual(['commandResult', 'inject']);
    expect(fired[1]).toMatchObject({ effect: { kind: 'offlineImCapacity', factor: 0.8 }, manual: true });
    for (const h of [a, b]) h.send({ type: 'step', ticks: 30 });
    expect(a.host.hash()).not.toBe(b.host.hash());
  });
});

describe('Node worker_threads adapter', () => {
  it('runs the same host in a worker thread', async () => {
    const worker = spawnDrillWorker();
    const replies: DrillOut[] = [];
    const waitFor = (pred: (m: DrillOut) => boolean) =>
      new Promise<DrillOut>((resolve, reject) => {
        const done = replies.find(pred);
        if (done) return resolve(done);
        const onMessage = (m: DrillOut) => {
          if (pred(m)) {
            worker.off('message', onMessage);
            resolve(m);
          }
        };
        worker.on('message', onMessage);
        worker.once('error', reject);
      });
    worker.on('message', (m: DrillOut) => replies.push(m));
    try {
      worker.postMessage({ v: 1, type: 'step', ticks: 1 });
      expect(await waitFor((m) => m.type === 'error')).toMatchObject({
        message: expect.stringContaining('init'),
      });
      worker.postMessage({ v: 1, type: 'init', scenario: 'skype-2010', seed: 1, scale: SCALE });
      const ready = await waitFor((m) => m.type === 'ready');
      expect(ready).toMatchObject({ seed: 1 });
      worker.postMessage({ v: 1, type: 'start' });
      worker.postMessage({ v: 1, type: 'step', ticks: 30 });
      const snap = await waitFor((m) => m.type === 'snapshot' && m.minute === 30);
      expect((snap as Extract<DrillOut, { type: 'snapshot'; view: 'supernodes' }>).load).toBeInstanceOf(
        Float32Array,
      );
      const local = hostWithInbox();
      local.send({ type: 'start' });
      local.send({ type: 'step', ticks: 30 });
      const localSnap = local.send({ type: 'snapshot' })[0] as Extract<
        DrillOut,
        { type: 'snapshot'; view: 'supernodes' }
      >;
      expect((snap as typeof localSnap).metrics).toEqual(localSnap.metrics);
    } finally {
      await worker.terminate();
    }
  });
});
