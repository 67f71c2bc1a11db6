/**
 * Scoring a closed session once, for every screen that shows it: the end screen starts it the moment the
 * drill ends, the debrief and History reuse it. It runs the analysis (analysis.ts), saves the score into the
 * session when it differs from the saved one, and tells listeners how far it is. A session with nothing to
 * score (par is no better than doing nothing over its minutes: the drill ended before trouble began) keeps no
 * score, so it never enters a leaderboard.
 */
import { hasScore } from '../../../../sim-core/src/scoring/score';
import {
  sameScore,
  savedScore,
  type SessionBody,
  type SessionFile,
} from '../../../../sim-core/src/sessions/index';
import type { Scenario } from '../../../../sim-core/src/scenario/schema';
import { analyseSession, type Analysis, type AnalysisDeps, type AnalysisProgress } from './analysis';

/** A scored session: the analysis, the session as stored now, and what the screen should say about saving. */
export interface Scored {
  analysis: Analysis;
  session: SessionFile;
  /** A replay that differs from the saved score, or a save that failed; null when all is well. */
  note: string | null;
}

/** A scoring in progress. */
export interface Scoring {
  readonly done: Promise<Scored>;
  progress(): AnalysisProgress;
  /** Called with every progress report. Returns the unsubscribe. */
  subscribe(listener: (p: AnalysisProgress) => void): () => void;
  /** Stop waiting (the par search goes on in the background). */
  cancel(): void;
}

/** Whether a score card has a score: sim-core's rule (scoring/score.ts), the one the team host uses too. */
export { hasScore };

export interface ScoringDeps extends Omit<AnalysisDeps, 'onProgress' | 'signal'> {
  /** Store the session with its score; without it nothing is saved. */
  save?: (s: SessionBody | SessionFile) => Promise<SessionFile>;
}

/** Score a session (see the module comment). */
export function startScoring(session: SessionFile, builtin: Scenario, deps: ScoringDeps): Scoring {
  const abort = new AbortController();
  const listeners = new Set<(p: AnalysisProgress) => void>();
  let last: AnalysisProgress = { stage: 'replay', fraction: 0, etaSeconds: null, parReady: false };
  const done = analyseSession(session, builtin, {
    ...deps,
    signal: abort.signal,
    onProgress: (p) => {
      last = p;
      for (const l of [...listeners]) l(p);
    },
  }).then(async (analysis) => {
    const fresh = hasScore(analysis.score) ? savedScore(analysis.score) : null;
    const saved = session.score;
    if (fresh === null ? saved === null : saved !== null && sameScore(saved, fresh))
      return { analysis, session, note: null };
    const note = saved
      ? fresh
        ? `Note: this session was saved with score ${saved.headline.toFixed(1)} (${saved.grade}); its replay scores ${fresh.headline.toFixed(1)} now. The saved score is replaced.`
        : `Note: this session was saved with score ${saved.headline.toFixed(1)} (${saved.grade}), but there is nothing to score over its minutes. The saved score is removed.`
      : null;
    if (!deps.save) return { analysis, session, note };
    try {
      const { checksum: _c, ...body } = session;
      return { analysis, session: await deps.save({ ...body, score: fresh }), note };
    } catch (e) {
      return {
        analysis,
        session,
        note: `The score could not be saved: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  });
  done.catch(() => undefined); // callers await it; a cancelled scoring must not surface as unhandled
  return {
    done,
    progress: () => last,
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    cancel: () => abort.abort(),
  };
}
