import { describe, expect, it } from 'vitest';
import { formatGmtClock, isoMinute, scenarioInstant } from './clock';

const dec22_1840 = Date.UTC(2010, 11, 22, 18, 40);

describe('formatGmtClock', () => {
  it('formats the way the console shows the scenario clock', () => {
    expect(formatGmtClock(dec22_1840)).toBe('Wed 22 Dec 18:40 GMT');
  });

  it('pads hours and minutes and ignores seconds', () => {
    expect(formatGmtClock(Date.UTC(2010, 11, 23, 4, 5, 59))).toBe('Thu 23 Dec 04:05 GMT');
  });

  it('is GMT whatever the machine time zone is (no local getters)', () => {
    expect(formatGmtClock(Date.UTC(2010, 11, 31, 23, 59))).toBe('Fri 31 Dec 23:59 GMT');
    expect(formatGmtClock(Date.UTC(2011, 0, 1, 0, 0))).toBe('Sat 1 Jan 00:00 GMT');
  });
});

describe('scenarioInstant', () => {
  it('advances one minute per tick', () => {
    expect(formatGmtClock(scenarioInstant(dec22_1840, 0))).toBe('Wed 22 Dec 18:40 GMT');
    expect(formatGmtClock(scenarioInstant(dec22_1840, 80))).toBe('Wed 22 Dec 20:00 GMT');
    expect(formatGmtClock(scenarioInstant(dec22_1840, 24 * 60))).toBe('Thu 23 Dec 18:40 GMT');
  });
});

describe('isoMinute', () => {
  it('gives a datetime attribute value', () => {
    expect(isoMinute(dec22_1840)).toBe('2010-12-22T18:40Z');
  });
});
