/**
 * Exact integer apportionment. Every flow between cohorts moves whole clients, and a total split into parts
 * must sum to the total exactly: these two helpers are how the model keeps clients conserved to the unit.
 */

/**
 * Split `n` into parts proportional to `weights` (largest remainder, ties to the lower index), writing into `out`.
 * Deterministic; uses only basic IEEE operations.
 */
export function apportion(n: number, weights: ArrayLike<number>, out: Int32Array | number[]): void {
  const len = weights.length;
  let wsum = 0;
  for (let i = 0; i < len; i++) wsum += weights[i]!;
  if (n <= 0 || wsum <= 0) {
    for (let i = 0; i < len; i++) out[i] = 0;
    return;
  }
  let given = 0;
  for (let i = 0; i < len; i++) {
    const share = Math.floor((n * weights[i]!) / wsum);
    out[i] = share;
    given += share;
  }
  if (given === n) return;
  // Hand out the leftover units (fewer than len) to the largest remainders; ties go to the lower index.
  const order: number[] = [];
  for (let i = 0; i < len; i++) if (weights[i]! > 0) order.push(i);
  const rem = (i: number) => (n * weights[i]!) / wsum - out[i]!;
  order.sort((a, b) => rem(b) - rem(a) || a - b);
  for (let j = 0; given < n; j++, given++) {
    const i = order[j]!;
    out[i] = out[i]! + 1;
  }
}

/**
 * Draw `n` clients from pools `pool` (counts per kind, length k) in proportion to what the pools hold, never
 * more than a pool has; writes the parts into `out` and does not change `pool`. Requires n <= sum(pool).
 * Sequential conditional rounding: each part is clamped so the pools still to come can supply the rest.
 */
export function drawFromPools(n: number, pool: ArrayLike<number>, out: Int32Array | number[]): void {
  drawFromPoolsWeighted(n, pool, null, out);
}

/**
 * As drawFromPools, but each pool's members are `rate[i]` times as likely to be drawn (e.g. clients that
 * retry more often get through more often). `rate` null means equal rates.
 */
export function drawFromPoolsWeighted(
  n: number,
  pool: ArrayLike<number>,
  rate: ArrayLike<number> | null,
  out: Int32Array | number[],
): void {
  const len = pool.length;
  let remainingPool = 0;
  let remainingWeight = 0;
  for (let i = 0; i < len; i++) {
    remainingPool += pool[i]!;
    remainingWeight += pool[i]! * (rate === null ? 1 : rate[i]!);
  }
  let rest = n;
  for (let i = 0; i < len; i++) {
    const p = pool[i]!;
    const weight = p * (rate === null ? 1 : rate[i]!);
    if (rest <= 0 || remainingPool <= 0) {
      out[i] = 0;
      remainingPool -= p;
      remainingWeight -= weight;
      continue;
    }
    const others = remainingPool - p;
    let part = remainingWeight > 0 ? Math.floor((rest * weight) / remainingWeight + 0.5) : 0;
    const lo = rest - others > 0 ? rest - others : 0;
    const hi = p < rest ? p : rest;
    if (part < lo) part = lo;
    if (part > hi) part = hi;
    out[i] = part;
    rest -= part;
    remainingPool = others;
    remainingWeight -= weight;
  }
}
