/**
 * A team drill's score, worked out once by the host for every seat (issue 14: the debrief is ready when the
 * drill ends). From the moment the drill is hosted:
 *
 * - par (scenario as run, seed) is looked up in the par cache or searched on par worker threads at lowered
 *   priority (sim-core/cli/par.ts `findPar`, the CLI's own search and cache), so the live drill stays smooth;
 * - a score thread (score-worker.ts) follows the drill host's log as it grows, so the run is traced by the end.
 *
 * When the drill ends the room hands over the sealed session file: the score thread traces what is left (and the
 * standing orders on to the horizon), waits for par if it is still searching (every seat sees its progress), and
 * scores. Every seat gets the score card; the facilitator gets the session file again with the score saved in
 * it, so History shows it without scoring it again.
 */
import { performance } from 'node:perf_hooks';
import type { Worker } from 'node:worker_threads';
import { DEFAULT_CACHE_DIR, findPar, workerPool } from '../../../sim-core/cli/par';
import type { LogEntry } from '../../../sim-core/src/drill/log';
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import type { ParProgress, ParResult } from '../../../sim-core/src/scoring/par';
import { hasScore } from '../../../sim-core/src/scoring/score';
import {
  parseSession,
  savedScore,
  sealSession,
  serializeSession,
} from '../../../sim-core/src/sessions/index';
import type { DrillSetup, TeamScore } from '../../../sim-core/src/team/protocol';
import { spawnScoreWorker, type ScoreWorkerIn, type ScoreWorkerOut } from './score-worker';

/** How often the searching progress is published after the end (wall ms). */
const PROGRESS_EVERY_MS = 2000;

export interface TeamScoringOptions {
  /** Where par is cached (default: the CLI's cache folder). */
  cacheDir?: string;
  /** Par worker threads (default 1: the drill host and the seats' server have the other core). */
  workers?: number;
  log?: (line: string) => void;
}

export interface TeamScoring {
  /** The drill's log so far and the minute it has reached; sends the follower only what changed. */
  follow(log: readonly LogEntry[], minute: number): void;
  /** Score the ended drill; `publish` gets each state as it comes (searching…, then scored or failed). */
  finish(sessionText: string, publish: (score: TeamScore, session?: string) => void): Promise<void>;
  /** Par's state now (for diagnostics and tests). */
  parState(): 'searching' | 'ready' | 'failed';
  close(): Promise<void>;
}

/** The scenario as a team drill runs it (built-in, scaled). */
export function scenarioAsHosted(setup: DrillSetup): Scenario {
  const base = builtinScenario(setup.scenario);
  return setup.scale < 1 ? scaleScenario(base, setup.scale) : base;
}

