/**
 * What a drill's score needs, started when the drill starts so the score is on screen moments after End:
 *
 * - par for the scenario as it runs, its scale and seed, from the page's par scheduler (the cache, else a
 *   search in the background on one worker; par-scheduler.ts);
 * - the run itself, traced behind the live drill on a worker of its own (sim-core's tracer, fed the recorded
 *   log as it grows and the minute the drill has reached), so no replay of the whole session is needed at
 *   the end. The trace counts only if it lands on the saved session's minute and state hash (analysis.ts);
 *   otherwise the debrief replays the file as before.
 *
 * One call from wherever a drill starts (app.ts: a new drill, a resumed one); a team drill's host calls the
 * same for its one drill, whatever the number of seats.
 */
import { scaleScenario } from '../../../sim-core/src/scenario/index';
import type { Scenario } from '../../../sim-core/src/scenario/schema';
import type { LogEntry } from '../../../sim-core/src/scoring/trace';
import type { SessionFile } from '../../../sim-core/src/sessions/index';
import {
  appParScheduler,
  startWorker,
  type AnalysisIn,
  type AnalysisOut,
  type ReplayResult,
} from './analysis';
import type { DrillConnection } from './connection';
import type { ParTicket } from './par-scheduler';
import { setParProbe } from '../panels/debrief/probe';

export interface ScorePrep {
  /** Par's ticket (its state, progress and result). */
  readonly par: ParTicket;
  /**
   * The run as traced behind the drill, played to the saved session's log and minute (null if following
   * failed). Ends the following: call once, when the drill has ended.
   */
  traced(session: SessionFile): Promise<ReplayResult | null>;
  /** Stop following (the par search goes on in the background). */
  dispose(): void;
}

export interface ScorePrepSetup {
  /** The scenario at full scale (the built-in one). */
  scenario: Scenario;
  scale: number;
  seed: number;
  /** The drill's connection (its snapshots say how far it has got). */
  conn: DrillConnection;
  /** The recorded log so far (session-recorder.ts). */
  log: () => readonly LogEntry[];
  /** How often the follower is told the log and minute (ms of wall time). */
  everyMs?: number;
}

/** The scenario as a drill runs it. */
export const scenarioAsRun = (scenario: Scenario, scale: number): Scenario =>
  scale < 1 ? scaleScenario(scenario, scale) : scenario;

/** Ask for par early (a briefing's scenario and seed): the search starts in the background. */
export function prefetchPar(scenario: Scenario, scale: number, seed: number): ParTicket {
  return appParScheduler().request(scenarioAsRun(scenario, scale), seed);
}

/** Start par and the follower for a drill that starts now (see the module comment). */
export function prepareScore(setup: ScorePrepSetup): ScorePrep {
  const par = prefetchPar(setup.scenario, setup.scale, setup.seed);
  setParProbe(() => par.state());
  const w = startWorker();
  const post = (m: AnalysisIn) => w.postMessage(m);
  post({
    type: 'follow',
    scenarioId: setup.scenario.id,
    // The definition itself: a scenario opened from a file has no built-in to look up by id.
    scenario: setup.scenario,
    scale: setup.scale,
    seed: setup.seed,
    stopOnFullRecovery: true,
  });
  let minute = 0;
  let told = { minute: -1, entries: -1 };
  const unsub = setup.conn.subscribe((m) => {
    if (m.type === 'snapshot') minute = m.minute;
  });
  const tell = (): void => {
    const log = setup.log();
    if (told.minute === minute && told.entries === log.length) return;
    told = { minute, entries: log.length };
    post({ type: 'followLog', log: log.map((e) => ({ ...e })), until: minute });
  };
  const timer = window.setInterval(tell, setup.everyMs ?? 1000);
  let done = false;
  const stop = (): void => {
    if (done) return;
    done = true;
    window.clearInterval(timer);
    unsub();
  };
  return {
    par,
    traced: (session) => {
      stop();
      return new Promise<ReplayResult | null>((resolve) => {
        w.onmessage = (ev: MessageEvent<AnalysisOut>) => {
          if (ev.data.type !== 'followed') return;
          if (!ev.data.ok)
            console.warn('[score] the run could not be traced behind the drill:', ev.data.error);
          resolve(ev.data.ok ? ev.data.replay : null);
        };
        w.onerror = (ev) => {
          ev.preventDefault();
          resolve(null);
        };
        post({ type: 'followTrace', log: session.log, until: session.progress.minute });
      }).finally(() => w.terminate());
    },
    dispose: () => {
      stop();
      w.terminate();
    },
  };
}
