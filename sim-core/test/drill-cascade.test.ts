/**
 * The drill host on a model other than Skype (Facebook 2010 through the cascade model interface): the same
 * host, machine and protocol, with the model's levers, facts, checks, previews and hash.
 */
import { describe, expect, it } from 'vitest';
import {
  builtinScenario,
  scaleScenario,
  builtinCascadeScenario,
  cascadeScenarioIds,
  loadCascadeScenario,
  type FacebookScenario,
} from '../src/scenario/index';
import { cascadeModelOf } from '../src/levers/index';
import { cascadePolicy, runOrders, type ScoredScenario } from '../src/scoring/index';
import { scenarioProblems } from '../src/scenario/authoring';
import { facebookLevers, facebookModel, FACEBOOK_FACTS } from '../src/model/facebook';
import { runCascade } from '../src/model/index';
import { createCascadeDrillHost, type DrillOut } from '../src/drill/index';

const loaded = builtinCascadeScenario('facebook-2010');
if (loaded.kind !== 'facebook') throw new Error('facebook-2010 is not a Facebook-model scenario');
const scenario: FacebookScenario = loaded.scenario;

function hostWithInbox(stopOnFullRecovery = true) {
  const inbox: DrillOut[] = [];
  const host = createCascadeDrillHost(scenario, 1, (m) => inbox.push(m), { stopOnFullRecovery });
  const send = (m: Record<string, unknown>): DrillOut[] => {
    const from = inbox.length;
    host.receive({ v: 1, ...m });
    return inbox.slice(from);
  };
  return { host, inbox, send };
}

const historical = scenario.policies['historical']!.map((e) => ({
  atMinute: e.atMinute,
  command: facebookModel.parseCommand(e),
}));

/** Play the historical policy through the host's protocol, one `step` at a time between orders. */
function playHistorical(
  send: (m: Record<string, unknown>) => DrillOut[],
  host: { minute(): number },
  until: number,
) {
  send({ type: 'start' });
  for (const { atMinute, command } of historical) {
    if (atMinute > host.minute()) send({ type: 'step', ticks: atMinute - host.minute() });
    const { kind, ...args } = command;
    const r = send({ type: 'command', role: 'incidentCommander', command: kind, args });
    expect(r[0]).toMatchObject({ type: 'commandResult', ok: true });
  }
  if (until > host.minute()) send({ type: 'step', ticks: until - host.minute() });
}

