import { describe, expect, it } from 'vitest';
import { parseCommand, parseReply } from './protocol';

describe('parseCommand', () => {
  it('accepts well-formed commands', () => {
    expect(parseCommand({ type: 'init', seed: 7, scale: 0.01 })).toEqual({
      type: 'init',
      seed: 7,
      scale: 0.01,
    });
    expect(parseCommand({ type: 'advance', ticks: 3.7 })).toEqual({ type: 'advance', ticks: 3 });
  });

  it('rejects anything else', () => {
    expect(parseCommand(null)).toBeNull();
    expect(parseCommand({ type: 'init', seed: 1, scale: 2 })).toBeNull();
    expect(parseCommand({ type: 'advance', ticks: -1 })).toBeNull();
    expect(parseCommand({ type: 'advance', ticks: Number.NaN })).toBeNull();
    expect(parseCommand({ type: 'rm -rf' })).toBeNull();
  });
});

describe('parseReply', () => {
  const frame = {
    type: 'frame',
    tick: 4,
    ended: false,
    hash: '0123456789abcdef',
    metrics: { online: 10, supernodesAlive: 2 },
    state: new Uint8Array(3),
    load: new Float32Array(3),
    dedicated: new Uint8Array(3),
  };

  it('accepts a consistent frame', () => {
    expect(parseReply(frame)).toBe(frame);
  });

  it('rejects frames whose arrays disagree in length or type', () => {
    expect(parseReply({ ...frame, load: new Float32Array(2) })).toBeNull();
    expect(parseReply({ ...frame, state: [0, 0, 0] })).toBeNull();
    expect(parseReply({ ...frame, metrics: { online: 'many', supernodesAlive: 2 } })).toBeNull();
  });

  it('accepts ready only with a region per slot', () => {
    const ready = {
      type: 'ready',
      scenarioName: 's',
      startEpochMs: 0,
      durationTicks: 10,
      count: 2,
      regions: ['A'],
      region: new Uint8Array(2),
    };
    expect(parseReply(ready)).toBe(ready);
    expect(parseReply({ ...ready, region: new Uint8Array(1) })).toBeNull();
  });

  it('passes errors through', () => {
    expect(parseReply({ type: 'error', message: 'x' })).toEqual({ type: 'error', message: 'x' });
  });
});
