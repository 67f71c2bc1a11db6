import { describe, expect, it } from 'vitest';
import { atThrottle, failuresAbnormal, rateFraction } from './services';

describe('service gauges', () => {
  it('puts rates on a clamped log scale', () => {
    expect(rateFraction(0)).toBe(0);
    expect(rateFraction(100)).toBe(0);
    expect(rateFraction(10_000_000)).toBe(1);
    expect(rateFraction(1e9)).toBe(1);
    expect(rateFraction(100_000)).toBeCloseTo(0.6);
  });
  it('says when logins sit at the throttle', () => {
    const base = { failedPerMinute: 0, updatesPerMinute: 0, installing: 0, waiting: 0, rolloutFraction: 0 };
    expect(atThrottle({ ...base, loginsPerMinute: 5000, throttlePerMinute: null })).toBe(false);
    expect(atThrottle({ ...base, loginsPerMinute: 5000, throttlePerMinute: 5000 })).toBe(true);
    expect(atThrottle({ ...base, loginsPerMinute: 1000, throttlePerMinute: 5000 })).toBe(false);
  });
});

describe('the login failure alarm', () => {
  it('stays quiet at the healthy level of failed attempts and lights far above it', () => {
    // Measured at full scale, seed 1, 15:59 GMT on a healthy network: 605,790 failed for 121,158 logins.
    expect(failuresAbnormal({ loginsPerMinute: 121_158, failedPerMinute: 605_790 })).toBe(false);
    // In the collapse (19:20 GMT, same run): 131,740,736 failed for 72,226 logins.
    expect(failuresAbnormal({ loginsPerMinute: 72_226, failedPerMinute: 131_740_736 })).toBe(true);
    expect(failuresAbnormal({ loginsPerMinute: 0, failedPerMinute: 5 })).toBe(false);
  });
});
