import { describe, expect, it } from 'vitest';
import { axisTime, chartWindowEnd, secondsLabel } from './charts';

describe('axisTime', () => {
  it('labels hours in GMT and names the day at midnight', () => {
    expect(axisTime(Date.UTC(2010, 11, 22, 18, 0) / 1000)).toBe('18:00');
    expect(axisTime(Date.UTC(2010, 11, 23, 0, 0) / 1000)).toBe('Thu 00:00');
  });
});

describe('the charts follow the drill', () => {
  it('show six hours at the start, then grow in three-hour steps ahead of now, never past the end', () => {
    expect(chartWindowEnd(0, 2880)).toBe(360);
    expect(chartWindowEnd(299, 2880)).toBe(360);
    expect(chartWindowEnd(301, 2880)).toBe(540);
    expect(chartWindowEnd(2870, 2880)).toBe(2880);
    expect(chartWindowEnd(10, 120)).toBe(120);
  });
  it('label latency in seconds only (one unit per axis)', () => {
    expect([0, 0.5, 2, 5, 12.4, 60].map(secondsLabel)).toEqual([
      '0 s',
      '0.5 s',
      '2 s',
      '5 s',
      '12 s',
      '60 s',
    ]);
  });
});
