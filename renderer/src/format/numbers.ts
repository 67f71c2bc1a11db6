/** Number formatting for the status line and legends: grouped thousands, fixed locale (tests and screenshots stay stable). */

const grouped = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });

/** "12,345" - a whole count with thousands separators. */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? grouped.format(n) : '–';
}
