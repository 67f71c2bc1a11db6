/** Plain-word formatting for lever refusals and previews (the console shows these sentences as they are). */

/** A count for people: 7.8 million, 48,000, 730. */
export function people(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${trim((n / 1e6).toFixed(1))} million`;
  return Math.round(n).toLocaleString('en-US');
}

/** Dollars: $1,250, $3.4 million. */
export function usd(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `$${trim((n / 1e6).toFixed(1))} million`;
  return `$${Math.round(n).toLocaleString('en-US')}`;
}

/** A duration: 45 min, 2 h, 3 h 20 min, 2.5 days. */
export function duration(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m >= 2880) return `${trim((m / 1440).toFixed(1))} days`;
  const h = Math.floor(m / 60);
  const r = m % 60;
  return r === 0 ? `${h} h` : `${h} h ${r} min`;
}

/** A plain number: 1.5, 100, 0.25. */
export function num(n: number): string {
  return trim(n.toFixed(2));
}

function trim(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** A role id (camelCase) in plain words: "networkOps" -> "Network ops" (ids stay in files and JSON). */
export function roleWords(role: string): string {
  const words = role
    .replace(/([A-Z])/g, ' $1')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
