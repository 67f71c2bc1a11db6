import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSim, step, type SimInput } from '../src/model/index';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { LEVERS, checkLever, parseLever, parsePolicy } from '../src/levers/index';
import { runScenario } from '../src/scoring/run';

const small = scaleScenario(builtinScenario('skype-2010'), 0.0025);

describe('parseLever', () => {
  it('fills defaults and keeps ranges from the model-command schema', () => {
    expect(parseLever({ command: 'forceUpdate' })).toEqual({
      ok: true,
      command: {
        kind: 'forceUpdate',
        targetVersion: '5.0.0156',
        rolloutPercentPerHour: 25,
        bandwidthGbps: 100,
      },
    });
    expect(parseLever({ command: 'spinUpSupernodes', count: 0 })).toMatchObject({
      ok: false,
      reason: /count/,
    });
    expect(parseLever({ command: 'forceUpdate', targetVersion: '6.0' })).toMatchObject({
      ok: false,
      reason: /6\.0/,
    });
    expect(parseLever({ command: 'throttleLogins', perMinute: null })).toMatchObject({ ok: true });
  });

  it('refuses unknown commands, non-objects and model-only effects with a reason', () => {
    expect(parseLever({ command: 'launchMissiles' })).toMatchObject({ ok: false, reason: /unknown command/ });
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
    expect(r.refused[0]!.reason).toMatch(/only 0 spare servers|no spare servers/);
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

  it('the same forced update twice is refused; a change of pace is accepted', () => {
    const sim = createSim(small, 1);
    const c = parseLever({ command: 'forceUpdate', rolloutPercentPerHour: 20 });
    if (!c.ok || c.command.kind !== 'forceUpdate') throw new Error('forceUpdate should parse');
    step(sim, [{ ...c.command, tick: 0 }]);
    expect(checkLever(sim, c.command)).toMatchObject({ ok: false, reason: /already rolling out at 20%\/h/ });
    for (let t = 1; t < 40; t++) step(sim, []); // past the 30-minute lead: now in effect
    expect(checkLever(sim, c.command).ok).toBe(false);
    expect(checkLever(sim, { ...c.command, rolloutPercentPerHour: 40 }).ok).toBe(true);
  });

  it('parsePolicy names the entry and the problem', () => {
    expect(() => parsePolicy({})).toThrow(/JSON array/);
    expect(() => parsePolicy([{ atMinute: -1, command: 'forceUpdate' }])).toThrow(/entry 0/);
    expect(() => parsePolicy([{ atMinute: 3, command: 'nope' }])).toThrow(
      /entry 0 \(minute 3\): unknown command/,
    );
  });
});
