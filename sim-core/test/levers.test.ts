import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSim, step, type SimInput } from '../src/model/index';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import {
  LEVERS,
  checkLever,
  leverContext,
  parseLever,
  parsePolicy,
  previewLever,
  rolloutPlan,
} from '../src/levers/index';
import { runScenario } from '../src/scoring/run';

const small = scaleScenario(builtinScenario('skype-2010'), 0.0025);

describe('parseLever', () => {
  it('fills defaults and keeps ranges from the model-command schema', () => {
    expect(parseLever({ command: 'forceUpdate' })).toEqual({
      ok: true,
      command: {
        kind: 'forceUpdate',
        rolloutPercentPerHour: 25,
        bandwidthGbps: 100,
      },
    });
    expect(parseLever({ command: 'spinUpSupernodes', count: 0 })).toEqual({
      ok: false,
      check: 'argsValid',
      reason: 'The number of servers must be a whole number from 1 to 100,000 servers (asked: 0).',
    });
    // The fixed build is the scenario's: any other version is refused against the world.
    const v = parseLever({ command: 'forceUpdate', targetVersion: '6.0' });
    if (!v.ok) throw new Error('shape is valid');
    expect(checkLever(createSim(small, 1), v.command)).toEqual({
      ok: false,
      check: 'argsValid',
      reason: 'No client version "6.0" exists; 5.0.0156 is the fix.',
    });
    expect(parseLever({ command: 'throttleLogins', perMinute: null })).toMatchObject({ ok: true });
  });

  it('refuses unknown commands, non-objects and model-only effects with a reason', () => {
    expect(parseLever({ command: 'launchMissiles' })).toMatchObject({ ok: false, reason: /no lever called/ });
    expect(parseLever({ command: 'offlineImCapacity', factor: 0.5 })).toMatchObject({
      ok: false,
      reason: /unknown/,
    });
    expect(parseLever(null)).toMatchObject({ ok: false });
    expect(parseLever([1])).toMatchObject({ ok: false });
  });

  it('never throws on arbitrary input (fuzz)', () => {
    fc.assert(
      fc.property(fc.anything(), fc.constantFrom(...LEVERS, 'x'), (junk, name) => {
        const r1 = parseLever(junk);
        const r2 = parseLever(
          typeof junk === 'object' && junk !== null ? { ...junk, command: name } : { command: name, junk },
        );
        for (const r of [r1, r2]) if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkLever sees what is already accepted', () => {
  it('two spin-ups in one minute cannot together exceed the free servers', () => {
    const policy = parsePolicy([
      { atMinute: 0, command: 'disableFeature', feature: 'groupVideo' },
      { atMinute: 20, command: 'spinUpSupernodes', count: 2 },
      { atMinute: 20, command: 'spinUpSupernodes', count: 2 },
    ]);
    // Scaled pool: 1 spare + 1 group-video server.
    const r = runScenario(small, { seed: 1, hours: 1, policy });
    expect(r.refused).toHaveLength(1);
    expect(r.refused[0]!.reason).toMatch(/Every spare server is already running a dedicated supernode/);
  });

  it('a re-enable waiting for its lead time is seen by the next request', () => {
    const sim = createSim(small, 1);
    const disable: SimInput = { kind: 'disableFeature', feature: 'offlineIm', disabled: true, tick: 0 };
    step(sim, [disable]);
    // Disabled but not yet in effect (10-minute lead): a second disable is refused, an enable is allowed.
    expect(checkLever(sim, { kind: 'disableFeature', feature: 'offlineIm', disabled: true })).toMatchObject({
      ok: false,
      reason: /already off/,
    });
    expect(checkLever(sim, { kind: 'disableFeature', feature: 'offlineIm', disabled: false }).ok).toBe(true);
  });

  it('at full scale too: switching offline IM back on while its switch-off waits is not refused for servers nobody uses', () => {
    // Full scale: the spare pool (100) is smaller than offline IM's own servers (200), which once made this
    // refuse with "release 100" although no dedicated supernode ran.
    const sim = createSim(builtinScenario('skype-2010'), 1);
    step(sim, [{ kind: 'disableFeature', feature: 'offlineIm', disabled: true, tick: 0 }]);
    expect(checkLever(sim, { kind: 'disableFeature', feature: 'offlineIm', disabled: false }).ok).toBe(true);
    // With its servers in use it is refused, and the reason counts what must go.
    for (let t = 1; t <= 11; t++) step(sim, []);
    step(sim, [{ kind: 'spinUpSupernodes', count: 250, tick: 12 }]);
    expect(checkLever(sim, { kind: 'disableFeature', feature: 'offlineIm', disabled: false })).toMatchObject({
      ok: false,
      reason: /release 150 of them/,
    });
  });

  it('the same forced update twice is refused; a change of pace is accepted', () => {
    const sim = createSim(small, 1);
    const c = parseLever({ command: 'forceUpdate', rolloutPercentPerHour: 20 });
    if (!c.ok || c.command.kind !== 'forceUpdate') throw new Error('forceUpdate should parse');
    step(sim, [{ ...c.command, tick: 0 }]);
    // Waiting for its lead time, it is "already ordered", not "rolling out".
    expect(checkLever(sim, c.command)).toMatchObject({
      ok: false,
      reason:
        /^The same update \(20% an hour over 100 Gbit\/s\) is already ordered and waiting for its lead time\. To re-plan it, change the rollout or the bandwidth\.$/,
    });
    for (let t = 1; t < 40; t++) step(sim, []); // past the 30-minute lead: now in effect
    expect(checkLever(sim, c.command)).toMatchObject({
      ok: false,
      reason: /^The update is already rolling out at 20% an hour over 100 Gbit\/s\. To re-plan it/,
    });
    expect(checkLever(sim, { ...c.command, rolloutPercentPerHour: 40 }).ok).toBe(true);
  });

  it('parsePolicy names the entry and the problem', () => {
    expect(() => parsePolicy({})).toThrow(/JSON array/);
    expect(() => parsePolicy([{ atMinute: -1, command: 'forceUpdate' }])).toThrow(/entry 0/);
    expect(() => parsePolicy([{ atMinute: 3, command: 'nope' }])).toThrow(
      /entry 0 \(minute 3\): There is no lever called "nope"/,
    );
  });
});

describe('previews run the host checks (one rule, two callers)', () => {
  const full = builtinScenario('skype-2010');

  it('a preview refuses exactly what the host refuses, with the same words (fuzz)', () => {
    const sim = createSim(small, 3);
    step(sim, [{ kind: 'disableFeature', feature: 'groupVideo', disabled: true, tick: 0 }]);
    for (let t = 1; t < 15; t++) step(sim, []);
    const ctx = leverContext(sim);
    fc.assert(
      fc.property(
        fc.constantFrom(...LEVERS),
        fc.record({
          count: fc.integer({ min: -2, max: 9 }),
          capacity: fc.integer({ min: 50, max: 20000 }),
          rolloutPercentPerHour: fc.double({ min: -1, max: 120, noNaN: true }),
          bandwidthGbps: fc.double({ min: 0, max: 900, noNaN: true }),
          factor: fc.double({ min: 0.5, max: 12, noNaN: true }),
          feature: fc.constantFrom('offlineIm', 'groupVideo', 'x'),
          disabled: fc.boolean(),
          order: fc.constantFrom('disableFeature', 'forceUpdate'),
          issuedAtMinute: fc.integer({ min: 0, max: 20 }),
        }),
        (lever, args) => {
          const preview = previewLever(small.model, ctx, lever, args);
          const parsed = parseLever({ ...args, command: lever });
          const host = parsed.ok ? checkLever(sim, parsed.command) : parsed;
          expect(preview.ok).toBe(host.ok);
          expect(preview.refusal).toBe(host.ok ? null : host.reason);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses nonsense in plain words: rollout 0, bandwidth 0 or above the servers, capacity above a server', () => {
    const ctx = leverContext(createSim(small, 1));
    const p = full.model;
    expect(previewLever(p, ctx, 'forceUpdate', { rolloutPercentPerHour: 0 }).refusal).toBe(
      'The rollout must be a whole number from 1 to 100% of 5.0.0152 users an hour (asked: 0).',
    );
    expect(previewLever(p, ctx, 'forceUpdate', { bandwidthGbps: 0 }).refusal).toBe(
      'The update-server bandwidth must be from 1 to 10000 Gbit/s (asked: 0).',
    );
    expect(previewLever(p, ctx, 'forceUpdate', { bandwidthGbps: 1000 }).refusal).toBe(
      'The update servers can serve at most 400 Gbit/s.',
    );
    expect(previewLever(p, ctx, 'spinUpSupernodes', { count: 10, capacity: 100000 }).refusal).toBe(
      `A dedicated supernode carries at most ${p.dedicated.maxCapacity.toLocaleString('en-US')} clients.`,
    );
    for (const lever of LEVERS) {
      const r = previewLever(p, ctx, lever, { count: -1, factor: 0, perMinute: 3 });
      if (r.refusal) expect(r.refusal).not.toMatch(/[a-z][A-Z]|: Too|expected/);
    }
  });

  it('shows the forced update trade-off: a rollout that outruns the servers warns, one they carry does not', () => {
    const sim = createSim(full, 1);
    step(sim, []);
    const ctx = leverContext(sim);
    const fast = previewLever(full.model, ctx, 'forceUpdate', {
      rolloutPercentPerHour: 25,
      bandwidthGbps: 100,
    });
    expect(fast.ok).toBe(true);
    expect(fast.warnings.join(' ')).toMatch(/outruns the update servers/);
    // 20M buggy clients at 25%/h: 83k told a minute; 100 Gbit/s carries 30k 25-MB downloads a minute.
    expect(fast.consequences.join(' ')).toMatch(/1\.8 million downloads an hour/);
    const carried = previewLever(full.model, ctx, 'forceUpdate', {
      rolloutPercentPerHour: 25,
      bandwidthGbps: 400,
    });
    expect(carried.warnings.join(' ')).not.toMatch(/outruns/);
    expect(carried.usdOnce).toBeGreaterThan(0);
    expect(carried.usdOverWindow).toBeGreaterThanOrEqual(carried.usdOnce);
  });

  it('prices a switched-off feature with the model accounting (featureLossShare × online users)', () => {
    const sim = createSim(full, 1);
    step(sim, []);
    const ctx = leverContext(sim);
    const off = previewLever(full.model, ctx, 'disableFeature', { feature: 'offlineIm', disabled: true });
    expect(off.userHoursPerHour).toBeCloseTo(full.model.offlineIm.serviceShare * ctx.online, 6);
    expect(off.consequences.join(' ')).toMatch(/user-hours an hour/);
  });
});

describe('cancel a pending order; release dedicated supernodes', () => {
  it('a disable still waiting can be cancelled (the feature stays on); once in effect the cancel is refused', () => {
    const sim = createSim(small, 1);
    step(sim, [{ kind: 'disableFeature', feature: 'offlineIm', disabled: true, tick: 0 }]);
    for (let t = 1; t < 3; t++) step(sim, []);
    const cancel = { kind: 'cancelOrder', order: 'disableFeature', issuedAtMinute: 0 } as const;
    expect(checkLever(sim, cancel)).toEqual({ ok: true, command: cancel });
    step(sim, [{ ...cancel, tick: 3 }]);
    for (let t = 4; t < 20; t++) step(sim, []);
    expect(sim.m.omEnabled).toBe(true);
    expect(checkLever(sim, cancel)).toMatchObject({
      ok: false,
      check: 'notAlreadyInEffect',
      reason: /not waiting any more.*cannot be cancelled/,
    });
    // Once in effect, it cannot be undone by a cancel either.
    const other = createSim(small, 1);
    step(other, [{ kind: 'disableFeature', feature: 'offlineIm', disabled: true, tick: 0 }]);
    for (let t = 1; t < 12; t++) step(other, []);
    expect(checkLever(other, cancel).ok).toBe(false);
  });

  it('released dedicated supernodes return their servers, so a feature can come back', () => {
    const sim = createSim(small, 1);
    const d = small.model.dedicated;
    step(sim, [{ kind: 'disableFeature', feature: 'groupVideo', disabled: true, tick: 0 }]);
    for (let t = 1; t < 11; t++) step(sim, []);
    const all = d.poolServers + d.groupVideoServers;
    step(sim, [{ kind: 'spinUpSupernodes', count: all, tick: 11 }]);
    const back = { kind: 'disableFeature', feature: 'groupVideo', disabled: false } as const;
    expect(checkLever(sim, back)).toMatchObject({
      ok: false,
      check: 'poolLeft',
      reason: /release \d+ of them/,
    });
    step(sim, [{ kind: 'releaseSupernodes', count: d.groupVideoServers, tick: 12 }]);
    expect(leverContext(sim).dedicatedInUse).toBe(d.poolServers);
    expect(checkLever(sim, back).ok).toBe(true);
    expect(checkLever(sim, { kind: 'releaseSupernodes', count: d.poolServers + 1 })).toMatchObject({
      ok: false,
      check: 'poolLeft',
    });
  });

  it('names the rule that failed: room is poolLeft, a repeat is notAlreadyInEffect', () => {
    const sim = createSim(small, 1);
    step(sim, [{ kind: 'enableClientBackoff', tick: 0 }]);
    expect(checkLever(sim, { kind: 'enableClientBackoff' })).toMatchObject({ check: 'notAlreadyInEffect' });
    expect(checkLever(sim, { kind: 'spinUpSupernodes', count: 10_000 })).toMatchObject({ check: 'poolLeft' });
    expect(checkLever(sim, { kind: 'scaleOfflineMessaging', factor: 4 })).toMatchObject({
      check: 'poolLeft',
      reason: /at most 3× its normal size/,
    });
  });
});

describe('a lever card after its order: state, refusal and warnings from the same facts', () => {
  const full = builtinScenario('skype-2010');

  it('a refused preview describes nothing that would not happen, and charges nothing', () => {
    const ctx = leverContext(createSim(small, 1));
    const r = previewLever(small.model, ctx, 'releaseSupernodes', { count: 1 });
    expect(r.refusal).toBe('No dedicated supernodes are running.');
    expect(r.consequences).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(r.room).toBeNull();
    expect(r.usdOverWindow).toBe(0);
  });

  it('the restart warning calls the network weakened only when it is below 90% of normal', () => {
    const sim = createSim(full, 1);
    step(sim, []);
    const healthy = leverContext(sim);
    expect(healthy.online).toBeGreaterThanOrEqual(0.9 * healthy.expectedOnline);
    const args = { rolloutPercentPerHour: 25, bandwidthGbps: 100 };
    const a = previewLever(full.model, healthy, 'forceUpdate', args);
    expect(a.warnings.join(' ')).not.toMatch(/weakened/);
    const pct = Math.round((100 * healthy.online) / healthy.expectedOnline);
    expect(a.consequences.join(' ')).toContain(
      `clients a minute restart and log in again (the network is at ${pct}% of normal now).`,
    );
    const weak = { ...healthy, online: Math.round(0.5 * healthy.expectedOnline) };
    const b = previewLever(full.model, weak, 'forceUpdate', args);
    expect(b.warnings.join(' ')).toMatch(
      /the network is at 50% of normal, so that is extra login load on a weakened network/,
    );
  });

  it('after a forced update is accepted the card states the order: waiting, then rolling out with its cost so far', () => {
    const sim = createSim(small, 1);
    const args = { rolloutPercentPerHour: 25, bandwidthGbps: 100 };
    const c = parseLever({ command: 'forceUpdate', ...args });
    if (!c.ok) throw new Error('forceUpdate should parse');
    // Accepted this minute, not yet stepped: the card already says it is ordered.
    const now = previewLever(small.model, leverContext(sim, [c.command]), 'forceUpdate', args);
    expect(now.standing).toEqual(['Ordered: update 25% an hour over 100 Gbit/s; takes effect in 30 min.']);
    expect(now.refusal).toMatch(/^The same update \(25% an hour over 100 Gbit\/s\) is already ordered/);
    step(sim, [{ ...c.command, tick: 0 }]);
    for (let t = 1; t < 10; t++) step(sim, []);
    const waiting = previewLever(small.model, leverContext(sim), 'forceUpdate', args);
    expect(waiting.standing[0]).toBe('Ordered: update 25% an hour over 100 Gbit/s; takes effect in 20 min.');
    for (let t = 10; t < 90; t++) step(sim, []);
    const ctx = leverContext(sim);
    const running = previewLever(small.model, ctx, 'forceUpdate', args);
    const told = Math.round(100 * ctx.rolloutFraction);
    expect(told).toBeGreaterThan(0);
    expect(running.standing[0]).toMatch(
      new RegExp(
        `^Rolling out at 25% an hour over 100 Gbit/s \\(.* Gbit/s serving now\\): ${told}% of 5\\.0\\.0152 users told`,
      ),
    );
    expect(ctx.updateCostUsd).toBeGreaterThan(0);
    expect(running.standing[1]).toBe(
      `Spent on the update so far: $${Math.round(ctx.updateCostUsd).toLocaleString('en-US')}; $${Math.round(100 * small.model.update.costPerGbpsHour).toLocaleString('en-US')} an hour for the bandwidth while it runs, plus each download.`,
    );
    expect(running.refusal).toMatch(
      /^The update is already rolling out at 25% an hour over 100 Gbit\/s\. To re-plan it/,
    );
    // A re-plan is previewed for the users not yet told, never "within 0 min".
    const faster = previewLever(small.model, ctx, 'forceUpdate', { ...args, rolloutPercentPerHour: 50 });
    expect(faster.ok).toBe(true);
    expect(faster.consequences[0]).toMatch(/users not yet told within \d/);
    expect(faster.consequences.join(' ')).not.toMatch(/within 0 min/);
  });

  it('prices the bandwidth only while the rollout runs (until everyone is served), not to the end of the window', () => {
    const sim = createSim(full, 1);
    step(sim, []);
    const ctx = leverContext(sim);
    const r = previewLever(full.model, ctx, 'forceUpdate', { rolloutPercentPerHour: 25, bandwidthGbps: 400 });
    const plan = rolloutPlan(full.model, ctx, 25, 400);
    expect(r.usdOverWindow).toBeCloseTo(r.usdOnce + r.usdPerHour * (plan.minutesToServeAll / 60), 6);
    const hoursLeft = (full.model.durationMinutes - r.takesEffectAtMinute) / 60;
    expect(plan.minutesToServeAll / 60).toBeLessThan(hoursLeft);
  });
});