/** Start par and the follower for a hosted drill (see the module comment). */
export function startTeamScoring(setup: DrillSetup, opts: TeamScoringOptions = {}): TeamScoring {
  const log = opts.log ?? (() => undefined);
  const scenario = scenarioAsHosted(setup);
  const started = performance.now();
  let progress: ParProgress | null = null;
  let parStatus: 'searching' | 'ready' | 'failed' = 'searching';
  // Our own pool (so close() can stop a search still running); a cached par never uses it.
  const pool = workerPool(scenario, opts.workers ?? 1, { background: true });
  let poolClosed = false;
  const closePool = async () => {
    if (poolClosed) return;
    poolClosed = true;
    await pool.close();
  };
  const par: Promise<{ result: ParResult; cached: boolean; wallSeconds: number }> = findPar(
    scenario,
    setup.seed,
    {
      pool,
      cacheDir: opts.cacheDir ?? DEFAULT_CACHE_DIR,
      onProgress: (p) => (progress = p),
    },
  ).then(
    (r) => {
      parStatus = 'ready';
      log(`team: par ${r.cached ? 'from the cache' : `found in ${r.wallSeconds.toFixed(1)} s`}`);
      return r;
    },
    (e: unknown) => {
      parStatus = 'failed';
      throw e;
    },
  );
  par.catch(() => undefined); // awaited in finish; a failure must not surface as unhandled before then
  void par.finally(() => closePool()).catch(() => undefined);

  const worker: Worker = spawnScoreWorker(scenario, setup.seed);
  const listeners = new Set<(m: ScoreWorkerOut) => void>();
  worker.on('message', (m: ScoreWorkerOut) => {
    for (const l of [...listeners]) l(m);
  });
  let workerError: string | null = null;
  worker.on('error', (e) => {
    workerError = e.message;
    log(`team: the score thread failed: ${e.message}`);
    for (const l of [...listeners]) l({ type: 'failed', error: e.message });
  });
  const post = (m: ScoreWorkerIn) => worker.postMessage(m);
  const next = (): Promise<ScoreWorkerOut> =>
    new Promise((resolve) => {
      const l = (m: ScoreWorkerOut) => {
        listeners.delete(l);
        resolve(m);
      };
      listeners.add(l);
    });

  // What the follower has been sent: how many entries, the last one (a branch replaces it), the minute.
  let sent = 0;
  let lastSent: LogEntry | undefined;
  let sentMinute = -1;

  return {
    follow(entries, minute) {
      const branched = entries.length < sent || (sent > 0 && entries[sent - 1] !== lastSent);
      if (!branched && entries.length === sent && minute === sentMinute) return;
      // The follower is given the whole log (it compares it with what it said and starts over on a branch).
      post({ type: 'follow', log: entries.slice(), until: minute });
      sent = entries.length;
      lastSent = entries[sent - 1];
      sentMinute = minute;
    },
    async finish(sessionText, publish) {
      const fail = (reason: string) => publish({ state: 'failed', reason });
      if (workerError) return fail(`the score thread failed: ${workerError}`);
      let session;
      try {
        session = parseSession(sessionText);
      } catch (e) {
        return fail(`the session file could not be read: ${e instanceof Error ? e.message : String(e)}`);
      }
      const traced = next();
      post({ type: 'finish', log: session.log, until: session.progress.minute });
      const t = await traced;
      if (t.type !== 'traced')
        return fail(t.type === 'failed' ? t.error : 'the score thread answered out of turn');
      // Par may still be searching: every seat sees how far it is, every PROGRESS_EVERY_MS.
      const tell = () => {
        if (parStatus !== 'searching') return;
        const p = progress;
        const elapsed = (performance.now() - started) / 1000;
        const done = p?.done ?? 0;
        const total = p?.total ?? 0;
        const eta = done > 0 && total > done ? Math.round((elapsed / done) * (total - done)) : null;
        publish({ state: 'searching', done, total, etaSeconds: eta });
      };
      tell();
      const timer = setInterval(tell, PROGRESS_EVERY_MS);
      let found;
      try {
        found = await par;
      } catch (e) {
        return fail(`par could not be found: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        clearInterval(timer);
      }
      const scored = next();
      post({ type: 'score', baselines: found.result.traces });
      const s = await scored;
      if (s.type !== 'scored')
        return fail(s.type === 'failed' ? s.error : 'the score thread answered out of turn');
      const score = s.score;
      let text: string | undefined;
      try {
        const { checksum: _c, ...body } = session;
        text = serializeSession(sealSession({ ...body, score: hasScore(score) ? savedScore(score) : null }));
      } catch (e) {
        log(`team: the score could not be saved into the session file: ${String(e)}`);
      }
      publish(
        {
          state: 'scored',
          card: {
            score,
            par: {
              policy: found.result.policy,
              source: found.result.source,
              search: { evaluations: found.result.search.evaluations },
            },
            parCached: found.cached,
            parSeconds: found.cached ? 0 : found.wallSeconds,
            replay: {
              hashMatches: t.stateHash === session.progress.stateHash,
              stateHash: t.stateHash,
            },
          },
          savedStateHash: session.progress.stateHash,
        },
        text,
      );
    },
    parState: () => parStatus,
    async close() {
      listeners.clear();
      await Promise.all([worker.terminate(), closePool()]);
    },
  };
}
