/**
 * Pure parts of the history screen: saved sessions grouped by scenario, the trend of their scores over
 * time, and the same-seed leaderboard. A leaderboard compares like with like: the same scenario version,
 * seed and scale (a different seed is a different night; a different scale a different network) and the same
 * scoring rules (the score's version and the minutes it covers: since score version 2 every run is scored over
 * the scenario's whole window however early it ended, so a drill that ended itself at full recovery ranks with
 * the full-length ones; an older score over a run's own minutes does not); closed and scored sessions only.
 * Every session that is not ranked says why.
 */
import type { SessionListing } from '../../../../sim-core/src/sessions/index';

/** A readable session listing. */
export type Listed = Extract<SessionListing, { ok: true }>;
/** A listing with a score. */
export type Scored = Listed & { headline: number; grade: string };

const isScored = (l: Listed): l is Scored => l.headline !== null && l.grade !== null;

/** The sessions of one scenario, newest first, and the trend of their scores (oldest first). */
export interface ScenarioHistory {
  scenarioId: string;
  sessions: Listed[];
  trend: TrendPoint[];
  /** Mean headline of the latest `window` scored sessions and of the `window` before them. */
  recentMean: number | null;
  previousMean: number | null;
}

export interface TrendPoint {
  savedAt: string;
  headline: number;
  /** Mean of this and up to four scored sessions before it. */
  rolling: number;
  id: string;
}

/** Group readable listings by scenario id (in the order scenarios first appear, newest first). */
export function historyByScenario(listings: readonly SessionListing[], window = 5): ScenarioHistory[] {
  const by = new Map<string, Listed[]>();
  for (const l of listings) {
    if (!l.ok) continue;
    const list = by.get(l.scenario.id) ?? [];
    list.push(l);
    by.set(l.scenario.id, list);
  }
  return [...by.entries()].map(([scenarioId, sessions]) => {
    sessions.sort((a, b) => b.savedAt.localeCompare(a.savedAt));
    const scored = sessions.filter(isScored).reverse();
    const trend = scored.map((s, i) => {
      const from = Math.max(0, i - window + 1);
      const win = scored.slice(from, i + 1);
      return {
        savedAt: s.savedAt,
        headline: s.headline,
        rolling: win.reduce((a, b) => a + b.headline, 0) / win.length,
        id: s.id,
      };
    });
    const mean = (xs: Scored[]) =>
      xs.length > 0 ? xs.reduce((a, b) => a + b.headline, 0) / xs.length : null;
    const n = scored.length;
    return {
      scenarioId,
      sessions,
      trend,
      recentMean: mean(scored.slice(Math.max(0, n - window))),
      previousMean: mean(scored.slice(Math.max(0, n - 2 * window), Math.max(0, n - window))),
    };
  });
}

/** One leaderboard: a scenario version, seed, scale and scoring rules (score version, simulated minutes scored). */
export interface BoardKey {
  scenarioId: string;
  version: number;
  seed: number;
  scale: number;
  scoreVersion: number;
  minutes: number;
}

export const boardKeyText = (k: BoardKey): string =>
  `seed ${k.seed}${k.scale < 1 ? ` · ${+(k.scale * 100).toPrecision(3)}% scale` : ''} · scored over ${k.minutes} simulated minutes · score v${k.scoreVersion} · scenario v${k.version}`;

const keyOf = (s: Scored): BoardKey => ({
  scenarioId: s.scenario.id,
  version: s.scenario.version,
  seed: s.seed,
  scale: s.scenario.scale,
  scoreVersion: s.scoring?.version ?? 0,
  minutes: s.scoring?.minutes ?? s.minute,
});

/**
 * Why a session is on no leaderboard, or null when it is ranked. `scoring` is what the background scoring
 * knows of an unscored session (null: nothing yet).
 */
export function notRankedBecause(s: Listed, scoring: string | null = null): string | null {
  if (!s.closed) return 'not ranked: the drill did not close cleanly';
  if (!isScored(s)) return `not ranked: ${scoring ?? 'not scored yet'}`;
  return null;
}

/** Every leaderboard the scored, closed sessions of a scenario make, the most played first. */
export function boardKeys(sessions: readonly Listed[]): Array<BoardKey & { count: number }> {
  const m = new Map<string, BoardKey & { count: number }>();
  for (const s of sessions) {
    if (!isScored(s) || !s.closed) continue;
    const k = keyOf(s);
    const id = JSON.stringify(k);
    const e = m.get(id) ?? { ...k, count: 0 };
    e.count++;
    m.set(id, e);
  }
  return [...m.values()].sort(
    (a, b) => b.count - a.count || a.seed - b.seed || b.scale - a.scale || b.minutes - a.minutes,
  );
}

/** The ranked sessions of one leaderboard: best headline first; a tie goes to the earlier session. */
export function leaderboard(sessions: readonly Listed[], key: BoardKey): Array<Scored & { rank: number }> {
  const rows = sessions
    .filter(isScored)
    .filter(
      (s) =>
        s.closed &&
        s.scenario.id === key.scenarioId &&
        s.scenario.version === key.version &&
        s.seed === key.seed &&
        s.scenario.scale === key.scale &&
        (s.scoring?.version ?? 0) === key.scoreVersion &&
        (s.scoring?.minutes ?? s.minute) === key.minutes,
    )
    .sort((a, b) => b.headline - a.headline || a.savedAt.localeCompare(b.savedAt));
  let rank = 0;
  return rows.map((r, i) => {
    if (i === 0 || r.headline !== rows[i - 1]!.headline) rank = i + 1;
    return { ...r, rank };
  });
}
