import { describe, expect, it } from 'vitest';
import { atThrottle, rateFraction } from './services';

describe('service gauges', () => {
  it('puts rates on a clamped log scale', () => {
    expect(rateFraction(0)).toBe(0);
    expect(rateFraction(100)).toBe(0);
    expect(rateFraction(10_000_000)).toBe(1);
    expect(rateFraction(1e9)).toBe(1);
    expect(rateFraction(100_000)).toBeCloseTo(0.6);
  });
  it('says when logins sit at the throttle', () => {
    const base = { failedPerMinute: 0, updatesPerMinute: 0, updating: 0, rolloutFraction: 0 };
    expect(atThrottle({ ...base, loginsPerMinute: 5000, throttlePerMinute: null })).toBe(false);
    expect(atThrottle({ ...base, loginsPerMinute: 5000, throttlePerMinute: 5000 })).toBe(true);
    expect(atThrottle({ ...base, loginsPerMinute: 1000, throttlePerMinute: 5000 })).toBe(false);
  });
});
