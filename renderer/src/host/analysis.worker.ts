/// <reference lib="webworker" />
/**
 * The analysis worker: par jobs for the debrief's par search (sim-core's own job runner, the same one the
 * CLI's worker threads run) and session replays. Everything that arrives is parsed: the scenario by the
 * scenario loader, jobs by the job runner, session text by the session file parser. Answers are plain JSON.
 */
import '../zod-jitless';
import { builtinScenario, loadScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { parJobRunner, type ParJob, type ParJobResult } from '../../../sim-core/src/scoring/par-pool';
import { createFollower, type Follower } from '../../../sim-core/src/scoring/follow';
import { parseSession, replaySession } from '../../../sim-core/src/sessions/index';
import type { AnalysisIn, AnalysisOut } from './analysis';

declare const self: DedicatedWorkerGlobalScope;

let run: ((job: ParJob) => ParJobResult) | null = null;
const reply = (m: AnalysisOut): void => self.postMessage(m);
const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Following a live drill: sim-core's follower (scoring/follow.ts), the one a team drill's host uses too. */
let follow: Follower | null = null;

self.onmessage = (ev: MessageEvent<unknown>) => {
  const m = ev.data as Partial<AnalysisIn> | null;
  switch (m?.type) {
    case 'init':
      try {
        run = parJobRunner(loadScenario(m.scenario));
      } catch (e) {
        reply({ type: 'failed', message: `the scenario could not be loaded: ${why(e)}` });
      }
      return;
    case 'job':
      if (!run) return reply({ type: 'failed', message: 'a par job arrived before the scenario' });
      return reply({ type: 'result', result: run(m.job as ParJob) });
    case 'replay':
      try {
        const session = parseSession(m.text);
        const scenario = m.scenario ? loadScenario(m.scenario) : builtinScenario(session.scenario.id);
        const r = replaySession(session, { scenario });
        reply({
          type: 'replayed',
          ok: true,
          replay: { trace: r.trace, minute: r.minute, stateHash: r.stateHash, hashMatches: r.hashMatches },
        });
      } catch (e) {
        reply({ type: 'replayed', ok: false, error: why(e) });
      }
      return;
    case 'follow':
      try {
        const b = m.scenario ? loadScenario(m.scenario) : builtinScenario(m.scenarioId!);
        const scenario = m.scale! < 1 ? scaleScenario(b, m.scale!) : b;
        follow?.dispose();
        follow = createFollower(scenario, m.seed!);
      } catch (e) {
        follow = null;
        reply({ type: 'followed', ok: false, error: why(e) });
      }
      return;
    case 'followLog':
      follow?.followTo(m.log!, m.until!);
      return;
    case 'followTrace': {
      if (!follow) return reply({ type: 'followed', ok: false, error: 'no drill was followed' });
      try {
        const t = follow.finish(m.log!, m.until!);
        reply({
          type: 'followed',
          ok: true,
          replay: { trace: t, minute: t.liveMinutes, stateHash: t.liveStateHash, hashMatches: false },
        });
      } catch (e) {
        reply({ type: 'followed', ok: false, error: why(e) });
      }
      return;
    }
    default:
      reply({ type: 'failed', message: 'the analysis worker got a message it does not know' });
  }
};
