import { beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { parsePolicy } from '../src/levers/index';
import { runDrill } from '../src/drill/index';
import { computePar, inlineRunner, policyLoss, proxyScaleFor, type ParResult } from '../src/scoring/par';
import { runScenario } from '../src/scoring/run';
import {
  ABOUT_THE_SAME,
  costBreakdown,
  fmtCount,
  fullRecoveryMinutes,
  gradeOf,
  lossOf,
  offlineMechanisms,
  pointsPerDoubling,
  rawHeadline,
  scoreTrace,
  ScoreError,
  USER_MINUTES_PER_USD,
  versusHistorical,
  type Baselines,
} from '../src/scoring/score';
import { policyLog, traceLog, tracePolicy, type RunTrace } from '../src/scoring/trace';
import { modelVersion } from '../src/scoring/version';

// 1/100 of skype-2010 (245k peak users): the proxy size, where the 2010 response behaves as at full scale.
const scenario = scaleScenario(builtinScenario('skype-2010'), 0.01);
const SEED = 3;

let par: ParResult;
let b: Baselines;

beforeAll(async () => {
  par = await computePar(scenario, SEED, inlineRunner(scenario, SEED), {
    budget: 30,
    modelVersion: modelVersion(scenario),
  });
  b = par.traces;
});

const trainee = parsePolicy([
  { atMinute: 330, command: 'disableFeature', feature: 'groupVideo', disabled: true },
  { atMinute: 345, command: 'spinUpSupernodes', count: 3 },
  { atMinute: 350, command: 'disableFeature', feature: 'offlineIm', disabled: true },
  { atMinute: 400, command: 'forceUpdate' },
  { atMinute: 400, command: 'scaleOfflineMessaging', factor: 2 },
  { atMinute: 410, command: 'spinUpSupernodes', count: 50 },
  { atMinute: 1300, command: 'throttleLogins', perMinute: 1000 },
  { atMinute: 1500, command: 'throttleLogins', perMinute: null },
]);

describe('traced runs', () => {
  it('trace the same run as the CLI drill (same state hash, same series)', () => {
    const policy = parsePolicy(scenario.policies['historical']);
    const t = tracePolicy(scenario, SEED, policy, { minutes: 600 });
    const d = runDrill(scenario, { seed: SEED, hours: 10, policy });
    expect(t.stateHash).toBe(d.stateHash);
    expect(t.rows.length).toBe(600);
    expect(t.rows.map((r) => r.online)).toEqual(d.series.map((r) => r.online));
    expect(t.decisions.every((x) => x.ok)).toBe(true);
  });

  it('record who issued each command, and refusals with their check', () => {
    const t = traceLog(
      scenario,
      SEED,
      [
        {
          tick: 310,
          kind: 'command',
          role: 'clientEngineering',
          command: 'spinUpSupernodes',
          args: { count: 1 },
        },
        { tick: 310, kind: 'command', role: 'networkOps', command: 'spinUpSupernodes', args: { count: 1 } },
        { tick: 320, kind: 'bookmark', role: 'facilitator', note: 'look' },
      ],
      { minutes: 330 },
    );
    expect(t.decisions.map((d) => [d.role, d.ok, d.check])).toEqual([
      ['clientEngineering', false, 'roleAllowed'],
      ['networkOps', true, null],
    ]);
    expect(t.bookmarks).toEqual([{ atMinute: 320, note: 'look' }]);
  });
});

describe('score', () => {
  it('is 0 for doing nothing and 100 for par, by construction', () => {
    expect(scoreTrace(scenario, SEED, b.doNothing, b).headline).toBe(0);
    const p = scoreTrace(scenario, SEED, b.par, b);
    expect(p.headline).toBe(100);
    expect(p.grade).toBe('A');
    expect(p.notes).toEqual([]);
  });

  it('puts the 2010 response between them, far from both', () => {
    const s = scoreTrace(scenario, SEED, b.historical!, b);
    // Far from both ends: at least one doubling from doing nothing and from par.
    expect(s.headline).toBeGreaterThan(s.pointsPerDoubling);
    expect(s.headline).toBeLessThan(100 - s.pointsPerDoubling);
    expect(s.historical!.headline).toBe(s.headline);
  });

  it('caps a run above par at 100 with a note, and floors one worse than nothing at 0 with a note', () => {
    // Baselines whose "par" is the 2010 response: par's own policy then beats it.
    const weak: Baselines = { ...b, par: b.historical! };
    const above = scoreTrace(scenario, SEED, b.par, weak);
    expect(above.headline).toBe(100);
    expect(above.run.rawScore).toBeGreaterThan(100);
    expect(above.notes.join(' ')).toMatch(/Above par/);
    // Doing nothing while spending money: the do-nothing trace with a large bill added.
    const worse: RunTrace = {
      ...b.doNothing,
      rows: b.doNothing.rows.map((r) => ({ ...r, costUsd: r.costUsd + 1e7 })),
    };
    const below = scoreTrace(scenario, SEED, worse, b);
    expect(below.run.rawScore).toBeLessThan(0);
    expect(below.headline).toBe(0);
    expect(below.notes.join(' ')).toMatch(/Worse than doing nothing/);
    // The grade's words agree with the number: F at 0.0 is not "a little better than doing nothing".
    expect(below.grade).toBe('F');
    expect(below.gradeMeaning).toMatch(/^worse than doing nothing(;|$)/);
    const nothing = scoreTrace(scenario, SEED, b.doNothing, b);
    expect(nothing.gradeMeaning).toMatch(/^no better than doing nothing(;|$)/);
  });

  it("splits cost into the model's three items, the offline-IM one being the extra capacity's price", () => {
    const t = tracePolicy(scenario, SEED, trainee);
    const c = costBreakdown(scenario, t.rows, t.rows.length);
    expect(c.serverHours).toBeGreaterThan(0);
    expect(c.updateTB).toBeGreaterThan(0);
    // The offline-IM item is computed as the total minus the other two, so a sum check could not fail: check
    // it against its own price instead, (factor - 1) capacity-hours for every hour the scaling was in effect.
    const scaled = t.decisions.find((d) => d.command === 'scaleOfflineMessaging' && d.ok)!;
    const omHours = (t.rows.length - scaled.takesEffectAtMinute!) / 60;
    const omUsd =
      (Number(scaled.args['factor']) - 1) * scenario.model.offlineIm.costPerCapacityHour * omHours;
    expect(omUsd).toBeGreaterThan(0);
    // Within five cents, not exactly: the model pays for an update when its download ends, the breakdown counts it
    // when it installs (installMinutes later), so downloads still installing at the end land in this item.
    expect(c.offlineImUsd).toBeCloseTo(omUsd, 1);
    expect(lossOf(t.rows, t.rows.length)).toBeCloseTo(
      t.rows.at(-1)!.userMinutesLost + c.totalUsd * USER_MINUTES_PER_USD,
      3,
    );
  });

  it('explains every loss with clock times and named facts, and reviews each decision', () => {
    const t = tracePolicy(scenario, SEED, trainee);
    const s = scoreTrace(scenario, SEED, t, b);
    const losses = s.explanations.filter((e) => e.kind === 'loss');
    expect(losses.length).toBeGreaterThan(0);
    for (const e of losses) {
      expect(e.text).toMatch(/user-hours lost \d\d:\d\d/);
      expect(e.text).toMatch(/supernodes/);
      expect(e.text).toMatch(/Par lost/);
      expect(e.fromMinute).not.toBeNull();
    }
    expect(s.explanations.some((e) => e.kind === 'firstAction' && /after the first sign/.test(e.text))).toBe(
      true,
    );
    expect(s.explanations.some((e) => e.kind === 'lever' && /after par's/.test(e.text))).toBe(true);
    expect(s.explanations.some((e) => e.kind === 'cost' && /dedicated-server hours/.test(e.text))).toBe(true);
    expect(s.explanations.some((e) => e.kind === 'refused')).toBe(true);
    expect(s.explanations.some((e) => e.kind === 'feature')).toBe(true);
    expect(s.review).toHaveLength(trainee.length);
    for (const r of s.review) {
      expect(r.saw).not.toBeNull();
      expect(r.text).toMatch(/You saw \d+% of normal online/);
    }
    // What the trainee saw is the last completed minute before the decision.
    const r0 = s.review[0]!;
    expect(r0.saw!.online).toBe(t.rows[r0.minute - 1]!.online);
    expect(s.timeToFirstEffectiveAction.firstEffectMinute).toBe(340);
    expect(s.timeToFirstEffectiveAction.minutes).toBe(340 - s.timeToFirstEffectiveAction.firstSignMinute!);
  });

  it('scores a drill that ended early over the whole window, its standing orders playing on, and says so', () => {
    const log = [...policyLog(trainee, 'incidentCommander').filter((e) => e.tick < 900)];
    const short = traceLog(scenario, SEED, [...log, { tick: 900, kind: 'end', role: 'facilitator' }], {
      toHorizon: true,
    });
    expect(short.liveMinutes).toBe(900);
    expect(short.rows.length).toBe(scenario.model.durationMinutes);
    // The drill as played up to its end is the drill a live host ran to minute 900.
    const live = traceLog(scenario, SEED, log, { minutes: 900 });
    expect(short.liveStateHash).toBe(live.stateHash);
    expect(short.rows.slice(0, 900)).toEqual(live.rows);
    const s = scoreTrace(scenario, SEED, short, b);
    expect(s.minutes).toBe(scenario.model.durationMinutes);
    expect(s.drillMinutes).toBe(900);
    expect(s.doNothing.loss).toBe(lossOf(b.doNothing.rows, scenario.model.durationMinutes));
    expect(s.notes).toEqual([
      'Scored over the whole 48 h window: the drill ended at 03:00 (+1d) GMT and your standing orders played on to 12:00 (+2d) GMT with no new commands.',
    ]);
    const h = s.explanations.find((e) => e.kind === 'horizon')!;
    expect(h.text).toMatch(/The drill ended at 03:00 \(\+1d\) GMT, 33 h before the scoring window closes/);
    const after = short.rows.at(-1)!.userMinutesLost - short.rows[899]!.userMinutesLost;
    expect(h.userMinutes).toBe(after);
    expect(h.text).toContain(`losing ${fmtCount(after / 60)} user-hours`);
    // A run traced to its full length has no such line.
    expect(
      scoreTrace(scenario, SEED, tracePolicy(scenario, SEED, trainee), b).explanations.map((e) => e.kind),
    ).not.toContain('horizon');
    // A trace that stops short of the window cannot be scored.
    expect(() => scoreTrace(scenario, SEED, live, b)).toThrow(ScoreError);
  });

  it('is a log-ratio scale: 0 at doing nothing, 100 at par, the same points for every doubling', () => {
    expect(rawHeadline(1000, 1000, 10)).toBe(0);
    expect(rawHeadline(10, 1000, 10)).toBeCloseTo(100, 9);
    expect(rawHeadline(100, 1000, 10)).toBeCloseTo(50, 9);
    const ppd = pointsPerDoubling(1000, 10);
    expect(ppd).toBeCloseTo((100 * Math.LN2) / Math.log(100), 9);
    for (const l of [15, 40, 300, 900])
      expect(rawHeadline(l, 1000, 10) - rawHeadline(2 * l, 1000, 10)).toBeCloseTo(ppd, 9);
    expect(rawHeadline(5, 10, 10)).toBe(0);
    expect(rawHeadline(0, 1000, 0)).toBe(100);
    expect(gradeOf(100).grade).toBe('A');
    expect(gradeOf(59).grade).toBe('C');
    expect(gradeOf(0).grade).toBe('F');
  });

  it('puts runs whose losses differ 2× at least a grade step apart on this seed', () => {
    const ppd = pointsPerDoubling(
      lossOf(b.doNothing.rows, b.doNothing.rows.length),
      lossOf(b.par.rows, b.par.rows.length),
    );
    // Grade bands are 15–25 points wide; a doubling must be a visible share of one.
    expect(ppd).toBeGreaterThan(7);
  });

  it('says "about as well as the 2010 response" only when the losses are about the same', () => {
    expect(versusHistorical(100, 100)).toBe('aboutTheSame');
    expect(versusHistorical(124, 100)).toBe('aboutTheSame');
    expect(versusHistorical(81, 100)).toBe('aboutTheSame');
    expect(versusHistorical(126, 100)).toBe('worse');
    expect(versusHistorical(79, 100)).toBe('better');
    for (const t of [b.par, b.doNothing, b.historical!, tracePolicy(scenario, SEED, trainee)]) {
      const s = scoreTrace(scenario, SEED, t, b);
      const ratio = s.run.loss / s.historical!.loss;
      const words = s.gradeMeaning.match(/(better than|about as well as|worse than) the 2010 response/)![1];
      expect(words).toBe(
        ratio < 1 / ABOUT_THE_SAME
          ? 'better than'
          : ratio > ABOUT_THE_SAME
            ? 'worse than'
            : 'about as well as',
      );
      const g = s.explanations.find((e) => e.kind === 'grade')!;
      expect(g.text).toContain(`you did ${words} the 2010 response`);
      expect(g.text).toContain(`${s.pointsPerDoubling.toFixed(1)} points`);
    }
    expect(scoreTrace(scenario, SEED, b.historical!, b).versusHistorical).toBe('aboutTheSame');
  });

  it('names what kept users off the network, in shares of the lost user-minutes', () => {
    const base = b.doNothing.rows[0]!;
    const row = (online: number, searching: number, updating: number, crashed: number) => ({
      ...base,
      expectedOnline: 100,
      online,
      searching,
      updating,
      crashed,
    });
    // Minute 0: 40 lost, 30 searching and 10 updating; minute 1: 20 lost, all updating.
    const rows = [row(60, 30, 10, 0), row(80, 0, 20, 0)];
    expect(offlineMechanisms(rows, 0, 1)).toBe(
      'Who was off the network: 50% clients searching for a supernode to log in through (up to 30 at once), 50% clients waiting for or installing the forced update, off the network meanwhile (up to 20 at once).',
    );
    expect(offlineMechanisms([row(100, 0, 0, 0)], 0, 0)).toBeNull();
    const s = scoreTrace(scenario, SEED, b.doNothing, b);
    for (const e of s.explanations.filter((x) => x.kind === 'loss'))
      expect(e.text).toContain(offlineMechanisms(b.doNothing.rows, e.fromMinute!, e.toMinute!)!);
  });

  it('counts a switched-off feature as not recovered', () => {
    const off = tracePolicy(
      scenario,
      SEED,
      parsePolicy([{ atMinute: 0, command: 'disableFeature', feature: 'offlineIm', disabled: true }]),
    );
    expect(fullRecoveryMinutes(off, off.rows.length)).toBeNull();
    const s = scoreTrace(scenario, SEED, off, b);
    expect(s.explanations.find((e) => e.kind === 'recovery')!.text).toMatch(
      /your run not back within the run/,
    );
  });
});

describe('one loop, one loss', () => {
  it("par's search minimises the score's own loss: the same number for the same run", () => {
    for (const p of [trainee, parsePolicy(par.policy), parsePolicy(scenario.policies['historical'])]) {
      const scored = scoreTrace(scenario, SEED, tracePolicy(scenario, SEED, p), b);
      expect(policyLoss(scenario, SEED, p)).toBe(scored.run.loss);
    }
    // On this scenario the search runs on the scenario itself (no smaller proxy): the best it found scores
    // exactly the loss the search saw.
    expect(proxyScaleFor(scenario)).toBe(1);
    expect(par.finalistLosses[0]).toBe(par.search.bestProxyLoss);
  });

  it('a policy is said by the log player alike to the drill host and to the model alone', () => {
    const d = runDrill(scenario, { seed: SEED, hours: 12, policy: trainee });
    const t = tracePolicy(scenario, SEED, trainee, { minutes: 720 });
    const r = runScenario(scenario, { seed: SEED, hours: 12, policy: trainee });
    expect(t.stateHash).toBe(d.stateHash);
    expect(r.summary.stateHash).toBe(d.stateHash);
  });
});

describe('par on this seed', () => {
  it('may act from the drill’s start, as a trainee may, and beats the 2010 response', () => {
    expect(par.earliestMinute).toBe(0);
    const h = lossOf(b.historical!.rows, b.historical!.rows.length);
    const p = lossOf(b.par.rows, b.par.rows.length);
    expect(p).toBeLessThan(h);
    // The traced par replays its own policy.
    const again: RunTrace = traceLog(scenario, SEED, policyLog(parsePolicy(par.policy), 'incidentCommander'));
    expect(again.stateHash).toBe(b.par.stateHash);
  });
});
