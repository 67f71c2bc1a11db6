import { describe, expect, it } from 'vitest';
import {
  CONSOLE_BACKGROUND,
  FAILURE_ACCENT,
  LOAD_RAMP_MAX,
  cssHex,
  loadColour,
  mixRgb,
  viridis,
} from './colour';

const channels = (c: number): [number, number, number] => [(c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff];
/** Rough perceived lightness (Rec. 709 luma), enough to check the ramp climbs. */
const luma = (c: number): number => {
  const [r, g, b] = channels(c);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

describe('viridis', () => {
  it('hits the published end points exactly', () => {
    expect(viridis(0)).toBe(0x440154);
    expect(viridis(1)).toBe(0xfde725);
  });

  it('gets lighter monotonically, which is what makes it readable as "more load"', () => {
    let prev = -1;
    for (let i = 0; i <= 100; i++) {
      const l = luma(viridis(i / 100));
      expect(l).toBeGreaterThanOrEqual(prev);
      prev = l;
    }
  });

  it('clamps out-of-range and NaN inputs instead of producing garbage colours', () => {
    expect(viridis(-3)).toBe(viridis(0));
    expect(viridis(7)).toBe(viridis(1));
    expect(viridis(Number.NaN)).toBe(viridis(0));
  });
});

describe('loadColour', () => {
  it('keeps normal load in the quiet lower half and saturates at the ramp maximum', () => {
    expect(luma(loadColour(1))).toBeLessThan(luma(loadColour(LOAD_RAMP_MAX)));
    expect(loadColour(LOAD_RAMP_MAX * 4)).toBe(0xfde725);
    expect(loadColour(0)).toBe(0x440154);
  });

  it('never produces the failure accent or the background', () => {
    for (let i = 0; i <= 60; i++) {
      const c = loadColour(i / 10);
      expect(c).not.toBe(FAILURE_ACCENT);
      expect(c).not.toBe(CONSOLE_BACKGROUND);
    }
  });
});

describe('helpers', () => {
  it('mixRgb blends per channel', () => {
    expect(mixRgb(0x000000, 0xffffff, 0.5)).toBe(0x808080);
    expect(mixRgb(0x102030, 0x102030, 0.3)).toBe(0x102030);
  });

  it('cssHex pads to six digits', () => {
    expect(cssHex(0x00000f)).toBe('#00000f');
    expect(cssHex(FAILURE_ACCENT)).toBe('#ff3d6e');
  });
});
