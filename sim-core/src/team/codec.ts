/**
 * Binary frames for the drill host's messages on the wire. A `DrillOut` is JSON except for its typed arrays
 * (a snapshot's view arrays, `ready`'s regions), which JSON would inflate five-fold. A frame is: a 4-byte
 * little-endian header length, the JSON header (typed arrays replaced by `{ "$ta": kind, "n": length }`), then
 * each array's bytes, each starting on a multiple of 4. Only top-level fields may be typed arrays (that is
 * all the drill protocol has). Compression is the transport's business (one flag byte in front).
 *
 * Decoding checks every length against the frame, so a truncated or forged frame is an error, never an
 * out-of-bounds read.
 */

// sim-core compiles without DOM or Node types; both homes have these two.
declare const TextEncoder: { new (): { encode(s: string): Uint8Array } };
declare const TextDecoder: {
  new (label: string, options: { fatal: boolean }): { decode(b: Uint8Array): string };
};

type Kind = 'u8' | 'i32' | 'f32';
type Typed = Uint8Array | Int32Array | Float32Array;

const kindOf = (v: unknown): Kind | null =>
  v instanceof Uint8Array ? 'u8' : v instanceof Int32Array ? 'i32' : v instanceof Float32Array ? 'f32' : null;

const pad4 = (n: number) => (n + 3) & ~3;

/** A frame that cannot be decoded. */
export class FrameError extends Error {
  override name = 'FrameError';
}

/** Encode a message whose top-level typed arrays travel as raw bytes. */
export function encodeFrame(message: object): Uint8Array {
  const arrays: Typed[] = [];
  const header: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(message)) {
    const kind = kindOf(v);
    if (kind) {
      arrays.push(v as Typed);
      header[k] = { $ta: kind, n: (v as Typed).length };
    } else header[k] = v;
  }
  const head = new TextEncoder().encode(JSON.stringify(header));
  let size = pad4(4 + head.length);
  for (const a of arrays) size += pad4(a.byteLength);
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = pad4(4 + head.length);
  for (const a of arrays) {
    out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad4(a.byteLength);
  }
  return out;
}

/** Decode a frame; the typed arrays are fresh copies, aligned. Throws a FrameError if it is malformed. */
export function decodeFrame(frame: Uint8Array): Record<string, unknown> {
  if (frame.length < 4) throw new FrameError('frame shorter than its header length');
  const headLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (4 + headLength > frame.length) throw new FrameError('frame header runs past the frame');
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(frame.subarray(4, 4 + headLength)));
  } catch {
    throw new FrameError('frame header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new FrameError('frame header is not an object');
  const out: Record<string, unknown> = {};
  let at = pad4(4 + headLength);
  for (const [k, v] of Object.entries(header as Record<string, unknown>)) {
    const ta = typedRef(v);
    if (!ta) {
      out[k] = v;
      continue;
    }
    const width = ta.kind === 'u8' ? 1 : 4;
    const bytes = ta.n * width;
    if (at + bytes > frame.length) throw new FrameError(`array ${k} runs past the frame`);
    const copy = frame.slice(at, at + bytes);
    out[k] =
      ta.kind === 'u8'
        ? copy
        : ta.kind === 'i32'
          ? new Int32Array(copy.buffer, 0, ta.n)
          : new Float32Array(copy.buffer, 0, ta.n);
    at += pad4(bytes);
  }
  return out;
}

function typedRef(v: unknown): { kind: Kind; n: number } | null {
  if (typeof v !== 'object' || v === null) return null;
  const r = v as { $ta?: unknown; n?: unknown };
  if (r.$ta !== 'u8' && r.$ta !== 'i32' && r.$ta !== 'f32') return null;
  if (typeof r.n !== 'number' || !Number.isInteger(r.n) || r.n < 0 || r.n > 1 << 26)
    throw new FrameError('bad array length in frame header');
  return { kind: r.$ta, n: r.n };
}
