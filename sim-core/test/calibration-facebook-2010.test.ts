/**
 * Facebook, 23 September 2010, against the published record (../shared/research/outage-facts.md section 2;
 * docs/model-facebook-2010.md has the table). The record: the value changed at about 11:30 PDT, the cluster saw
 * "hundreds of thousands of queries a second", fixing the value did not break the loop, the site came back
 * after traffic was cut, the cluster drained and users were readmitted slowly: about 2.5 h in all (reports
 * run to "close to 3 hours").
 */
import { describe, expect, it } from 'vitest';
import { facebookModel, type FacebookCommand } from '../src/model/facebook';
import { runCascade } from '../src/model/index';
import { builtinCascadeScenario, type FacebookScenario } from '../src/scenario/index';
import { main } from '../cli/sim';

const loaded = builtinCascadeScenario('facebook-2010');
if (loaded.kind !== 'facebook') throw new Error('facebook-2010 must load as a Facebook-model scenario');
const scenario: FacebookScenario = loaded.scenario;
const p = scenario.model;
const policy = (name: string) =>
  (scenario.policies[name] ?? []).map((e) => ({
    atMinute: e.atMinute,
    command: facebookModel.parseCommand(e),
  }));
const run = (name: string | null, extra: Array<{ atMinute: number; command: FacebookCommand }> = []) =>
  runCascade(facebookModel, p, 1, p.durationMinutes, [...(name ? policy(name) : []), ...extra]);

