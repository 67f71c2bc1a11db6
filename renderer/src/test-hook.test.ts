import { describe, expect, it } from 'vitest';
import { installTestHook, testHookRequested, type DrillProbe } from './test-hook';

describe('testHookRequested', () => {
  it('needs exactly testHook=1', () => {
    expect(testHookRequested('?testHook=1')).toBe(true);
    expect(testHookRequested('?a=2&testHook=1')).toBe(true);
    expect(testHookRequested('')).toBe(false);
    expect(testHookRequested('?testHook=true')).toBe(false);
  });
});

describe('installTestHook', () => {
  it('exposes live, read-only getters', () => {
    let state: DrillProbe = {
      phase: 'running',
      simMinute: 1,
      online: 5,
      supernodesAlive: 2,
      stateHash: 'a',
      ended: false,
    };
    const win = {} as Window & { __drill?: DrillProbe };
    installTestHook(win, () => state);
    expect(win.__drill?.simMinute).toBe(1);
    state = { ...state, simMinute: 7 };
    expect(win.__drill?.simMinute).toBe(7);
    expect(() => {
      (win.__drill as { simMinute: number }).simMinute = 3;
    }).toThrow();
    expect(() => {
      (win as { __drill?: unknown }).__drill = {};
    }).toThrow();
  });
});