describe('the drill host on the Facebook 2010 model', () => {
  it('says ready with the model kind, its levers as the model states them, and its facts', () => {
    const { inbox } = hostWithInbox();
    const ready = inbox[0] as Extract<DrillOut, { type: 'ready' }>;
    expect(ready).toMatchObject({
      type: 'ready',
      view: 'cascade',
      model: 'facebook',
      scenarioId: 'facebook-2010',
    });
    expect(ready.leverInfo).toEqual(facebookLevers(scenario.model));
    expect(ready.facts).toEqual(FACEBOOK_FACTS);
    expect(ready.triggerMinute).toBe(scenario.model.triggerMinute);
    expect(new Set(ready.levers)).toEqual(new Set(facebookLevers(scenario.model).map((l) => l.kind)));
  });

  it('plays the historical policy to the same hash and losses as the model run alone', () => {
    const { host, send } = hostWithInbox(false);
    const minutes = 600;
    playHistorical(send, host, minutes);
    const alone = runCascade(facebookModel, scenario.model, 1, minutes, historical);
    expect(host.minute()).toBe(minutes);
    expect(host.hash()).toBe(alone.summary.stateHash);
    expect(host.summary()).toEqual({ ...alone.summary });
    expect(host.series().map((r) => r.online)).toEqual(alone.series.map((r) => r.online));
  });

  it("snapshots carry the model's metrics, pending orders with countdowns and each lever's preview", () => {
    const { host, send } = hostWithInbox();
    send({ type: 'start' });
    send({ type: 'step', ticks: 80 });
    const accepted = send({ type: 'command', role: 'incidentCommander', command: 'cutAllTraffic', args: {} });
    expect(accepted[0]).toMatchObject({ ok: true, atMinute: 80, takesEffectAtMinute: 85 });
    const again = send({ type: 'command', role: 'incidentCommander', command: 'cutAllTraffic', args: {} });
    expect(again[0]).toMatchObject({
      ok: false,
      check: 'notAlreadyInEffect',
      reason: 'It is already ordered or in effect.',
    });
    const out = send({ type: 'step', ticks: 2 });
    const snap = out.find((m) => m.type === 'snapshot') as Extract<
      DrillOut,
      { type: 'snapshot'; view: 'cascade' }
    >;
    expect(snap.view).toBe('cascade');
    expect(snap.metrics?.minute).toBe(81);
    expect(Number(snap.metrics?.['queryQps'])).toBeGreaterThan(scenario.model.database.capacityQps);
    expect(snap.pending).toEqual([
      { command: 'cutAllTraffic', issuedAtMinute: 80, takesEffectAtMinute: 85, minutesLeft: 3 },
    ]);
    const cut = snap.previews.find((p) => p.command === 'cutAllTraffic')!;
    expect(cut.preview.ok).toBe(false);
    const fix = snap.previews.find((p) => p.command === 'fixStoredValue')!;
    expect(fix.preview).toMatchObject({ ok: true, leadMinutes: 10, takesEffectAtMinute: 92 });
    expect(fix.preview.consequences[1]).toContain(
      `${Number(snap.metrics!['queryQps']).toLocaleString('en-US')} queries a second`,
    );
    expect(host.minute()).toBe(82);
  });

  it('answers a preview at given arguments with the model preview, and refuses levers the model lacks', () => {
    const { send } = hostWithInbox();
    send({ type: 'start' });
    send({ type: 'step', ticks: 61 });
    const p = send({
      type: 'preview',
      command: 'readmitUsers',
      args: { percentPerMinute: 5 },
      requestId: 'a',
    });
    expect(p[0]).toMatchObject({
      type: 'preview',
      requestId: 'a',
      command: 'readmitUsers',
      args: { percentPerMinute: 5 },
    });
    const bad = send({ type: 'preview', command: 'readmitUsers', args: { percentPerMinute: 500 } });
    expect(bad[0]).toMatchObject({ type: 'preview', preview: { ok: false } });
    expect((bad[0] as { preview: { refusal: string } }).preview.refusal).toMatch(
      /percentPerMinute must be a number from 0.1 to 100/,
    );
    const skype = send({ type: 'command', role: 'incidentCommander', command: 'forceUpdate', args: {} });
    expect(skype[0]).toMatchObject({ type: 'error', inReplyTo: 'command' });
    expect((skype[0] as { message: string }).message).toMatch(/"forceUpdate" is not a lever of this model/);
  });

  it('ends the drill once full recovery has held, with the phases of the incident', () => {
    const { host, send, inbox } = hostWithInbox();
    playHistorical(send, host, 600);
    const end = inbox.find((m) => m.type === 'session' && m.state === 'ended');
    expect(end).toMatchObject({ endReason: 'fullRecovery' });
    const alone = runCascade(facebookModel, scenario.model, 1, 600, historical);
    const trigger = scenario.model.triggerMinute;
    // Restored once online has held at 90% of normal (the timeline's restored level) for its hold time.
    expect(host.phases().map((p) => p.phase)).toEqual([
      'normal',
      'cascading',
      'collapsed',
      'recovering',
      'restored',
    ]);
    const restored = host.phases().find((p) => p.phase === 'restored')!.atMinute;
    expect(restored).toBeGreaterThan(trigger + alone.summary.minutesTo90pct!);
  });

  it('seeks back to a checkpoint and replays the log to the same hash', () => {
    const { host, send } = hostWithInbox(false);
    playHistorical(send, host, 300);
    const at300 = host.hash();
    send({ type: 'seek', minute: 150 });
    expect(host.minute()).toBe(150);
    send({ type: 'resume' });
    send({ type: 'step', ticks: 150 });
    expect(host.minute()).toBe(300);
    expect(host.hash()).toBe(at300);
  });
});

