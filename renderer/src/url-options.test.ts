import { describe, expect, it } from 'vitest';
import { parseUrlOptions } from './url-options';

describe('parseUrlOptions', () => {
  it('defaults to the full network and the fixed seed', () => {
    expect(parseUrlOptions('')).toEqual({
      seed: 20101222,
      scale: 1,
      bench: false,
      projector: false,
      autosaveSeconds: 30,
      slowOnAlert: true,
    });
  });

  it('switches the slow-down at the first alert off only when asked to', () => {
    expect(parseUrlOptions('?alertSlowdown=0').slowOnAlert).toBe(false);
    expect(parseUrlOptions('?alertSlowdown=1').slowOnAlert).toBe(true);
  });

  it('reads a valid scale and seed and ignores invalid ones', () => {
    expect(parseUrlOptions('?scale=0.1&seed=7&bench=1').scale).toBe(0.1);
    expect(parseUrlOptions('?scale=0.1&seed=7').seed).toBe(7);
    expect(parseUrlOptions('?scale=2').scale).toBe(1);
    expect(parseUrlOptions('?scale=-1').scale).toBe(1);
    expect(parseUrlOptions('?seed=1.5').seed).toBe(20101222);
  });

  it('reads a whole-second autosave interval from 1 to 3600 and ignores anything else', () => {
    expect(parseUrlOptions('?autosave=5').autosaveSeconds).toBe(5);
    expect(parseUrlOptions('?autosave=3600').autosaveSeconds).toBe(3600);
    for (const bad of ['0', '-5', '2.5', '3601', 'x', ''])
      expect(parseUrlOptions(`?autosave=${bad}`).autosaveSeconds).toBe(30);
  });
});
