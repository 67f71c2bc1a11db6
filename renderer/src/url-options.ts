/** Options the page URL may carry (kept apart from boot so it is testable without a browser). */

/** Options a URL may carry: `seed`, `scale` (0 < scale <= 1; default the full network), `bench=1`. */
export interface UrlOptions {
  readonly seed: number;
  readonly scale: number;
  readonly bench: boolean;
  readonly projector: boolean;
}

export function parseUrlOptions(search: string): UrlOptions {
  const q = new URLSearchParams(search);
  const seedRaw = Number(q.get('seed'));
  const scaleRaw = Number(q.get('scale'));
  return {
    seed: q.has('seed') && Number.isInteger(seedRaw) && Math.abs(seedRaw) < 2 ** 31 ? seedRaw : 20101222,
    scale: q.has('scale') && scaleRaw > 0 && scaleRaw <= 1 ? scaleRaw : 1,
    bench: q.get('bench') === '1',
    projector: q.get('projector') === '1',
  };
}