describe("facebook-2010's timeline", () => {
  /** Inject ids and minutes fired by their triggers in a run of `policy` to `until`. */
  function injectsOf(policy: string | null, until = 400) {
    const { host, send } = hostWithInbox(false);
    send({ type: 'start' });
    const entries = policy === null ? [] : scenario.policies[policy]!;
    for (const e of entries) {
      if (e.atMinute > host.minute()) send({ type: 'step', ticks: e.atMinute - host.minute() });
      const { kind, ...args } = facebookModel.parseCommand(e);
      send({ type: 'command', role: 'incidentCommander', command: kind, args });
    }
    send({ type: 'step', ticks: until - host.minute() });
    return Object.fromEntries(host.injects().map((i) => [i.id, i.atMinute]));
  }
  const t = scenario.model.triggerMinute;
  const fix = scenario.policies['historical']![0]!.atMinute;
  const cut = scenario.policies['historical']![1]!.atMinute;

  it('in the historical run: the alert at the trigger, the fix that does not break the loop, the cut, the drain', () => {
    const fired = injectsOf('historical');
    expect(fired['db-query-alert']).toBe(t);
    expect(fired['site-errors']).toBe(t + 1);
    // The fix lands after its lead time; ten minutes on, the loop still holds the cluster down.
    const lands = fix + scenario.model.levers.fixValueMinutes;
    expect(fired['value-fixed']).toBe(lands);
    expect(fired['loop-continues']).toBe(lands + 10);
    expect(fired['cut-decision']).toBe(lands + 10 + 15);
    // The cut lands after its lead time; the site is off two minutes later; the cluster drains afterwards.
    expect(fired['site-off']).toBe(cut + scenario.model.levers.cutTrafficMinutes + 1);
    expect(fired['cluster-drained']).toBeGreaterThan(fired['site-off']!);
    // Readmission at 2% a minute after the drain does not overload the cluster again; the manual inject never fires.
    expect(fired['overload-again']).toBeUndefined();
    expect(fired['verifier-question']).toBeUndefined();
  });

  it('doing nothing: the outage alerts fire, but no fix, no loop message and no site-off', () => {
    const fired = injectsOf(null);
    expect(fired['db-query-alert']).toBe(t);
    // Thirty failing minutes, counting the trigger's own.
    expect(fired['exec-status']).toBe(t + 29);
    for (const id of ['value-fixed', 'loop-continues', 'cut-decision', 'site-off', 'cluster-drained'])
      expect(fired[id], id).toBeUndefined();
  });

  it('readmitting everyone at once while clients still hold the bad value brings the overload back', () => {
    const { host, send } = hostWithInbox(false);
    send({ type: 'start' });
    send({ type: 'step', ticks: 70 });
    send({ type: 'command', role: 'databaseOps', command: 'cutAllTraffic', args: {} });
    send({ type: 'step', ticks: 60 });
    send({ type: 'command', role: 'databaseOps', command: 'readmitUsers', args: { percentPerMinute: 100 } });
    send({ type: 'step', ticks: 10 });
    const ids = host.injects().map((i) => i.id);
    expect(ids).toContain('cluster-drained');
    expect(ids).toContain('overload-again');
    const msgs = send({ type: 'fireInject', id: 'verifier-question' });
    expect(msgs.map((m) => m.type)).toEqual(['commandResult', 'inject']);
  });

  it('gives each role only its levers', () => {
    const { send } = hostWithInbox();
    send({ type: 'start' });
    const r = send({ type: 'command', role: 'configOps', command: 'cutAllTraffic', args: {} });
    expect(r[0]).toMatchObject({
      ok: false,
      check: 'roleAllowed',
      reason: 'the configOps role may not use cutAllTraffic',
    });
    const ok = send({ type: 'command', role: 'configOps', command: 'disableVerifier', args: {} });
    expect(ok[0]).toMatchObject({ ok: true });
  });
});

