/** The hash every model's state hash uses (model/index.ts `hash`, the Facebook model's `hash`). */

/** Hash arbitrary bytes the same way as `hash`. */
export function hashBytes(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ bytes.length;
  const n4 = bytes.length & ~3;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < n4; i += 4) {
    const v = dv.getUint32(i, true);
    h1 = Math.imul(h1 ^ v, 0x01000193);
    h2 = Math.imul(h2 ^ ((v << 13) | (v >>> 19)), 0x5bd1e995);
  }
  for (let i = n4; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i]!, 0x01000193);
    h2 = Math.imul(h2 ^ bytes[i]!, 0x5bd1e995);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 15), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

/** ASCII text as bytes (snapshot headers are ASCII: keys, numbers, booleans, command names); the model has no TextEncoder. */
export function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) throw new Error('snapshot text must be ASCII');
    out[i] = c;
  }
  return out;
}
