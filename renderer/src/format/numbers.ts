/** Number formatting for panels, charts and legends: fixed locale so tests and screenshots stay stable. */

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "12,345" - a whole count with thousands separators. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? grouped.format(n) : '–';
}

/** "23.1M", "512k", "940" - a count short enough for an axis or a badge. */
export function formatCompact(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e9) return `${trim(n / 1e9)}G`;
  if (a >= 1e6) return `${trim(n / 1e6)}M`;
  if (a >= 1e4) return `${Math.round(n / 1e3)}k`;
  if (a >= 1e3) return `${trim(n / 1e3)}k`;
  return String(Math.round(n));
}

function trim(x: number): string {
  return (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)).replace(/\.0$/, '');
}

/** "$12,400" - whole US dollars (the scenario's prices are illustrative 2010 dollars). */
export function formatUsd(n: number): string {
  return Number.isFinite(n) ? `$${grouped.format(Math.round(n))}` : '–';
}

/** "45 min", "2 h", "1 h 30 min" - a lead time or countdown in simulated minutes. */
export function formatMinutes(min: number): string {
  if (!Number.isFinite(min)) return '–';
  const m = Math.max(0, Math.round(min));
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return r === 0 ? `${h} h` : `${h} h ${r} min`;
}

/** "3.2 s", "150 ms" - a latency. */
export function formatLatency(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** "82%" */
export function formatPercent(ratio: number): string {
  return Number.isFinite(ratio) ? `${Math.round(ratio * 100)}%` : '–';
}
