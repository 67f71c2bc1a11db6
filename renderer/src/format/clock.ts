/**
 * Time as the console shows it: always the scenario's clock, always in GMT (the outage is remembered
 * in GMT, and a training room spans time zones), e.g. "Wed 22 Dec 18:40 GMT".
 */

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const MS_PER_MINUTE = 60_000;

/** Formats a UTC instant (ms since the epoch) as "Wed 22 Dec 18:40 GMT". */
export function formatGmtClock(epochMs: number): string {
  const d = new Date(epochMs);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${hh}:${mm} GMT`;
}

/** The scenario clock after `simMinute` ticks (one tick = one simulated minute) from its start. */
export function scenarioInstant(startEpochMs: number, simMinute: number): number {
  return startEpochMs + simMinute * MS_PER_MINUTE;
}

/** The machine-readable form for a `<time datetime>` attribute, e.g. "2010-12-22T18:40Z". */
export function isoMinute(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16)}Z`;
}
