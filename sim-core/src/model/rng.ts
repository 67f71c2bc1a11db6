/**
 * sfc32: a small, fast integer PRNG whose whole state is four 32-bit words kept inside the world, so it is in
 * every snapshot and hash. Only integer operations and one exact division: identical in every engine.
 */

/** Seed a fresh 4-word state from a 32-bit seed (splitmix32 expansion, then 12 discarded outputs). */
export function seedRng(state: Uint32Array, seed: number): void {
  let s = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    state[i] = (z ^ (z >>> 16)) >>> 0;
  }
  for (let i = 0; i < 12; i++) nextU32(state);
}

/** Next 32-bit unsigned integer. */
export function nextU32(st: Uint32Array): number {
  const a = st[0]!;
  const b = st[1]!;
  const c = st[2]!;
  const d = st[3]!;
  const t = (((a + b) >>> 0) + d) >>> 0;
  st[3] = (d + 1) >>> 0;
  st[0] = b ^ (b >>> 9);
  st[1] = (c + (c << 3)) >>> 0;
  st[2] = ((((c << 21) | (c >>> 11)) >>> 0) + t) >>> 0;
  return t;
}

/** Uniform in [0, 1). */
export function nextFloat(st: Uint32Array): number {
  return nextU32(st) / 4294967296;
}

/**
 * Stochastic rounding: an integer whose expectation is x (x >= 0). Cohort flows use it so small rates are
 * neither lost to flooring nor inflated by rounding up.
 */
export function sround(st: Uint32Array, x: number): number {
  const f = Math.floor(x);
  return nextFloat(st) < x - f ? f + 1 : f;
}
