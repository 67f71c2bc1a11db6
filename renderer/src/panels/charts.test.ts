import { describe, expect, it } from 'vitest';
import { axisTime } from './charts';

describe('axisTime', () => {
  it('labels hours in GMT and names the day at midnight', () => {
    expect(axisTime(Date.UTC(2010, 11, 22, 18, 0) / 1000)).toBe('18:00');
    expect(axisTime(Date.UTC(2010, 11, 23, 0, 0) / 1000)).toBe('Thu 00:00');
  });
});
