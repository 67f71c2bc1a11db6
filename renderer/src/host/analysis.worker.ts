/// <reference lib="webworker" />
/**
 * The analysis worker: par jobs for the debrief's par search (sim-core's own job runner, the same one the
 * CLI's worker threads run) and session replays. Everything that arrives is parsed: the scenario by the
 * scenario loader, jobs by the job runner, session text by the session file parser. Answers are plain JSON.
 */
import '../zod-jitless';
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import { builtinScenario, loadScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { parJobRunner, type ParJob, type ParJobResult } from '../../../sim-core/src/scoring/par-pool';
import { createTracer, sayableLog, type LogEntry, type Tracer } from '../../../sim-core/src/scoring/trace';
import { parseSession, replaySession } from '../../../sim-core/src/sessions/index';
import type { AnalysisIn, AnalysisOut } from './analysis';

declare const self: DedicatedWorkerGlobalScope;

let run: ((job: ParJob) => ParJobResult) | null = null;
const reply = (m: AnalysisOut): void => self.postMessage(m);
const why = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Following a live drill: a tracer behind it and the entries it has said. A log that no longer starts with
 * them (a branch after a seek dropped some) or has a new entry for a minute already traced starts it over.
 */
let follow: {
  scenario: Scenario;
  make: () => Tracer;
  tracer: Tracer;
  said: string[];
  error: string | null;
} | null = null;

function followTo(whole: LogEntry[], until: number): void {
  const f = follow;
  if (!f || f.error) return;
  // As a session is replayed: scored to the horizon, so the drill is not told it ended (sessions/replay.ts).
  const { said: log, minutes } = sayableLog(f.scenario, whole, { minutes: until, toHorizon: true });
  const next = log[f.said.length];
  const keeps =
    f.said.length <= log.length &&
    f.said.every((e, i) => e === JSON.stringify(log[i])) &&
    !(next && next.tick < f.tracer.minute());
  if (!keeps) {
    f.tracer.dispose();
    f.tracer = f.make();
    f.said = [];
  }
  f.tracer.playTo(log, minutes);
  f.said = log.slice(0, f.tracer.said()).map((e) => JSON.stringify(e));
}

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
        const make = () => createTracer(scenario, m.seed!, { toHorizon: true });
        follow = { scenario, make, tracer: make(), said: [], error: null };
      } catch (e) {
        follow = null;
        reply({ type: 'followed', ok: false, error: why(e) });
      }
      return;
    case 'followLog':
    case 'followTrace':
      try {
        followTo(m.log!, m.until!);
      } catch (e) {
        if (follow) follow.error = why(e);
      }
      if (m.type === 'followTrace') {
        if (!follow || follow.error)
          return reply({ type: 'followed', ok: false, error: follow?.error ?? 'no drill was followed' });
        try {
          const t = follow.tracer.finish();
          reply({
            type: 'followed',
            ok: true,
            replay: { trace: t, minute: t.liveMinutes, stateHash: t.liveStateHash, hashMatches: false },
          });
        } catch (e) {
          reply({ type: 'followed', ok: false, error: why(e) });
        }
      }
      return;
    default:
      reply({ type: 'failed', message: 'the analysis worker got a message it does not know' });
  }
};
