import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import { LEVER_SPECS, freeServers, leverArgs, previewLever, type LiveFacts } from './lever-model';

const params = builtinScenario('skype-2010').model;
const spec = (name: string) => LEVER_SPECS.find((l) => l.name === name)!;
const live: LiveFacts = {
  dedicatedSupernodes: 60,
  dedicatedProvisioning: 20,
  omEnabled: true,
  groupVideoEnabled: false,
  rolloutFraction: 0,
  onlineByKind: [10, 0, 5, 3, 2],
  backoffEnabled: false,
  loginThrottlePerMinute: null,
};

describe('lever specs', () => {
  it('use the exact names the console promises', () => {
    expect(LEVER_SPECS.map((l) => l.label)).toEqual([
      'Force update',
      'Spin up supernodes',
      'Scale offline messaging',
      'Disable feature',
      'Throttle logins',
      'Enable client back-off',
    ]);
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

describe('previewLever', () => {
  it('shows lead times from the scenario parameters', () => {
    expect(previewLever(spec('forceUpdate'), {}, params, null).lead).toMatch(/^30 min, then 4 h/);
    expect(previewLever(spec('scaleOfflineMessaging'), { factor: 1.5 }, params, null).lead).toBe('2 h');
    expect(previewLever(spec('disableFeature'), {}, params, null).lead).toBe('10 min');
    expect(previewLever(spec('throttleLogins'), {}, params, null).lead).toBe('5 min');
    expect(previewLever(spec('enableClientBackoff'), {}, params, null).lead).toBe('1 h');
    expect(previewLever(spec('spinUpSupernodes'), {}, params, null).lead).toMatch(/1 h/);
  });

  it('prices levers the way the model charges them', () => {
    expect(previewLever(spec('spinUpSupernodes'), { count: 100 }, params, null).cost).toMatch(
      /^\$200 per hour/,
    );
    expect(previewLever(spec('scaleOfflineMessaging'), { factor: 1.5 }, params, null).cost).toBe(
      '$1,000 per hour',
    );
  });

  it('warns before the click when the pool is too small or the feature already off', () => {
    // 100 pool + 400 (group video off) - 80 in use = 420 free.
    expect(freeServers(params, live)).toBe(420);
    expect(previewLever(spec('spinUpSupernodes'), { count: 500 }, params, live).warning).toMatch(/420/);
    expect(previewLever(spec('spinUpSupernodes'), { count: 400 }, params, live).warning).toBeNull();
    expect(
      previewLever(spec('disableFeature'), { feature: 'groupVideo', disabled: true }, params, live).warning,
    ).toMatch(/already off/);
    expect(previewLever(spec('forceUpdate'), { rolloutPercentPerHour: 80 }, params, null).warning).toMatch(
      /storm/,
    );
  });
});
