/**
 * Inject logic in plain functions: when a scheduled or conditional inject is due, and the message it produces
 * from the sim as it actually stands (volumes scale with the outage, not with a script).
 */
import type { ModelCommand } from '../model/index';
import type { Facts } from './facts';
import type { Channel, Condition, Inject } from './schema';

/** A message an inject put on a channel. */
export interface InjectMessage {
  id: string;
  channel: Channel;
  atMinute: number;
  from: string;
  text: string;
  /** How many of `unit` the inject reports (tickets, mentions, ...), when it reports a volume. */
  volume: number | null;
  unit: string | null;
  /** The model command the inject issued, if it is an effect inject. */
  effect: ModelCommand | null;
  /** Fired by the facilitator rather than by its trigger. */
  manual: boolean;
}

/** Whether one tick's facts satisfy a condition's comparison (duration not included). */
export function conditionHolds(c: Condition, f: Facts): boolean {
  if (c.afterMinute !== undefined && f.minute < c.afterMinute) return false;
  const x = f[c.metric] ?? 0;
  switch (c.op) {
    case '>':
      return x > c.value;
    case '>=':
      return x >= c.value;
    case '<':
      return x < c.value;
    case '<=':
      return x <= c.value;
  }
}

/**
 * What a status-silence trigger reads: whether the drill's status page is open (a team drill said so in its
 * log) and the minute of the last status update published, both from tick-stamped log entries; and the minute
 * each inject first fired (by trigger or by hand).
 */
export interface StatusFacts {
  open: boolean;
  lastPublishedMinute: number | null;
  firstFired: ReadonlyMap<string, number>;
}

/**
 * Whether a status-silence trigger is due at `minute`: the status page is open, `after` fired at least
 * `noStatusFor` minutes ago, and nothing was published at or after that firing.
 */
export function statusSilenceDue(
  t: { noStatusFor: number; after: string },
  minute: number,
  s: StatusFacts,
): boolean {
  const since = s.firstFired.get(t.after);
  if (!s.open || since === undefined || minute < since + t.noStatusFor) return false;
  return s.lastPublishedMinute === null || s.lastPublishedMinute < since;
}

const NO_STATUS: StatusFacts = { open: false, lastPublishedMinute: null, firstFired: new Map() };

/**
 * Advance the per-inject hold counters by one tick and return the ids due now, in scenario order. An inject
 * fires once by its trigger; `fired` holds the ids already fired that way. `status` is what status-silence
 * triggers read (none fire without it).
 */
export function dueInjects(
  injects: readonly Inject[],
  f: Facts,
  held: Readonly<Record<string, number>>,
  fired: ReadonlySet<string>,
  status: StatusFacts = NO_STATUS,
): { due: string[]; held: Record<string, number> } {
  const due: string[] = [];
  const next: Record<string, number> = {};
  for (const inj of injects) {
    if (fired.has(inj.id)) continue;
    const t = inj.trigger;
    if ('atMinute' in t) {
      if (f.minute >= t.atMinute) due.push(inj.id);
    } else if ('metric' in t) {
      const ready = t.afterInject === undefined || fired.has(t.afterInject);
      const n = ready && conditionHolds(t, f) ? (held[inj.id] ?? 0) + 1 : 0;
      if (n >= t.forMinutes) due.push(inj.id);
      else if (n > 0) next[inj.id] = n;
    } else if ('noStatusFor' in t) {
      if (statusSilenceDue(t, f.minute, status)) due.push(inj.id);
    }
  }
  return { due, held: next };
}

/** Format a count for a message: 5.1M, 48k, 730. */
export function formatCount(n: number): string {
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${Math.round(n / 1e3)}k`;
  return String(Math.round(n));
}

/** GMT clock of a minute since scenario start. */
export function clockOf(minute: number, startMinuteOfDay: number): string {
  const mod = (((startMinuteOfDay + minute) % 1440) + 1440) % 1440;
  return `${String(Math.floor(mod / 60)).padStart(2, '0')}:${String(mod % 60).padStart(2, '0')} GMT`;
}

/** The volume an inject reports for these facts. */
export function injectVolume(inj: Inject, f: Facts): number | null {
  const v = inj.volume;
  if (!v) return null;
  const raw = Math.round((f[v.metric] ?? 0) * v.factor);
  return Math.max(v.min, v.max !== undefined ? Math.min(v.max, raw) : raw);
}

/** Render an inject's message from the sim as it stands. Unknown placeholders are left as written. */
export function renderInject(
  inj: Inject,
  f: Facts,
  atMinute: number,
  startMinuteOfDay: number,
  manual: boolean,
): InjectMessage {
  const volume = injectVolume(inj, f);
  // Every fact by its name ({queryQps}), a share also as a percentage ({errorSharePct}); then the common words.
  const values: Record<string, string> = {};
  for (const [k, x] of Object.entries(f)) {
    values[k] = formatCount(x);
    values[`${k}Pct`] = `${Math.round(x * 100)}%`;
  }
  Object.assign(values, {
    volume: volume === null ? '' : formatCount(volume),
    online: formatCount(f.online ?? 0),
    offline: formatCount(f.offline ?? 0),
    expected: formatCount(f.expectedOnline ?? 0),
    pctOnline: `${Math.round((f.onlineRatio ?? 1) * 100)}%`,
    clock: clockOf(atMinute, startMinuteOfDay),
  });
  // The Skype model's own words.
  if (f.omLatencyMs !== undefined) values.latencyS = (f.omLatencyMs / 1000).toFixed(1);
  if (f.crashesThisTick !== undefined) values.crashesPerMinute = formatCount(f.crashesThisTick);
  const text = inj.text.replace(/\{([a-zA-Z]+)\}/g, (whole, key: string) => values[key] ?? whole);
  return {
    id: inj.id,
    channel: inj.channel,
    atMinute,
    from: inj.from,
    text,
    volume,
    unit: inj.volume?.unit ?? null,
    effect: inj.effect ? { ...inj.effect } : null,
    manual,
  };
}
