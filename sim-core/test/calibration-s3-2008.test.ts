/**
 * Amazon S3, 20 July 2008, against the published record (../shared/research/outage-facts.md section 3;
 * docs/model-s3-2008.md has the table). The record (all times PDT): error rates climb in every datacenter
 * from 08:40; by 08:50 very few requests complete; load is shed in stages from 08:55 with no effect; at 09:41
 * the servers are found to have trouble talking to each other; at 10:32 the decision to stop all
 * server-to-server communication and request processing and clear the state; shutdown complete and state
 * cleared at 11:05; a small subset of hosts reconnected at 12:05, expanded at 12:25, 12:51, 13:17,
 * accelerating 13:38, all internal communication restored at 14:03 and all servers communicating by 14:20,
 * when request processing is reactivated in both regions; the EU (fewer servers) normal by 15:10 (began
 * completing ~14:57, recalled), the US normal by 16:58 (began ~16:02, recalled): about 8 h 18 min in all.
 */
import { describe, expect, it } from 'vitest';
import {
  s3ExpectedRequests,
  s3Model,
  s3RegionMinutesTo90pct,
  type S3Command,
  type S3Metrics,
  type S3Region,
} from '../src/model/s3';
import { runCascade, type CascadeRun } from '../src/model/index';
import { builtinCascadeScenario, type S3Scenario } from '../src/scenario/index';
import { main } from '../cli/sim';
import { main as scenarioMain } from '../cli/scenario';

const loaded = builtinCascadeScenario('s3-2008');
if (loaded.kind !== 's3') throw new Error('s3-2008 must load as an S3-model scenario');
const scenario: S3Scenario = loaded.scenario;
const p = scenario.model;
const T = p.triggerMinute;
/** The scenario minute of a PDT clock time on 20 July 2008 (tick 0 is 07:40 PDT). */
const pdt = (h: number, m: number) => h * 60 + m - (7 * 60 + 40);
const policy = (name: string) =>
  (scenario.policies[name] ?? []).map((e) => ({ atMinute: e.atMinute, command: s3Model.parseCommand(e) }));
type Extra = Array<{ atMinute: number; command: S3Command }>;
const run = (name: string | null, seed = 1, extra: Extra = []) =>
  runCascade(s3Model, p, seed, p.durationMinutes, [...(name ? policy(name) : []), ...extra]);

const served = (r: S3Metrics, region: S3Region) =>
  region === 'us' ? r.usRequestsServed : r.euRequestsServed;
const normal = (minute: number, region: S3Region) =>
  s3ExpectedRequests(p, region, (p.startMinuteOfDay + minute) % 1440);
/** First minute at or after `from` when the region serves `level` of its normal requests (null: never). */
const regionAt = (r: CascadeRun<S3Metrics>, region: S3Region, level: number, from: number) =>
  r.series.find((x) => x.minute >= from && served(x, region) >= level * normal(x.minute, region))?.minute ??
  null;
const ratio = (x: S3Metrics) => x.online / x.expectedOnline;

