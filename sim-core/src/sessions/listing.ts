/**
 * The session list, written once for every store (files in Electron, IndexedDB in the browser): one line per
 * readable session, or why a stored session could not be read; readable ones newest first.
 */
import { SessionError, type SessionFile } from './schema';

/** One line of the session list: a readable session's summary, or why it could not be read. */
export type SessionListing =
  | {
      ok: true;
      id: string;
      file: string;
      title: string;
      scenario: { id: string; version: number; scale: number };
      seed: number;
      savedAt: string;
      minute: number;
      closed: boolean;
      headline: number | null;
      grade: string | null;
      /** The saved score's rules: its version and the simulated minutes it covers (null: not scored). */
      scoring: { version: number; minutes: number } | null;
      /** Who took part, by name (the history's leaderboard names them). */
      participants: string[];
    }
  | { ok: false; file: string; error: string; code: string };

/** The list line of a session read from `file`. */
export function listingOf(s: SessionFile, file: string): SessionListing {
  return {
    ok: true,
    id: s.id,
    file,
    title: s.title,
    scenario: s.scenario,
    seed: s.seed,
    savedAt: s.savedAt,
    minute: s.progress.minute,
    closed: s.progress.closed,
    headline: s.score?.headline ?? null,
    grade: s.score?.grade ?? null,
    scoring: s.score ? { version: s.score.version, minutes: s.score.minutes } : null,
    participants: s.participants.map((p) => p.name),
  };
}

/** The list line of a stored session that could not be read. */
export function unreadableListing(file: string, e: unknown): SessionListing {
  const err = e as SessionError;
  return { ok: false, file, error: err.message, code: err.code ?? 'invalid' };
}

/** Readable sessions newest first, then the unreadable ones (in place; returns the array). */
export function sortListings(list: SessionListing[]): SessionListing[] {
  return list.sort((a, b) => (a.ok && b.ok ? b.savedAt.localeCompare(a.savedAt) : a.ok ? -1 : b.ok ? 1 : 0));
}
