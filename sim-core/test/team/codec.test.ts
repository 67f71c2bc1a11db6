import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeFrame, encodeFrame, FrameError } from '../../src/team/codec';

describe('drill frames', () => {
  it('round-trips a message with typed arrays of every kind and odd lengths', () => {
    const m = {
      v: 1,
      type: 'snapshot',
      minute: 7,
      state: new Uint8Array([1, 2, 3]),
      load: new Float32Array([0.5, -1.25]),
      attached: new Int32Array([-5, 2 ** 30]),
      note: 'café ☕',
      pending: [{ command: 'forceUpdate' }],
    };
    const back = decodeFrame(encodeFrame(m));
    expect(back).toEqual(m);
    expect(back.load).toBeInstanceOf(Float32Array);
  });

  it('refuses truncated and forged frames with a FrameError, never reading out of bounds', () => {
    const frame = encodeFrame({ a: new Int32Array(100) });
    expect(() => decodeFrame(frame.subarray(0, frame.length - 8))).toThrow(FrameError);
    expect(() => decodeFrame(new Uint8Array([255, 255, 255, 255, 1]))).toThrow('header runs past');
    const forged = encodeFrame({ a: { $ta: 'u8', n: 1e9 } });
    expect(() => decodeFrame(forged)).toThrow(FrameError);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        try {
          decodeFrame(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(FrameError);
        }
      }),
      { numRuns: 2000, seed: 5 },
    );
  });
});
