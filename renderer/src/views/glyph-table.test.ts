import { describe, expect, it } from 'vitest';
import { SN_STATE } from '../../../sim-core/src/model/index';
import { loadColour } from './colour';
import { glyphFor } from './glyph';
import { SHAPES, buildGlyphTable, lookIndex, particleColour } from './glyph-table';

describe('particleColour', () => {
  it('stores tint as BGR with alpha on top, as the particle shader reads it', () => {
    expect(particleColour(0x112233, 1)).toBe(0xff332211);
    expect(particleColour(0xff0000, 0.5)).toBe(0x7f0000ff);
  });
});

describe('glyph table', () => {
  const t = buildGlyphTable();

  it('agrees with glyphFor on shape and scale', () => {
    for (const [state, dedicated] of [
      [SN_STATE.Alive, false],
      [SN_STATE.Protecting, true],
      [SN_STATE.Warming, false],
      [SN_STATE.Dead, false],
      [SN_STATE.Provisioning, true],
    ] as const) {
      const i = lookIndex(state, dedicated, 1);
      const g = glyphFor(state, 1, dedicated, 0);
      expect(SHAPES[t.shape[i]!]).toBe(g.shape);
      expect(t.scale[i]).toBeCloseTo(g.scale);
    }
  });

  it('hides empty slots and colours load through the ramp', () => {
    expect(t.shape[lookIndex(SN_STATE.Empty, false, 1)]).toBe(255);
    expect(t.colour[lookIndex(SN_STATE.Alive, false, 3)]).toBe(particleColour(loadColour(3), 1));
    expect(t.colour[lookIndex(SN_STATE.Alive, false, 99)]).toBe(particleColour(loadColour(3), 1));
    expect(t.colour[lookIndex(SN_STATE.Alive, false, Number.NaN)]).toBe(particleColour(loadColour(0), 1));
  });
});
