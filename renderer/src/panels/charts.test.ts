import { describe, expect, it } from 'vitest';
import { axisTime, chartWindowEnd, hourSplits, secondsLabel } from './charts';

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

describe('time-axis ticks', () => {
  const t0 = Date.UTC(2010, 11, 22, 12, 0) / 1000;
  it('fall on whole hours inside the window, as many as fit', () => {
    const six = t0 + 6 * 3600;
    expect(hourSplits(t0, six, 600, 60).map(axisTime)).toEqual([
      '12:00',
      '13:00',
      '14:00',
      '15:00',
      '16:00',
      '17:00',
      '18:00',
    ]);
    expect(hourSplits(t0, six, 250, 60).map(axisTime)).toEqual(['12:00', '14:00', '16:00', '18:00']);
    // A narrow chart: one tick, inside the window (never a midnight outside it).
    expect(hourSplits(t0, six, 80, 110).map(axisTime)).toEqual(['12:00']);
    expect(hourSplits(t0 + 60, t0 + 48 * 3600, 300, 60).map(axisTime)).toEqual([
      'Thu 00:00',
      '12:00',
      'Fri 00:00',
      '12:00',
    ]);
  });
});