describe("a Facebook timeline is checked against the model's levers and facts", () => {
  const withTimeline = (edit: (t: Record<string, unknown>) => void) => {
    const json = JSON.parse(JSON.stringify(scenario)) as Record<string, unknown>;
    edit(json['timeline'] as Record<string, unknown>);
    return json;
  };
  const broken = withTimeline((t) => {
    const injects = t['injects'] as Array<Record<string, unknown>>;
    (injects[0]!['trigger'] as Record<string, unknown>)['metric'] = 'omLatencyMs';
    (t['roles'] as Record<string, string[]>)['databaseOps']!.push('forceUpdate');
  });

  it('validate names each problem with its path and the names the model has', () => {
    const problems = scenarioProblems(broken);
    expect(problems.map((p) => p.path)).toEqual([
      '$.timeline.roles.databaseOps[2]',
      '$.timeline.injects[0].trigger.metric',
    ]);
    expect(problems[0]!.message).toMatch(
      /^"forceUpdate" is not a lever of this model \(known: fixStoredValue, /,
    );
    expect(problems[1]!.message).toMatch(
      /^"omLatencyMs" is not a fact of this model \(known: minute, online, .*queryQps/,
    );
    expect(scenarioProblems(scenario)).toEqual([]);
  });

  it('the drill host refuses it with the first problem, in one line', () => {
    const loaded = loadCascadeScenario(broken);
    expect(() => createCascadeDrillHost(loaded.scenario, 1, () => undefined)).toThrow(
      /^invalid timeline: roles\.databaseOps\.2: "forceUpdate" is not a lever of this model/,
    );
  });
});

describe('the common facts', () => {
  it('sinceTrigger counts from the trigger the model states, for any model', () => {
    const json = JSON.parse(JSON.stringify(scenario)) as { timeline: { injects: unknown[] } };
    json.timeline.injects.push({
      id: 'three-quarters',
      channel: 'executive',
      trigger: { metric: 'sinceTrigger', op: '>=', value: 45 },
      from: 'Chief of staff',
      text: '{clock} Forty-five minutes since it started; {pctOnline} of the usual users are served.',
    });
    const loaded = loadCascadeScenario(json);
    const inbox: DrillOut[] = [];
    const host = createCascadeDrillHost(loaded.scenario, 1, (m) => inbox.push(m));
    host.receive({ v: 1, type: 'start' });
    host.receive({ v: 1, type: 'step', ticks: 120 });
    const msg = inbox.find((m) => m.type === 'inject' && m.id === 'three-quarters') as {
      atMinute: number;
      text: string;
    };
    expect(msg.atMinute).toBe(scenario.model.triggerMinute + 45);
    expect(msg.text).toBe('19:15 GMT Forty-five minutes since it started; 0% of the usual users are served.');
  });
});

describe('every shipped scenario of every model other than Skype plays in the drill host', () => {
  for (const id of cascadeScenarioIds) {
    const l = builtinCascadeScenario(id);
    if (l.kind === 'skype') continue;
    it(`${id}: ready states the model's levers and facts; the record's policy through the host matches the model run`, () => {
      const s = l.scenario as unknown as Parameters<typeof createCascadeDrillHost>[0] & ScoredScenario;
      const model = cascadeModelOf(s.model.kind);
      const inbox: DrillOut[] = [];
      const host = createCascadeDrillHost(s, 1, (m) => inbox.push(m), { stopOnFullRecovery: false });
      const ready = inbox[0] as Extract<DrillOut, { type: 'ready' }>;
      expect(ready).toMatchObject({ view: 'cascade', model: s.model.kind });
      expect(ready.leverInfo).toEqual(model.levers(s.model));
      const orders = cascadePolicy(model, s, 'historical') ?? [];
      const role = Object.entries(ready.roles).find(([, ls]) =>
        orders.every((o) => ls.includes(o.command.kind)),
      )?.[0];
      expect(role, 'a role that may order every lever of the record').toBeDefined();
      const minutes = Math.min(600, s.model.durationMinutes);
      host.receive({ v: 1, type: 'start' });
      for (const o of orders.filter((x) => x.atMinute < minutes)) {
        if (o.atMinute > host.minute())
          host.receive({ v: 1, type: 'step', ticks: o.atMinute - host.minute() });
        const { kind, ...args } = o.command;
        host.receive({ v: 1, type: 'command', role, command: kind, args });
      }
      host.receive({ v: 1, type: 'step', ticks: minutes - host.minute() });
      expect(host.summary()).toEqual(
        runOrders(
          s,
          1,
          minutes,
          orders.filter((x) => x.atMinute < minutes),
        ),
      );
      expect(inbox.filter((m) => m.type === 'error')).toEqual([]);
    });
  }
});

describe('levers the scenario does not offer', () => {
  it('are refused by the machine (leverAvailable) for any model; only a name no model lever has is an error', () => {
    const json = JSON.parse(JSON.stringify(scenario)) as {
      timeline: { levers: string[]; roles: Record<string, string[]> };
    };
    json.timeline.levers = json.timeline.levers.filter((l) => l !== 'jitterExpiry');
    for (const r of Object.values(json.timeline.roles))
      r.splice(0, r.length, ...r.filter((l) => l !== 'jitterExpiry'));
    const inbox: DrillOut[] = [];
    const host = createCascadeDrillHost(loadCascadeScenario(json).scenario, 1, (m) => inbox.push(m));
    host.receive({ v: 1, type: 'start' });
    host.receive({
      v: 1,
      type: 'command',
      role: 'incidentCommander',
      command: 'jitterExpiry',
      args: { windowSeconds: 60 },
    });
    expect(inbox[inbox.length - 1]).toMatchObject({
      type: 'commandResult',
      ok: false,
      check: 'leverAvailable',
      reason: 'jitterExpiry is not available in this scenario',
    });
    // The Skype model alike: its levers the scenario leaves out are refused by the machine, not as errors.
    const skype = scaleScenario(builtinScenario('skype-2010'), 0.0025);
    const t = skype.timeline as { levers: string[] };
    t.levers = t.levers.filter((l) => l !== 'throttleLogins');
    const out: DrillOut[] = [];
    const sh = createCascadeDrillHost(skype, 1, (m) => out.push(m));
    sh.receive({ v: 1, type: 'start' });
    sh.receive({
      v: 1,
      type: 'command',
      role: 'incidentCommander',
      command: 'throttleLogins',
      args: { perMinute: 5000 },
    });
    expect(out[out.length - 1]).toMatchObject({ type: 'commandResult', ok: false, check: 'leverAvailable' });
  });
});
