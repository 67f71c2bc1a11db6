import { describe, expect, it } from 'vitest';
import {
  formatCompact,
  formatCount,
  formatLatency,
  formatMinutes,
  formatPercent,
  formatUsd,
} from './numbers';

describe('number formats', () => {
  it('groups counts and shortens them for axes', () => {
    expect(formatCount(23_148_315)).toBe('23,148,315');
    expect(formatCompact(23_148_315)).toBe('23.1M');
    expect(formatCompact(512_300)).toBe('512k');
    expect(formatCompact(4_500)).toBe('4.5k');
    expect(formatCompact(940)).toBe('940');
    expect(formatCompact(2_000_000)).toBe('2M');
    expect(formatCompact(Number.NaN)).toBe('–');
  });

  it('formats money, durations, latencies and percentages with units', () => {
    expect(formatUsd(12_400.4)).toBe('$12,400');
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(120)).toBe('2 h');
    expect(formatMinutes(90)).toBe('1 h 30 min');
    expect(formatLatency(150)).toBe('150 ms');
    expect(formatLatency(3_240)).toBe('3.2 s');
    expect(formatLatency(52_300)).toBe('52 s');
    expect(formatPercent(0.816)).toBe('82%');
  });
});
