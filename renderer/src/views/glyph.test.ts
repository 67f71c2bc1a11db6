import { describe, expect, it } from 'vitest';
import { SN_STATE } from '../../../sim-core/src/model/index';
import { DEAD_GREY, FAILURE_ACCENT, LOAD_RAMP_MAX, loadColour } from './colour';
import { glyphFor } from './glyph';

describe('glyphFor', () => {
  it('hides empty slots', () => {
    expect(glyphFor(SN_STATE.Empty, 1, false, 0).shape).toBe('none');
  });

  it('gives each live state its own shape or size, so state reads without colour', () => {
    const alive = glyphFor(SN_STATE.Alive, 1, false, 0);
    const protecting = glyphFor(SN_STATE.Protecting, 1, false, 0);
    const warming = glyphFor(SN_STATE.Warming, 1, false, 0);
    expect(alive.shape).toBe('disc');
    expect(protecting.shape).toBe('ring');
    expect(warming.scale).toBeLessThan(alive.scale);
    expect(warming.alpha).toBeLessThan(alive.alpha);
  });

  it('colours live supernodes by load', () => {
    expect(glyphFor(SN_STATE.Alive, 2.5, false, 0).tint).toBe(loadColour(2.5));
  });

  it('keeps self-protecting supernodes in the overload colour although they shed their load', () => {
    expect(glyphFor(SN_STATE.Protecting, 0, false, 0).tint).toBe(loadColour(LOAD_RAMP_MAX));
  });

  it('draws dedicated supernodes as squares', () => {
    expect(glyphFor(SN_STATE.Alive, 1, true, 0).shape).toBe('square');
    expect(glyphFor(SN_STATE.Protecting, 1, true, 0).shape).toBe('squareRing');
  });

  it('shows ordered dedicated supernodes as faint hollow squares until they serve', () => {
    const g = glyphFor(SN_STATE.Provisioning, 0, true, 0);
    expect(g.shape).toBe('squareRing');
    expect(g.alpha).toBeLessThan(1);
  });

  it('flashes the failure accent on death and then settles to a quiet grey', () => {
    const justDied = glyphFor(SN_STATE.Dead, 0, false, 1);
    const settled = glyphFor(SN_STATE.Dead, 0, false, 0);
    expect(justDied.tint).toBe(FAILURE_ACCENT);
    expect(justDied.scale).toBeGreaterThan(settled.scale);
    expect(settled.tint).toBe(DEAD_GREY);
  });

  it('keeps the flash colour but not the growth under reduced motion', () => {
    const g = glyphFor(SN_STATE.Dead, 0, false, 1, true);
    expect(g.tint).toBe(FAILURE_ACCENT);
    expect(g.scale).toBe(1);
  });
});