describe('S3 2008 calibration', () => {
  it('starts at 08:40 PDT (15:40 GMT) with the record', () => {
    expect(scenario.startIso).toBe('2008-07-20T14:40:00Z');
    expect((p.startMinuteOfDay + T) % 1440).toBe(15 * 60 + 40);
    expect(T).toBe(pdt(8, 40));
  });

  for (const seed of [1, 2, 3, 4]) {
    describe(`seed ${seed}`, () => {
      const none = run(null, seed);
      const hist = run('historical', seed);

      it('doing nothing: both regions serve almost nothing by 08:50 and never come back', () => {
        const at = (m: number) => none.series[m]!;
        expect(ratio(at(T - 1))).toBeGreaterThan(0.99);
        expect(ratio(at(T + 1))).toBeGreaterThan(0.9); // the errors climb after the corruption, not before
        const by0850 = at(pdt(8, 50));
        for (const region of ['us', 'eu'] as const)
          expect(served(by0850, region)).toBeLessThan(0.1 * normal(by0850.minute, region));
        expect(by0850.usInfected).toBeGreaterThan(0.8 * p.regions.us.servers);
        expect(by0850.euInfected).toBeGreaterThan(0.8 * p.regions.eu.servers);
        expect(none.summary.minutesTo90pct).toBeNull();
        const after = none.series.filter((x) => x.minute >= pdt(8, 50));
        expect(Math.max(...after.map(ratio))).toBeLessThan(0.01);
      });

      it('servers spend almost all their time gossiping and many fail while gossiping', () => {
        const x = none.series[pdt(9, 41)]!;
        expect(x.usGossipShare).toBeGreaterThan(0.9);
        expect(x.euGossipShare).toBeGreaterThan(0.9);
        expect(x.usFailed / p.regions.us.servers).toBeGreaterThan(0.1);
        expect(x.euFailed / p.regions.eu.servers).toBeGreaterThan(0.1);
        // On a normal day under 2% are restarting.
        const before = none.series[T - 1]!;
        expect(before.usFailed / p.regions.us.servers).toBeLessThan(0.02);
      });

      it('the historical response lands on the record: stopped at 11:05, staged from 12:05, all talking by 14:03', () => {
        expect(hist.refused).toEqual([]);
        const s = hist.series;
        const allStopped = s.find(
          (x) => x.usStopped === p.regions.us.servers && x.euStopped === p.regions.eu.servers,
        );
        expect(allStopped?.minute).toBe(pdt(10, 32) + p.levers.stopMinutes);
        // Shutdown and state clear together took 33 minutes in the record (10:32 to 11:05).
        expect(p.levers.stopMinutes + p.levers.clearMinutes).toBe(33);
        const firstBack = s.find((x) => x.minute > allStopped!.minute && x.usStopped < p.regions.us.servers);
        expect(firstBack?.minute).toBe(pdt(12, 5));
        const allTalking = s.find(
          (x) => x.minute > allStopped!.minute && x.usStopped === 0 && x.euStopped === 0,
        );
        expect(allTalking?.minute).toBe(pdt(14, 3));
        // The cleared state stays clean: no server carries bad state again.
        expect(
          s.filter((x) => x.minute >= allStopped!.minute).every((x) => x.usInfected + x.euInfected === 0),
        ).toBe(true);
        // While the rebuild is staged, gossip stays well below the outage's: at most a minute or two of spike
        // as a batch lands on servers still rebuilding from the last one.
        const rebuild = s.filter((x) => x.minute >= pdt(12, 5) && x.minute < pdt(14, 20));
        const shares = rebuild.map((x) => Math.max(x.usGossipShare, x.euGossipShare));
        expect(shares.filter((x) => x >= 0.5).length).toBeLessThanOrEqual(3);
        expect(shares.filter((x) => x < 0.4).length).toBeGreaterThanOrEqual(0.9 * shares.length);
      });

      it('the EU (fewer servers) is back first: EU normal by about 15:10, US by about 16:58', () => {
        const euBack = regionAt(hist, 'eu', 0.9, pdt(11, 0));
        const usBack = regionAt(hist, 'us', 0.9, pdt(11, 0));
        expect(euBack).not.toBeNull();
        expect(usBack).not.toBeNull();
        expect(Math.abs(euBack! - pdt(15, 10))).toBeLessThanOrEqual(10);
        expect(Math.abs(usBack! - pdt(16, 58))).toBeLessThanOrEqual(15);
        // First requests completing (recalled times, low confidence): EU ~14:57, US ~16:02.
        expect(Math.abs(regionAt(hist, 'eu', 0.05, pdt(11, 0))! - pdt(14, 57))).toBeLessThanOrEqual(15);
        expect(Math.abs(regionAt(hist, 'us', 0.05, pdt(11, 0))! - pdt(16, 2))).toBeLessThanOrEqual(15);
        // The summary's rule per region finds the same minutes.
        expect(T + s3RegionMinutesTo90pct(hist.series, T, 'eu')!).toBe(euBack);
        expect(T + s3RegionMinutesTo90pct(hist.series, T, 'us')!).toBe(usBack);
        expect(s3RegionMinutesTo90pct(none.series, T, 'eu')).toBeNull();
        // About 8 h 18 min from 08:40 to 16:58 for the whole service.
        expect(Math.abs(hist.summary.minutesTo90pct! - (8 * 60 + 18))).toBeLessThanOrEqual(20);
      });

      it('shedding load in stages (08:55 on) has no effect on what is served', () => {
        const window = (r: typeof hist) =>
          r.series.filter((x) => x.minute >= pdt(9, 0) && x.minute < pdt(10, 32));
        const a = window(hist).reduce((t, x) => t + x.online, 0);
        const b = window(none).reduce((t, x) => t + x.online, 0);
        const expected = window(none).reduce((t, x) => t + x.expectedOnline, 0);
        expect(Math.abs(a - b)).toBeLessThanOrEqual(0.01 * expected);
        expect(window(hist).every((x) => x.usGossipShare > 0.9)).toBe(true);
      });
    });
  }

  describe('lessons', () => {
    const none = run(null);

    it('load shedding alone does not help: the service never comes back and the gossip is untouched', () => {
      const shed = run('shedLoadOnly');
      expect(shed.refused).toEqual([]);
      expect(shed.summary.minutesTo90pct).toBeNull();
      expect(shed.series[shed.series.length - 1]!.shedShare).toBe(0.75);
      expect(shed.summary.userMinutesLost).toBeGreaterThanOrEqual(none.summary.userMinutesLost * 0.99);
      const at = pdt(10, 0);
      expect(shed.series[at]!.usGossipShare).toBeGreaterThan(0.9);
    });

    it('checksums on state messages, in place before the corruption, would have prevented it', () => {
      const cs = run('checksums');
      const last = cs.series[cs.series.length - 1]!;
      expect(last.rejectedMessages).toBe(p.gossip.corruptedServers);
      expect(cs.summary.minutesTo90pct).toBe(0);
      expect(Math.min(...cs.series.map((x) => x.usInfected + x.euInfected))).toBe(0);
      expect(Math.max(...cs.series.map((x) => x.usInfected + x.euInfected))).toBe(0);
      expect(cs.summary.userMinutesLost).toBeLessThan(none.summary.userMinutesLost / 1000);
    });

    it('a clear scripted before the stop in the same minute waits for the stop (effects are not checked)', () => {
      const at = pdt(10, 32);
      const variant = {
        ...p,
        effects: [
          { atMinute: at, kind: 'clearGossipState' as const },
          { atMinute: at, kind: 'stopAllCommunication' as const },
        ],
      };
      const r = runCascade(
        s3Model,
        variant,
        1,
        p.durationMinutes,
        policy('historical').filter((e) => e.atMinute > at + 1),
      );
      const h = run('historical');
      expect(r.summary.minutesTo90pct).toBe(h.summary.minutesTo90pct);
      expect(r.series[pdt(14, 30)]!.usInfected).toBe(0);
    });

    it('a scripted effect plays as the same order in a policy (a variant needs no code)', () => {
      const variant = { ...p, effects: [{ atMinute: 0, kind: 'checksumStateMessages' as const }] };
      const scripted = runCascade(s3Model, variant, 1, p.durationMinutes, []);
      expect(scripted.series.map((x) => x.online)).toEqual(run('checksums').series.map((x) => x.online));
      expect(scripted.series[scripted.series.length - 1]!.rejectedMessages).toBe(p.gossip.corruptedServers);
    });

    it('checksums ordered after the corruption do not stop bad state already accepted', () => {
      const late = run(null, 1, [{ atMinute: T + 1, command: { kind: 'checksumStateMessages' } }]);
      expect(late.summary.minutesTo90pct).toBeNull();
      expect(late.series[late.series.length - 1]!.checksums).toBe(true);
    });

    it('clearing needs communication stopped; reconnecting without clearing spreads the bad state again', () => {
      const sim = s3Model.create(p, 1);
      while (sim.tick() <= T + 5) sim.step([]);
      expect(sim.check({ kind: 'clearGossipState' })).toMatch(/still gossiping/);
      const noClear = run(null, 1, [
        { atMinute: pdt(10, 32), command: { kind: 'stopAllCommunication' } },
        ...policy('historical').filter(
          (e) => e.command.kind === 'reconnectServers' || e.command.kind === 'reactivateRequests',
        ),
      ]);
      expect(noClear.refused).toEqual([]);
      expect(noClear.summary.minutesTo90pct).toBeNull();
      expect(noClear.series[pdt(14, 30)]!.usInfected).toBeGreaterThan(0.5 * p.regions.us.servers);
    });

    it('reconnecting every server at once swamps them in rebuild gossip: the staged restart is what works', () => {
      const all = run('reconnectAllAtOnce');
      expect(all.refused).toEqual([]);
      expect(all.summary.minutesTo90pct).toBeNull();
      expect(all.series[pdt(14, 0)]!.usGossipShare).toBeGreaterThan(0.9);
      expect(all.series[pdt(14, 0)]!.usRebuilding).toBeGreaterThan(0.5 * p.regions.us.servers);
    });

    it('less gossip about failed servers delays the collapse but does not clear the bad state', () => {
      const less = run('lessFailedServerGossip');
      const collapse = (r: typeof less) => r.series.find((x) => x.minute >= T && ratio(x) < 0.1)!.minute;
      expect(collapse(less) - collapse(none)).toBeGreaterThanOrEqual(20);
      expect(less.summary.minutesTo90pct).toBeNull();
      expect(less.series[pdt(12, 0)]!.usInfected).toBeGreaterThan(0.5 * p.regions.us.servers);
    });

    it('an alarm on the gossip rate fires within minutes; acting on it (same steps, 77 min sooner) ends it sooner', () => {
      const alarmed = run('gossipAlarm');
      const hist = run('historical');
      expect(alarmed.refused).toEqual([]);
      const firedAt = alarmed.series[alarmed.series.length - 1]!.alarmAtMinute;
      expect(firedAt).toBeGreaterThanOrEqual(T);
      expect(firedAt).toBeLessThanOrEqual(T + 10);
      expect(firedAt).toBeLessThan(pdt(9, 41)); // the record's diagnosis
      const stopAt = policy('gossipAlarm').find((e) => e.command.kind === 'stopAllCommunication')!.atMinute;
      expect(stopAt).toBeGreaterThan(firedAt);
      expect(alarmed.summary.minutesTo90pct).toBeLessThan(hist.summary.minutesTo90pct! - 60);
      // Without the alarm installed, it never fires.
      expect(hist.series[hist.series.length - 1]!.alarmAtMinute).toBe(-1);
    });
  });

  it('is deterministic, and a snapshot restores the same run', () => {
    expect(run('historical', 2).summary.stateHash).toBe(run('historical', 2).summary.stateHash);
    expect(run(null, 1).summary.stateHash).not.toBe(run(null, 2).summary.stateHash);
    const a = s3Model.create(p, 3);
    for (let t = 0; t < T + 20; t++) a.step([]);
    const b = s3Model.restore(p, a.snapshot());
    for (let t = 0; t < 60; t++) {
      const cmd = t === 10 ? [{ kind: 'stopAllCommunication' as const, tick: a.tick() }] : [];
      a.step(cmd);
      b.step(cmd);
    }
    expect(b.hash()).toBe(a.hash());
    expect(b.metrics()).toEqual(a.metrics());
    expect(() => s3Model.restore({ ...p, durationMinutes: 600 }, a.snapshot())).toThrow(/another scenario/);
    expect(() => s3Model.restore(p, new Uint8Array([1, 2, 3]))).toThrow(/not an S3 model snapshot/);
  });

  it('states every lever with its lead time and cost, and checks an order against the state', () => {
    const levers = s3Model.levers(p);
    expect(levers.map((l) => l.kind).sort()).toEqual(
      [
        'checksumStateMessages',
        'clearGossipState',
        'gossipRateAlarm',
        'reactivateRequests',
        'reconnectServers',
        'reduceFailedServerGossip',
        'shedLoad',
        'stopAllCommunication',
      ].sort(),
    );
    expect(
      levers
        .filter((l) => l.source === 'counterfactual')
        .map((l) => l.kind)
        .sort(),
    ).toEqual(['checksumStateMessages', 'gossipRateAlarm', 'reduceFailedServerGossip']);
    const sim = s3Model.create(p, 1);
    expect(sim.check({ kind: 'shedLoad', percent: 0 })).toMatch(/No requests are being shed/);
    expect(sim.check({ kind: 'reconnectServers', percent: 5 })).toMatch(/No server is stopped/);
    expect(sim.check({ kind: 'reactivateRequests', region: 'eu' })).toMatch(/already on/);
    // Once stopping is ordered, a clear waits for it: its lead is the stop's remaining minutes plus its own.
    sim.step([{ kind: 'stopAllCommunication', tick: 0 }]);
    const clear = sim.preview({ kind: 'clearGossipState' });
    expect(clear.ok).toBe(true);
    expect(clear.leadMinutes).toBe(p.levers.stopMinutes - 1 + p.levers.clearMinutes);
    expect(sim.check({ kind: 'stopAllCommunication' })).toMatch(/already ordered/);
    expect(sim.check({ kind: 'reconnectServers', percent: 5 })).toMatch(/being stopped/);
    while (sim.tick() <= p.levers.stopMinutes) sim.step([]);
    expect(sim.metrics().online).toBe(0);
    const rec = sim.preview({ kind: 'reconnectServers', percent: 100 });
    expect(rec.ok).toBe(true);
    expect(rec.consequences.join(' ')).toMatch(/3,800 servers reconnect/);
    const react = sim.preview({ kind: 'reactivateRequests', region: 'us' });
    expect(react.refusal).toMatch(/No server in the US communicates/);
    expect(s3Model.create(p, 1).preview({ kind: 'shedLoad', percent: 50 }).consequences[0]).toMatch(
      /50% of requests are refused/,
    );
    expect(() => s3Model.parseCommand({ command: 'reactivateRequests', region: 'asia' })).toThrow(/region/);
    expect(() => s3Model.parseCommand({ command: 'shedLoad', percent: 100 })).toThrow(/percent/);
    expect(() => s3Model.parseCommand({ command: 'reboot' })).toThrow(/unknown command/);
  });

  it('the preview of shedding during the outage says why it cannot help, from the gossip it reads', () => {
    const sim = s3Model.create(p, 1);
    while (sim.tick() <= pdt(8, 55)) sim.step([]);
    const m = sim.metrics();
    const words = sim.preview({ kind: 'shedLoad', percent: 25 }).consequences.join(' ');
    expect(words).toContain(`gossip takes ${Math.round(m.usGossipShare * 100)}% of a US server's time`);
    expect(words).toMatch(/too little for its requests/);
  });

  it('the previews of stopping and reactivating state the numbers of the state they read', () => {
    const sim = s3Model.create(p, 1);
    while (sim.tick() <= pdt(9, 41)) sim.step([]);
    const m = sim.metrics();
    const stop = sim.preview({ kind: 'stopAllCommunication' }).consequences.join(' ');
    expect(stop).toContain(`(${m.expectedOnline.toLocaleString('en-US')} a second on a normal minute now)`);
    expect(stop).toContain(
      `The ${(m.usInfected + m.euInfected).toLocaleString('en-US')} servers that carry the bad state`,
    );
    for (const e of policy('historical').filter((x) => x.atMinute < pdt(14, 20)))
      if (e.atMinute >= sim.tick()) {
        while (sim.tick() < e.atMinute) sim.step([]);
        sim.step([{ ...e.command, tick: sim.tick() }]);
      }
    while (sim.tick() < pdt(14, 20)) sim.step([]);
    const eu = sim.preview({ kind: 'reactivateRequests', region: 'eu' });
    expect(eu.ok).toBe(true);
    const minutes = Math.ceil(p.regions.eu.servers / p.requests.reactivateServersPerMinute);
    expect(eu.consequences[0]).toBe(
      `Request processing comes back on ${p.requests.reactivateServersPerMinute} servers a minute in the EU: all ${p.regions.eu.servers.toLocaleString('en-US')} in about ${minutes} min.`,
    );
  });

  it('npm run sim -- --scenario s3-2008 prints the common result shape', () => {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (chunks.push(s), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = main(['--scenario', 's3-2008', '--policy', 'historical', '--format', 'json']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const out = JSON.parse(chunks.join('')) as {
      summary: Record<string, unknown>;
      series: Array<Record<string, unknown>>;
    };
    expect(out.summary).toEqual(run('historical').summary);
    expect(Object.keys(out.summary).sort()).toEqual([
      'minutesTo90pct',
      'stateHash',
      'triggerAtMinute',
      'userMinutesLost',
    ]);
    expect(out.series).toHaveLength(p.durationMinutes);
    expect(Object.keys(out.series[0]!)).toEqual(
      expect.arrayContaining(['minute', 'online', 'expectedOnline', 'usInfected', 'euRequestsServed']),
    );
  });

  it("the CLI table prints the run it summarises: requests not served and each region's fleet", () => {
    const capture = (argv: string[]) => {
      const chunks: string[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((x: string) => (chunks.push(x), true)) as typeof process.stdout.write;
      try {
        expect(main(argv)).toBe(0);
      } finally {
        process.stdout.write = write;
      }
      return chunks.join('');
    };
    const args = ['--scenario', 's3-2008', '--hours', '2', '--seed', '2'];
    const json = JSON.parse(capture([...args, '--format', 'json'])) as {
      summary: { userMinutesLost: number };
      series: S3Metrics[];
    };
    const table = capture(args);
    const notServed = Math.round(json.summary.userMinutesLost * 60).toLocaleString('en-US');
    expect(table).toContain(`requests not served        ${notServed}\n`);
    const row = json.series[75]!;
    const line = table.split('\n').find((l) => /^\s+75\s/.test(l))!;
    expect(line).toContain(`${row.usHealthy}/${row.usInfected}/${row.usFailed}/${row.usStopped}`);
    expect(line).toContain(`${row.euHealthy}/${row.euInfected}/${row.euFailed}/${row.euStopped}`);
    expect(line).toContain(` ${Math.round(row.usGossipShare * 100)}%`);
    expect(table).toContain('  the EU                   never after the trigger\n');
    const hist = run('historical');
    const full = capture(['--scenario', 's3-2008', '--policy', 'historical']);
    for (const region of ['us', 'eu'] as const) {
      const h = (s3RegionMinutesTo90pct(hist.series, T, region)! / 60).toFixed(1);
      expect(full).toContain(`  the ${region.toUpperCase()}                   ${h} h after the trigger\n`);
    }
  });

  it('npm run scenario -- validate accepts the shipped file', () => {
    const lines: string[] = [];
    expect(scenarioMain(['validate', 'assets/scenarios/s3-2008.json'], (s) => lines.push(s.trim()))).toBe(0);
    expect(lines).toEqual(['assets/scenarios/s3-2008.json: ok']);
  });
});
