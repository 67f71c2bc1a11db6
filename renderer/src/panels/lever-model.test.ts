import { describe, expect, it } from 'vitest';

import { checkLeverIn, leverContextAtStart, type LeverContext } from '../../../sim-core/src/levers/index';
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { LEVER_SPECS, leverArgs, leverSpecs, previewLever } from './lever-model';

const params = builtinScenario('skype-2010').model;
const spec = (name: string) => LEVER_SPECS.find((l) => l.name === name)!;
const start: LeverContext = leverContextAtStart(params);
/** Group video off (its 400 servers free), 80 dedicated supernodes in use: 100 + 400 - 80 = 420 free. */
const live: LeverContext = { ...start, groupVideoEnabled: false, dedicatedInUse: 80 };

describe('lever specs', () => {
  it('use the exact names the console promises', () => {
    expect(LEVER_SPECS.map((l) => l.label)).toEqual([
      'Force update',
      'Spin up supernodes',
      'Release supernodes',
      'Scale offline messaging',
      'Disable feature',
      'Throttle logins',
      'Enable client back-off',
    ]);
  });

  it('take ranges and defaults from sim-core (the scenario limits), not a copy', () => {
    const fu = leverSpecs(params).find((l) => l.name === 'forceUpdate')!;
    expect(fu.params.find((x) => x.name === 'bandwidthGbps')).toMatchObject({
      max: params.update.maxBandwidthGbps,
      value: params.update.defaultBandwidthGbps,
    });
    const su = leverSpecs(params).find((l) => l.name === 'spinUpSupernodes')!;
    expect(su.params.find((x) => x.name === 'capacity')).toMatchObject({
      max: params.dedicated.maxCapacity,
      value: params.dedicated.capacity,
    });
  });

  it('turn form values into host arguments', () => {
    expect(leverArgs(spec('forceUpdate'), {})).toEqual({ rolloutPercentPerHour: 25, bandwidthGbps: 100 });
    expect(leverArgs(spec('disableFeature'), { feature: 'groupVideo', disabled: 'false' })).toEqual({
      feature: 'groupVideo',
      disabled: false,
    });
    expect(leverArgs(spec('throttleLogins'), { perMinute: '80000' })).toEqual({ perMinute: 80000 });
    expect(leverArgs(spec('throttleLogins'), { lift: 'lift' })).toEqual({ perMinute: null });
    expect(leverArgs(spec('enableClientBackoff'), {})).toEqual({});
  });
});

describe('previewLever (a thin adapter over sim-core)', () => {
  it('shows lead times from the scenario parameters', () => {
    expect(previewLever(spec('forceUpdate'), {}, params, null).lead).toBe('30 min');
    expect(previewLever(spec('scaleOfflineMessaging'), { factor: 1.5 }, params, null).lead).toBe('2 h');
    expect(
      previewLever(spec('disableFeature'), leverArgs(spec('disableFeature'), {}), params, null).lead,
    ).toBe('10 min');
    expect(previewLever(spec('throttleLogins'), {}, params, null).lead).toBe('5 min');
    expect(previewLever(spec('enableClientBackoff'), {}, params, null).lead).toBe('1 h');
    expect(previewLever(spec('spinUpSupernodes'), {}, params, null).lead).toBe('at once');
  });

  it('prices levers the way the model charges them', () => {
    expect(previewLever(spec('spinUpSupernodes'), { count: 100 }, params, null).cost).toMatch(
      /^\$200 per hour; \$9,600 to the end of the drill$/,
    );
    expect(previewLever(spec('scaleOfflineMessaging'), { factor: 1.5 }, params, null).cost).toMatch(
      /^\$1,000 per hour/,
    );
    expect(
      previewLever(spec('disableFeature'), leverArgs(spec('disableFeature'), {}), params, start).cost,
    ).toMatch(/^no money; users lose/);
  });

  it('warns before the click when the pool is too small, the feature already off, the rollout too fast', () => {
    expect(previewLever(spec('spinUpSupernodes'), { count: 500 }, params, live).warning).toBe(
      'Only 420 spare servers are free; you asked for 500.',
    );
    expect(previewLever(spec('spinUpSupernodes'), { count: 400 }, params, live).refusal).toBeNull();
    expect(
      previewLever(spec('disableFeature'), { feature: 'groupVideo', disabled: true }, params, live).warning,
    ).toMatch(/already off/);
    expect(previewLever(spec('forceUpdate'), { rolloutPercentPerHour: 80 }, params, null).warning).toMatch(
      /outruns the update servers/,
    );
  });

  it('refuses with the words the host would use', () => {
    const small = scaleScenario(builtinScenario('skype-2010'), 0.0025);
    const ctx = leverContextAtStart(small.model);
    const pv = previewLever(spec('spinUpSupernodes'), { count: 50 }, small.model, ctx);
    const host = checkLeverIn(small.model, ctx, { kind: 'spinUpSupernodes', count: 50 });
    expect(host.ok).toBe(false);
    expect(pv.refusal).toBe(host.ok ? null : host.reason);
    expect(previewLever(spec('forceUpdate'), { rolloutPercentPerHour: 0 }, params, null).refusal).toBe(
      'The rollout must be a whole number from 1 to 100% of 5.0.0152 users an hour (asked: 0).',
    );
  });
});
