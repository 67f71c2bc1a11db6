/**
 * A team drill's score, traced in the hosting process on a worker thread of its own (never in a seat, never on
 * the thread that serves the seats or runs the drill host): it follows the drill host's log as it grows with
 * sim-core's follower, so at the end only the last minutes and the standing orders to the horizon are left to
 * trace; then it scores the trace against par's baselines. Its priority is lowered (Linux) like par's threads.
 *
 * In:  { type: 'follow', log, until } · { type: 'finish', log, until } · { type: 'score', baselines }
 * Out: { type: 'traced', minute, stateHash } · { type: 'scored', score } · { type: 'failed', error }
 */
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { backgroundThisThread } from '../../../sim-core/cli/thread-priority';
import type { LogEntry } from '../../../sim-core/src/drill/log';
import { loadScenario } from '../../../sim-core/src/scenario/index';
import { createFollower } from '../../../sim-core/src/scoring/follow';
import { scoreTrace, type Baselines, type Score } from '../../../sim-core/src/scoring/score';
import type { RunTrace } from '../../../sim-core/src/scoring/trace';
import type { Scenario } from '../../../sim-core/src/scenario/schema';

export type ScoreWorkerIn =
  | { type: 'follow'; log: readonly LogEntry[]; until: number }
  | { type: 'finish'; log: readonly LogEntry[]; until: number }
  | { type: 'score'; baselines: Baselines };

export type ScoreWorkerOut =
  | { type: 'traced'; minute: number; stateHash: string }
  | { type: 'scored'; score: Score }
  | { type: 'failed'; error: string };

/** Start the score thread for a drill of `scenario` (as it runs, scaled) and `seed`. */
export function spawnScoreWorker(scenario: Scenario, seed: number): Worker {
  return new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'], workerData: { scenario, seed } });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const { scenario: raw, seed } = workerData as { scenario: unknown; seed: number };
  backgroundThisThread();
  const scenario = loadScenario(raw);
  const follower = createFollower(scenario, seed);
  let trace: RunTrace | null = null;
  const out = (m: ScoreWorkerOut) => port.postMessage(m);
  const why = (e: unknown) => (e instanceof Error ? e.message : String(e));
  port.on('message', (m: ScoreWorkerIn) => {
    try {
      if (m.type === 'follow') follower.followTo(m.log, m.until);
      else if (m.type === 'finish') {
        trace = follower.finish(m.log, m.until);
        out({ type: 'traced', minute: trace.liveMinutes, stateHash: trace.liveStateHash });
      } else if (m.type === 'score') {
        if (!trace) throw new Error('the drill has not been traced to its end');
        out({ type: 'scored', score: scoreTrace(scenario, seed, trace, m.baselines) });
      }
    } catch (e) {
      out({ type: 'failed', error: why(e) });
    }
  });
}