describe('Facebook 2010 calibration', () => {
  it('starts at 11:30 PDT (18:30 GMT) with the record', () => {
    expect((p.startMinuteOfDay + p.triggerMinute) % 1440).toBe(18 * 60 + 30);
    expect(scenario.startIso).toBe('2010-09-23T17:30:00Z');
  });

  const none = run(null);
  it('doing nothing: the site is down from the trigger and never comes back in 24 h', () => {
    expect(none.summary.triggerAtMinute).toBe(60);
    expect(none.summary.minutesTo90pct).toBeNull();
    const after = none.series.filter((r) => r.minute >= p.triggerMinute + 10);
    expect(Math.max(...after.map((r) => r.online / r.expectedOnline))).toBeLessThan(0.05);
  });

  it('the repair loop sends the cluster hundreds of thousands of queries a second, above its capacity', () => {
    const peak = Math.max(...none.series.map((r) => r.queryQps));
    expect(peak).toBeGreaterThanOrEqual(100_000);
    expect(peak).toBeLessThan(1_000_000);
    expect(peak).toBeGreaterThan(p.database.capacityQps);
  });

  it('fixing the stored value alone does not break the loop', () => {
    const fixOnly = run('fixValueOnly');
    expect(fixOnly.refused).toEqual([]);
    expect(fixOnly.summary.minutesTo90pct).toBeNull();
    const last = fixOnly.series[fixOnly.series.length - 1]!;
    expect(last.storeValid).toBe(true);
    expect(last.queryQps).toBeGreaterThan(p.database.capacityQps);
  });

  it('the historical response (fix, cut all traffic, drain, readmit slowly) is back to 90% in 2.25 to 3 h', () => {
    const hist = run('historical');
    expect(hist.refused).toEqual([]);
    expect(hist.summary.minutesTo90pct).toBeGreaterThanOrEqual(135);
    expect(hist.summary.minutesTo90pct).toBeLessThanOrEqual(180);
    // While traffic is cut the site serves no one and the cluster gets no queries.
    const cut = hist.series.find((r) => r.admittedShare === 0)!;
    expect(cut.online).toBe(0);
    expect(cut.queryQps).toBe(0);
  });

  it('cutting traffic and readmitting without fixing the value brings the loop back', () => {
    const noFix = run(null, [
      { atMinute: 135, command: { kind: 'cutAllTraffic' } },
      { atMinute: 170, command: { kind: 'readmitUsers', percentPerMinute: 2 } },
    ]);
    expect(noFix.refused).toEqual([]);
    expect(noFix.summary.minutesTo90pct).toBeNull();
    const later = noFix.series.filter((r) => r.minute > 240);
    expect(Math.max(...later.map((r) => r.queryQps))).toBeGreaterThan(p.database.capacityQps);
  });

  it('counterfactuals: keeping the stale value on error lets the fix alone end it soon after', () => {
    const prepared = run('prepared');
    const fixAt =
      policy('prepared').find((x) => x.command.kind === 'fixStoredValue')!.atMinute +
      p.levers.fixValueMinutes;
    expect(prepared.summary.minutesTo90pct).not.toBeNull();
    expect(p.triggerMinute + prepared.summary.minutesTo90pct!).toBeLessThanOrEqual(fixAt + 15);
  });

  it('counterfactuals: jittered expiry or a rate-limited repair path keep the cluster within capacity', () => {
    for (const c of [
      { kind: 'jitterExpiry', windowSeconds: 60 },
      { kind: 'rateLimitRepair', queriesPerSecond: 20_000 },
    ] as const) {
      const r = run('fixValueOnly', [{ atMinute: 0, command: c }]);
      expect(Math.max(...r.series.map((x) => x.queryQps))).toBeLessThanOrEqual(p.database.capacityQps);
      expect(r.summary.minutesTo90pct).not.toBeNull();
    }
  });

  it('is deterministic, and a snapshot restores the same run', () => {
    expect(run('historical').summary.stateHash).toBe(run('historical').summary.stateHash);
    const a = facebookModel.create(p, 1);
    for (let t = 0; t < 90; t++) a.step([]);
    const b = facebookModel.restore(p, a.snapshot());
    for (let t = 0; t < 60; t++) {
      a.step([]);
      b.step([]);
    }
    expect(b.hash()).toBe(a.hash());
    expect(() => facebookModel.restore({ ...p, durationMinutes: 600 }, a.snapshot())).toThrow(
      /another scenario/,
    );
  });

  it('states every lever with its lead time and cost, and checks an order against the state', () => {
    const levers = facebookModel.levers(p);
    expect(levers.map((l) => l.kind).sort()).toEqual(
      [
        'cutAllTraffic',
        'disableVerifier',
        'fixStoredValue',
        'jitterExpiry',
        'keepStaleOnError',
        'rateLimitRepair',
        'readmitUsers',
      ].sort(),
    );
    expect(
      levers
        .filter((l) => l.source === 'counterfactual')
        .map((l) => l.kind)
        .sort(),
    ).toEqual(['jitterExpiry', 'keepStaleOnError', 'rateLimitRepair']);
    const sim = facebookModel.create(p, 1);
    expect(sim.check({ kind: 'readmitUsers', percentPerMinute: 2 })).toMatch(/already on the site/);
    sim.step([{ kind: 'cutAllTraffic', tick: 0 }]);
    expect(sim.check({ kind: 'cutAllTraffic' })).toMatch(/already ordered/);
    expect(sim.preview({ kind: 'fixStoredValue' }).leadMinutes).toBe(p.levers.fixValueMinutes);
    // After the trigger: a fix is taken once; a second order while it is on its way is refused.
    while (sim.tick() <= p.triggerMinute) sim.step([]);
    expect(sim.check({ kind: 'fixStoredValue' })).toBeNull();
    sim.step([{ kind: 'fixStoredValue', tick: sim.tick() }]);
    expect(sim.check({ kind: 'fixStoredValue' })).toMatch(/already ordered/);
    for (let i = 0; i < p.levers.fixValueMinutes; i++) sim.step([]);
    expect(sim.metrics().storeValid).toBe(true);
    expect(sim.check({ kind: 'fixStoredValue' })).toMatch(/already valid/);
    expect(() => facebookModel.parseCommand({ command: 'readmitUsers', percentPerMinute: 500 })).toThrow(
      /percentPerMinute/,
    );
  });

  it('npm run sim -- --scenario facebook-2010 prints the common result shape', () => {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (chunks.push(s), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = main(['--scenario', 'facebook-2010', '--policy', 'historical', '--format', 'json']);
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
      expect.arrayContaining(['minute', 'online', 'expectedOnline']),
    );
  });

  it('npm run sim -- --scenario facebook-2010 --score adds doing nothing, the record and par', () => {
    const chunks: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (chunks.push(s), true)) as typeof process.stdout.write;
    let code: number;
    try {
      code = main([
        '--scenario',
        'facebook-2010',
        '--policy',
        'fixValueOnly',
        '--score',
        '--format',
        'json',
        '--hours',
        '6',
      ]);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const out = JSON.parse(chunks.join('')) as {
      summary: { userMinutesLost: number };
      injects: Array<{ id: string; atMinute: number; text: string }>;
      phases: Array<{ phase: string; atMinute: number }>;
      score: {
        minutes: number;
        you: { userMinutesLost: number };
        record: { userMinutesLost: number; minutesTo90pct: number };
        par: { summary: { userMinutesLost: number }; orders: unknown[] };
        words: string[];
      };
    };
    expect(out.score.minutes).toBe(360);
    expect(out.score.you.userMinutesLost).toBe(out.summary.userMinutesLost);
    expect(out.score.record.minutesTo90pct).toBe(155);
    expect(out.score.par.summary.userMinutesLost).toBeLessThan(out.score.record.userMinutesLost);
    expect(out.score.words).toHaveLength(3);
    // The drill around the run: the injects that fired, with their text, and the phases.
    expect(out.injects.map((i) => [i.id, i.atMinute])).toEqual([
      ['db-query-alert', 60],
      ['site-errors', 61],
      ['support-reports', 69],
      ['social-down', 79],
      ['exec-status', 89],
      ['value-fixed', 110],
      ['loop-continues', 120],
      ['cut-decision', 135],
    ]);
    expect(out.injects[6]!.text).toMatch(
      /^19:30 GMT The value has been fixed for 10 minutes, but the cluster still gets 153k queries a second/,
    );
    expect(out.phases.map((p) => p.phase)).toEqual(['normal', 'cascading', 'collapsed']);
  });

  it('the CLI refuses what it cannot run, with exit 2 and one line', () => {
    const errs: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((x: string) => (errs.push(x), true)) as typeof process.stderr.write;
    try {
      expect(main(['--scenario', 'facebook-2010', '--policy', 'nosuchpolicy'])).toBe(2);
      expect(main(['--scenario', 'facebook-2010', '--hours', '30'])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(errs[0]).toMatch(/neither a known policy \(none, historical, fixValueOnly, prepared\)/);
    expect(errs[1]).toMatch(/longer than the scenario \(24 h\)/);
  });
});
