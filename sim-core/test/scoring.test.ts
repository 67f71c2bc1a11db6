import { beforeAll, describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { parsePolicy } from '../src/levers/index';
import { runDrill } from '../src/drill/index';
import { computePar, inlineRunner, type ParResult } from '../src/scoring/par';
import {
  costBreakdown,
  gradeOf,
  lossOf,
  rawHeadline,
  scoreTrace,
  USER_MINUTES_PER_USD,
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
    expect(s.headline).toBeGreaterThan(30);
    expect(s.headline).toBeLessThan(90);
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

  it('scores a shorter run against baselines cut to the same minutes', () => {
    const t = tracePolicy(scenario, SEED, trainee, { minutes: 900 });
    const s = scoreTrace(scenario, SEED, t, b);
    expect(s.minutes).toBe(900);
    expect(s.doNothing.userMinutesLost).toBe(b.doNothing.rows[899]!.userMinutesLost);
  });

  it('has a monotone headline and grade bands', () => {
    expect(rawHeadline(10, 10, 0)).toBe(0);
    expect(rawHeadline(0, 10, 0)).toBe(100);
    expect(rawHeadline(5, 10, 0)).toBe(50);
    expect(rawHeadline(5, 10, 10)).toBe(0);
    expect(gradeOf(100).grade).toBe('A');
    expect(gradeOf(59).grade).toBe('C');
    expect(gradeOf(0).grade).toBe('F');
  });
});

describe('par on this seed', () => {
  it('acts no earlier than the first sign of trouble and beats the 2010 response', () => {
    const first = b.doNothing.phases.find((p) => p.phase !== 'normal')!.atMinute;
    expect(par.earliestMinute).toBe(first);
    for (const e of par.policy) expect(e['atMinute'] as number).toBeGreaterThanOrEqual(first);
    const h = lossOf(b.historical!.rows, b.historical!.rows.length);
    const p = lossOf(b.par.rows, b.par.rows.length);
    expect(p).toBeLessThan(h);
    // The traced par replays its own policy.
    const again: RunTrace = traceLog(scenario, SEED, policyLog(parsePolicy(par.policy), 'incidentCommander'));
    expect(again.stateHash).toBe(b.par.stateHash);
  });
});
