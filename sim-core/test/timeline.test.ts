import { describe, expect, it } from 'vitest';
import { LEVERS } from '../src/levers/index';
import { initialTransition, transition } from 'xstate';
import { getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { builtinScenario } from '../src/scenario/index';
import { emptyMetrics, type ModelCommand, type SimMetrics } from '../src/model/index';
import {
  conditionHolds,
  createTimelineMachine,
  dueInjects,
  emptyFacts,
  initialPhaseState,
  loadTimeline,
  nextPhaseState,
  parseTimeline,
  renderInject,
  TimelineError,
  type CommandResult,
  type Facts,
  type TimelineEvent,
  type WorldPort,
} from '../src/timeline/index';

const scenario = builtinScenario('skype-2010');
const timeline = loadTimeline(scenario);

/** A world that accepts everything except what `refuse` names, with 60 free servers. */
function stubWorld(refuse: Partial<Record<ModelCommand['kind'], string>> = {}): WorldPort {
  return {
    check: (c, also) => {
      if (refuse[c.kind]) return { ok: false, reason: refuse[c.kind]!, check: 'notAlreadyInEffect' };
      if (c.kind === 'spinUpSupernodes') {
        const used = also.reduce((n, x) => n + (x.kind === 'spinUpSupernodes' ? x.count : 0), 0);
        if (c.count > 60 - used)
          return { ok: false, reason: `only ${60 - used} spare servers are free`, check: 'poolLeft' };
      }
      if (c.kind === 'enableClientBackoff' && also.some((x) => x.kind === 'enableClientBackoff'))
        return { ok: false, reason: 'client back-off is already enabled', check: 'notAlreadyInEffect' };
      return { ok: true, command: c };
    },
    leadMinutes: (c) => (c.kind === 'spinUpSupernodes' ? 0 : 30),
  };
}

function machineWith(world = stubWorld(), overrides: Partial<typeof timeline> = {}) {
  return createTimelineMachine({
    timeline: { ...timeline, ...overrides },
    durationMinutes: 100,
    startMinuteOfDay: 720,
    world,
  });
}

function metricsAt(tick: number, over: Partial<SimMetrics> = {}): SimMetrics {
  // A healthy minute of a 1,000-client network; each test overrides what it probes.
  return {
    ...emptyMetrics(),
    tick,
    minuteOfDay: (720 + tick) % 1440,
    online: 1000,
    expectedOnline: 1000,
    buggyOnline: 500,
    supernodesAlive: 100,
    supernodeLoadFactor: 1,
    omLatencyMs: 300,
    omUtilisation: 0.7,
    totalClients: 2000,
    ...over,
  };
}

function run(machine: ReturnType<typeof machineWith>, events: TimelineEvent[]) {
  let [s] = initialTransition(machine);
  for (const e of events) [s] = transition(machine, s, e);
  return s;
}

const lastResult = (s: ReturnType<typeof run>) => s.context.outbox[0] as CommandResult;

describe('lever guards (pure transition)', () => {
  const started: TimelineEvent[] = [{ type: 'facilitator.start' }];

  it('accepts a lever the role may use and queues it for the next tick with its lead time', () => {
    const s = run(machineWith(), [
      ...started,
      { type: 'operator.forceUpdate', role: 'clientEngineering', args: {}, requestId: 'r1' },
    ]);
    const r = lastResult(s);
    expect(r).toMatchObject({ ok: true, requestId: 'r1', atMinute: 0, takesEffectAtMinute: 30 });
    expect(s.context.queued).toEqual([
      {
        kind: 'forceUpdate',

        rolloutPercentPerHour: 25,
        bandwidthGbps: 100,
        tick: 0,
      },
    ]);
  });

  it('refuses before the drill starts and after it ends (sessionLive)', () => {
    const before = run(machineWith(), [
      { type: 'operator.enableClientBackoff', role: 'incidentCommander', args: {} },
    ]);
    expect(lastResult(before)).toMatchObject({ ok: false, check: 'sessionLive' });
    expect(before.context.queued).toEqual([]);
    const after = run(machineWith(), [
      ...started,
      { type: 'facilitator.end' },
      { type: 'operator.enableClientBackoff', role: 'incidentCommander', args: {} },
    ]);
    expect(after.value).toBe('ended');
    expect(lastResult(after)).toMatchObject({
      ok: false,
      check: 'sessionLive',
      reason: 'the drill has ended',
    });
  });

  it('refuses a lever the scenario does not offer (leverAvailable)', () => {
    const s = run(machineWith(stubWorld(), { levers: ['throttleLogins'] }), [
      ...started,
      { type: 'operator.forceUpdate', role: 'incidentCommander', args: {} },
    ]);
    expect(lastResult(s)).toMatchObject({ ok: false, check: 'leverAvailable' });
  });

  it('refuses a role that may not pull the lever, and an unknown role (roleAllowed)', () => {
    const s = run(machineWith(), [
      ...started,
      { type: 'operator.forceUpdate', role: 'networkOps', args: {} },
      { type: 'operator.forceUpdate', role: 'intern', args: {} },
    ]);
    expect(lastResult(s)).toMatchObject({ ok: false, check: 'roleAllowed' });
    expect(lastResult(s).ok === false && lastResult(s)).toMatchObject({
      reason: expect.stringContaining('unknown role'),
    });
    expect(s.context.queued).toEqual([]);
  });

  it('refuses bad arguments with the lever validator reason (argsValid)', () => {
    const s = run(machineWith(), [
      ...started,
      { type: 'operator.throttleLogins', role: 'networkOps', args: { perMinute: -5 } },
    ]);
    expect(lastResult(s)).toMatchObject({
      ok: false,
      check: 'argsValid',
      reason: 'The login cap must be a whole number from 1,000 to 10 million logins a minute (asked: -5).',
    });
  });

  it('counts servers already queued this minute against the pool (poolLeft)', () => {
    const s = run(machineWith(), [
      ...started,
      { type: 'operator.spinUpSupernodes', role: 'networkOps', args: { count: 40 } },
      { type: 'operator.spinUpSupernodes', role: 'networkOps', args: { count: 40 } },
    ]);
    expect(lastResult(s)).toMatchObject({
      ok: false,
      check: 'poolLeft',
      reason: 'only 20 spare servers are free',
    });
    expect(s.context.queued.length).toBe(1);
  });

  it('refuses what is already in effect or queued (notAlreadyInEffect)', () => {
    const world = stubWorld({ disableFeature: 'offlineIm is already off' });
    const s1 = run(machineWith(world), [
      ...started,
      { type: 'operator.disableFeature', role: 'platformOps', args: { feature: 'offlineIm' } },
    ]);
    expect(lastResult(s1)).toMatchObject({
      ok: false,
      check: 'notAlreadyInEffect',
      reason: 'offlineIm is already off',
    });
    const s2 = run(machineWith(), [
      ...started,
      { type: 'operator.enableClientBackoff', role: 'clientEngineering', args: {} },
      { type: 'operator.enableClientBackoff', role: 'clientEngineering', args: {} },
    ]);
    expect(lastResult(s2)).toMatchObject({ ok: false, check: 'notAlreadyInEffect' });
  });

  it('guards can be swapped with provide() (a test double for a check)', () => {
    const m = machineWith().provide({ guards: { roleAllowed: () => true } });
    const s = run(m, [...started, { type: 'operator.forceUpdate', role: 'intern', args: {} }]);
    expect(lastResult(s).ok).toBe(true);
  });

  it('accepts commands while paused (they wait for the next tick)', () => {
    const s = run(machineWith(), [
      ...started,
      { type: 'facilitator.pause' },
      { type: 'operator.throttleLogins', role: 'networkOps', args: {} },
    ]);
    expect(s.value).toBe('paused');
    expect(s.context.queued.map((q) => q.kind)).toEqual(['throttleLogins']);
  });

  it('a tick consumes the queue; speed only from the allowed set', () => {
    const s = run(machineWith(), [
      ...started,
      { type: 'operator.throttleLogins', role: 'networkOps', args: {} },
      { type: 'sim.tick', metrics: metricsAt(0) },
      { type: 'facilitator.setSpeed', speed: 600 },
      { type: 'facilitator.setSpeed', speed: 7 },
    ]);
    expect(s.context.queued).toEqual([]);
    expect(s.context.minute).toBe(1);
    expect(s.context.speed).toBe(600);
    expect(lastResult(s)).toMatchObject({ ok: false, check: 'speedAllowed' });
  });
});

describe('session states', () => {
  it('ends at the scenario end, at full recovery held, and on the facilitator', () => {
    const m = machineWith();
    let [s] = initialTransition(m);
    [s] = transition(m, s, { type: 'facilitator.start' });
    for (let t = 0; t < 100 && s.value === 'running'; t++)
      [s] = transition(m, s, { type: 'sim.tick', metrics: metricsAt(t) });
    expect(s.value).toBe('ended');
    expect(s.context.endReason).toBe('scenarioEnd');
    expect(s.context.minute).toBe(100);

    const quick = machineWith(stubWorld(), {
      fullRecovery: { onlineRatioAtLeast: 0.95, holdMinutes: 5 },
      phases: { ...timeline.phases, restored: { onlineRatioAtLeast: 0.9, holdMinutes: 2 } },
    });
    [s] = initialTransition(quick);
    [s] = transition(quick, s, { type: 'facilitator.start' });
    const bad = { omLatencyMs: 20000, online: 300 };
    for (let t = 0; t < 5; t++) [s] = transition(quick, s, { type: 'sim.tick', metrics: metricsAt(t, bad) });
    for (let t = 5; t < 60 && s.value === 'running'; t++)
      [s] = transition(quick, s, { type: 'sim.tick', metrics: metricsAt(t) });
    expect(s.context.endReason).toBe('fullRecovery');
    // Restoration held (2 min) before the recovering hold (15 min) passed: recovering is skipped.
    expect(s.context.phases.map((p) => p.phase)).toEqual(['normal', 'collapsed', 'restored']);
  });

  it('every session state and transition is reachable (xstate/graph)', () => {
    const m = machineWith();
    const events: TimelineEvent[] = [
      { type: 'facilitator.start' },
      { type: 'facilitator.pause' },
      { type: 'facilitator.resume' },
      { type: 'facilitator.end' },
    ];
    const opts = { events, serializeState: (s: { value: unknown }) => JSON.stringify(s.value) };
    const shortest = getShortestPaths(m, opts);
    const reached = new Set(shortest.map((p) => JSON.stringify(p.state.value)));
    expect(reached).toEqual(new Set(['"briefing"', '"running"', '"paused"', '"ended"']));
    const edges = new Set<string>();
    for (const node of Object.values(getAdjacencyMap(m, opts)))
      for (const t of Object.values(node.transitions) as Array<{
        event: TimelineEvent;
        state: { value: unknown };
      }>)
        if (t.state.value !== node.state.value)
          edges.add(`${JSON.stringify(node.state.value)}-${t.event.type}->${JSON.stringify(t.state.value)}`);
    expect(edges).toEqual(
      new Set([
        '"briefing"-facilitator.start->"running"',
        '"briefing"-facilitator.end->"ended"',
        '"running"-facilitator.pause->"paused"',
        '"running"-facilitator.end->"ended"',
        '"paused"-facilitator.resume->"running"',
        '"paused"-facilitator.end->"ended"',
      ]),
    );
    const simple = getSimplePaths(m, opts);
    // briefing -> ended, running -> ended and paused -> ended are each the end of some simple path.
    const endsFrom = new Set(
      simple
        .filter((p) => p.state.value === 'ended')
        .map((p) => JSON.stringify(p.steps[p.steps.length - 2]?.state.value)),
    );
    expect(endsFrom).toEqual(new Set(['"briefing"', '"running"', '"paused"']));
  });
});

describe('phases (plain function)', () => {
  const th = timeline.phases;
  const full = timeline.fullRecovery;
  const f = (over: Record<string, number>): Facts => ({ ...emptyFacts(), ...over });

  it('one noisy tick does not escalate; a held one does; phases never go back', () => {
    let p = nextPhaseState(initialPhaseState(), f({ omLatencyMs: 9000 }), th, full);
    expect(p.phase).toBe('normal');
    for (let i = 0; i < th.escalateAfterMinutes; i++)
      p = nextPhaseState(p, f({ omLatencyMs: 9000 }), th, full);
    expect(p.phase).toBe('degraded');
    for (let i = 0; i < 3; i++) p = nextPhaseState(p, f({ onlineRatio: 0.1 }), th, full);
    expect(p.phase).toBe('collapsed');
    for (let i = 0; i < 3; i++) p = nextPhaseState(p, f({ onlineRatio: 0.5 }), th, full);
    expect(p.phase).toBe('collapsed'); // the hold has not passed yet
    for (let i = 0; i < th.recovering.holdMinutes; i++)
      p = nextPhaseState(p, f({ onlineRatio: 0.5 }), th, full);
    expect(p.phase).toBe('recovering');
    p = nextPhaseState(p, f({ onlineRatio: 0.05 }), th, full);
    expect(p.phase).toBe('recovering');
  });

  it('counts full recovery only with every feature back on', () => {
    let p = nextPhaseState(initialPhaseState(), f({ onlineRatio: 0.1 }), th, full);
    for (let i = 0; i < th.escalateAfterMinutes + 2; i++)
      p = nextPhaseState(p, f({ onlineRatio: 0.1 }), th, full);
    const healthy = f({ onlineRatio: 1, omLatencyMs: 100 });
    for (let i = 0; i < th.restored.holdMinutes + 5; i++)
      p = nextPhaseState(p, { ...healthy, featuresOff: 1 }, th, full);
    expect(p.phase).toBe('restored');
    expect(p.fullFor).toBe(0);
    p = nextPhaseState(p, healthy, th, full);
    expect(p.fullFor).toBe(1);
    p = nextPhaseState(p, { ...healthy, featuresOff: 1 }, th, full);
    expect(p.fullFor).toBe(0);
  });
});

describe('injects (plain functions)', () => {
  it('conditional injects need the condition held for their duration, and fire once', () => {
    const inj = timeline.injects.filter((i) => i.id === 'om-latency-alert');
    const hold = (inj[0]!.trigger as { forMinutes: number }).forMinutes;
    expect(hold).toBeGreaterThan(1);
    let held: Record<string, number> = {};
    const fired = new Set<string>();
    const hot = { ...emptyFacts(), omLatencyMs: 8000 };
    for (let i = 0; i < hold - 1; i++) {
      const r = dueInjects(inj, hot, held, fired);
      expect(r.due).toEqual([]);
      held = r.held;
    }
    const cold = dueInjects(inj, { ...emptyFacts(), omLatencyMs: 100 }, held, fired);
    expect(cold.held).toEqual({});
    held = {};
    let due: string[] = [];
    for (let i = 0; i < hold; i++) ({ due, held } = dueInjects(inj, hot, held, fired));
    expect(due).toEqual(['om-latency-alert']);
    expect(dueInjects(inj, hot, held, new Set(due)).due).toEqual([]);
    expect(
      conditionHolds(
        { metric: 'onlineRatio', op: '<=', value: 0.5, forMinutes: 1 },
        { ...emptyFacts(), onlineRatio: 0.5 },
      ),
    ).toBe(true);
  });

  it('message volume scales with the outage, not a script', () => {
    const inj = timeline.injects.find((i) => i.id === 'support-surge')!;
    const small = renderInject(
      inj,
      { ...emptyFacts(), offline: 1_000_000, onlineRatio: 0.9 },
      330,
      720,
      false,
    );
    const big = renderInject(
      inj,
      { ...emptyFacts(), offline: 20_000_000, onlineRatio: 0.1 },
      330,
      720,
      false,
    );
    expect(small.volume).toBe(500);
    expect(big.volume).toBe(10000);
    expect(big.text).toContain('17:30 GMT');
    expect(big.text).toContain('20.0M');
  });

  it('the timeline section is validated with one-line reasons', () => {
    expect(() => parseTimeline({ speeds: [2] })).toThrow(TimelineError);
    expect(() => parseTimeline({ injects: [{ id: 'x', channel: 'fax' }] })).toThrow(/injects\.0/);
    expect(parseTimeline(undefined).levers).toEqual([...LEVERS]);
    expect(timeline.injects.length).toBeGreaterThanOrEqual(8);
    expect(timeline.injects.some((i) => i.effect)).toBe(true);
  });
});

describe('full recovery needs every feature on', () => {
  it('a network held up by a switched-off feature does not end the drill; switched back on, it does', () => {
    const quick = machineWith(stubWorld(), {
      fullRecovery: { onlineRatioAtLeast: 0.95, holdMinutes: 5 },
      phases: { ...timeline.phases, restored: { onlineRatioAtLeast: 0.9, holdMinutes: 2 } },
    });
    let [s] = initialTransition(quick);
    [s] = transition(quick, s, { type: 'facilitator.start' });
    const bad = { omLatencyMs: 20000, online: 300 };
    for (let t = 0; t < 5; t++) [s] = transition(quick, s, { type: 'sim.tick', metrics: metricsAt(t, bad) });
    let t = 5;
    for (; t < 60; t++)
      [s] = transition(quick, s, { type: 'sim.tick', metrics: metricsAt(t, { omEnabled: false }) });
    expect(s.value).toBe('running');
    expect(s.context.phase.phase).toBe('restored');
    for (; t < 80 && s.value === 'running'; t++)
      [s] = transition(quick, s, { type: 'sim.tick', metrics: metricsAt(t, { omEnabled: true }) });
    expect(s.context.endReason).toBe('fullRecovery');
    // Held for the whole hold with offline IM back on (ticks 60..64), not earlier.
    expect(s.context.minute).toBe(65);
  });
});
