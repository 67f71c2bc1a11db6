import { describe, expect, it } from 'vitest';
import { KEY_HELP, keyAction, keyHelpLine, type KeyInput } from './keyboard';

const key = (k: string, over: Partial<KeyInput> = {}): KeyInput => ({
  key: k,
  ctrlKey: false,
  altKey: false,
  metaKey: false,
  targetTag: 'BODY',
  ...over,
});

describe('keyAction', () => {
  it('maps space, digits, levers, F and P', () => {
    expect(keyAction(key(' '))).toEqual({ kind: 'togglePause' });
    expect(keyAction(key('1'))).toEqual({ kind: 'speed', index: 0 });
    expect(keyAction(key('6'))).toEqual({ kind: 'speed', index: 5 });
    expect(keyAction(key('u'))).toEqual({ kind: 'lever', lever: 'forceUpdate' });
    expect(keyAction(key('S'))).toEqual({ kind: 'lever', lever: 'spinUpSupernodes' });
    expect(keyAction(key('f'))).toEqual({ kind: 'toggleFacilitator' });
    expect(keyAction(key('p'))).toEqual({ kind: 'toggleProjector' });
    expect(keyAction(key('E'))).toEqual({ kind: 'endDrill' });
  });

  it('lists every single-letter key in the help, and the help line names End drill', () => {
    for (const [k] of KEY_HELP.filter(([k]) => /^[A-Z]$/.test(k)))
      expect(keyAction(key(k.toLowerCase())), k).not.toBeNull();
    expect(KEY_HELP.find(([k]) => k === 'E')?.[1]).toBe('End drill (asks first)');
    const line = keyHelpLine();
    expect(line).toContain('E end drill (asks first)');
    expect(line).toContain('Space pause / resume');
    expect(line).toContain('the letter on each lever');
    expect(line).not.toContain(' U force update');
  });

  it('gives every lever its own key', () => {
    const levers = ['u', 's', 'm', 'd', 'l', 'b'].map((k) => keyAction(key(k)));
    expect(new Set(levers.map((a) => (a?.kind === 'lever' ? a.lever : null))).size).toBe(6);
  });

  it('leaves typing, focused buttons (space) and modified keys alone', () => {
    expect(keyAction(key('u', { targetTag: 'INPUT' }))).toBeNull();
    expect(keyAction(key('1', { targetTag: 'SELECT' }))).toBeNull();
    expect(keyAction(key(' ', { targetTag: 'BUTTON' }))).toBeNull();
    expect(keyAction(key('2', { targetTag: 'BUTTON' }))).toEqual({ kind: 'speed', index: 1 });
    expect(keyAction(key('r', { ctrlKey: true }))).toBeNull();
    expect(keyAction(key('7'))).toBeNull();
  });
});
