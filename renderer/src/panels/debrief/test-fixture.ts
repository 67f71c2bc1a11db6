/**
 * Tests only: a small closed session and its analysis, computed on the calling thread (par from a short
 * search on a 0.25% network), shared by the debrief's unit tests.
 */
import { builtinScenario, scaleScenario } from '../../../../sim-core/src/scenario/index';
import { inlineRunner } from '../../../../sim-core/src/scoring/par';
import type { LogEntry } from '../../../../sim-core/src/drill/log';
import { traceLog } from '../../../../sim-core/src/scoring/trace';
import {
  newSessionBody,
  parseSession,
  replaySession,
  sealSession,
  type SessionFile,
} from '../../../../sim-core/src/sessions/index';
import { createParScheduler, type ParSource } from '../../host/par-scheduler';
import { analyseSession, type Analysis, type AnalysisDeps } from './analysis';

export const builtin = builtinScenario('skype-2010');
export const SCALE = 0.0025;
export const scaled = scaleScenario(builtin, SCALE);

/** A closed session of `log`, run for `minutes` (or until full recovery). */
export function closedSession(log: LogEntry[], minutes: number, seed = 4): SessionFile {
  const t = traceLog(scaled, seed, log, { minutes, stopOnFullRecovery: true });
  const body = newSessionBody(
    {
      id: 'debrief-test',
      now: '2026-11-22T03:00:00.000Z',
      appVersion: '0.0.0',
      scenario: builtin,
      scale: SCALE,
      seed,
    },
    t.stateHash,
  );
  return sealSession({ ...body, log, progress: { minute: t.minutes, stateHash: t.stateHash, closed: true } });
}

/** A par scheduler on the calling thread (a short search); `starts` counts the searches started. */
export function inlineScheduler(cache: Map<string, string> | null): ParSource & { starts: number } {
  let clock = 0;
  const counter = { starts: 0 };
  const source = createParScheduler({
    cache: cache && {
      get: async (k: string) => cache.get(k),
      put: async (k: string, v: string) => void cache.set(k, v),
    },
    startPool: (s) => {
      counter.starts++;
      return {
        pool: { runner: (seed: number) => inlineRunner(s, seed), close: async () => undefined },
        wake: () => undefined,
      };
    },
    hurriedWorkers: 2,
    now: () => (clock += 100),
    budget: 14,
  });
  return Object.assign(counter, source);
}

/** Analysis dependencies on the calling thread; `starts` counts par searches started. */
export function inlineDeps(
  cache: Map<string, string> | null,
  extra: Partial<AnalysisDeps> = {},
): AnalysisDeps & { starts: number } {
  const par = inlineScheduler(cache);
  const d = {
    get starts() {
      return par.starts;
    },
    par,
    replay: async (text: string) => {
      const r = replaySession(parseSession(text), { scenario: builtin });
      return { trace: r.trace, minute: r.minute, stateHash: r.stateHash, hashMatches: r.hashMatches };
    },
    ...extra,
  };
  return d;
}

/** The analysis of a session with a short par search. */
export function analyse(session: SessionFile): Promise<Analysis> {
  return analyseSession(session, builtin, inlineDeps(null));
}
