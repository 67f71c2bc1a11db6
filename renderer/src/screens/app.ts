/**
 * The screen flow: scenario choice -> briefing -> drill -> end of drill -> choice. Each screen has one
 * lifecycle; this module owns the drill connection between briefing and end, and the test-hook probe.
 * A drill that died (an autosave without a clean close) can be resumed from the choice screen: a new host
 * replays its log to the saved minute and the same session file carries on.
 */
import {
  builtinCascadeScenario,
  cascadeScenarioIds,
  scaleScenario,
  type Scenario,
} from '../../../sim-core/src/scenario/index';
import type { ScoredScenario } from '../../../sim-core/src/scoring/cascade';
import { mountCascadeScreen, type CascadeScreen } from './cascade-drill-screen';
import { connectWorker, type DrillConnection, type DrillSetup } from '../host/connection';
import { appParScheduler, replayOnWorker, type ReplayResult } from '../host/analysis';
import { prefetchPar, prepareScore, type ScorePrep } from '../host/score-prep';
import { startScoring, type Scoring } from '../panels/debrief/scoring';
import type { DrillMessage, ReadyMessage } from '../host/messages';
import { detectPlatform, type Platform, type SessionStorage } from '../platform';
import { createSessionRecorder, type SessionRecorder } from '../platform/session-recorder';
import { readScenarioFile, ScenarioCatalogue } from '../platform/scenario-files';
import { sessionScenario, type SessionFile } from '../../../sim-core/src/sessions/index';
import type { DrillProbe } from '../test-hook';
import { mountBriefingScreen } from './briefing-screen';
import { mountChooseScreen, type PackEntry } from './choose-screen';
import { mountDrillScreen, type DrillBench, type DrillScreen } from './drill-screen';
import { el } from '../panels/dom';
import { mountDebriefScreen } from './debrief-screen';
import { mountHistoryScreen } from './history-screen';
import { createDesktopOpener } from './desktop-open';
import { importSession } from '../panels/history/import';
import { mountEndScreen, type DrillSummary } from './end-screen';
import { parseUrlOptions } from '../url-options';

/** How often (wall-clock ms) the app checks whether an autosave is due. */
const AUTOSAVE_CHECK_MS = 200;

/** Whether an autosaved drill can be played on in this build, and on which scenario. */
type Resumable = { ok: true; scenario: Scenario } | { ok: false; reason: string };

export interface AppOptions {
  readonly seed: number;
  /** 1 = full network. Smaller values (URL `?scale=`) run the same rules on a scaled network. */
  readonly scale: number;
  readonly reducedMotion: boolean;
  readonly projector: boolean;
  readonly footer: string;
  readonly onProjector: (on: boolean) => void;
}

export interface App {
  probe(): DrillProbe;
  /** The last drill's saved session (tests). */
  lastSession(): SessionFile | null;
  bench(): DrillBench | null;
}

const NO_DRILL: DrillProbe = {
  phase: 'none',
  simMinute: 0,
  online: 0,
  supernodesAlive: 0,
  stateHash: '',
  ended: false,
};

export function startApp(root: HTMLElement, opts: AppOptions): App {
  // Built-in scenarios and the files a facilitator opened (platform/scenario-files.ts).
  const catalogue = new ScenarioCatalogue(safeStorage());
  /** A drill's setup for a scenario: a file's definition goes to the worker, a built-in is named by its id. */
  const setupOf = (scenario: Scenario, seed: number, scale: number): DrillSetup => ({
    scenario: scenario.id,
    seed,
    scale,
    ...(catalogue.fromFile(scenario.id) ? { definition: scenario } : {}),
  });
  // Every 30 s of wall time while a drill runs (the URL's `?autosave=N` seconds changes it; url-options.ts).
  const urlOptions = parseUrlOptions(window.location.search);
  const autosaveMs = urlOptions.autosaveSeconds * 1000;
  let conn: DrillConnection | null = null;
  let drill: DrillScreen | null = null;
  let cascade: CascadeScreen | null = null;
  let lastProbe: DrillProbe = NO_DRILL;
  let projector = opts.projector;
  let platform: Platform | null = null;
  const host = (): Platform => (platform ??= detectPlatform(window));
  const sessions = (): SessionStorage => host().sessions;
  let recording: { rec: SessionRecorder; timer: number; unsub: () => void } | null = null;
  // Par and the run's trace, prepared while the drill runs (host/score-prep.ts); then the ended drill's scoring.
  let prep: ScorePrep | null = null;
  let scoring: Scoring | null = null;
  const stopRecording = (): void => {
    if (!recording) return;
    window.clearInterval(recording.timer);
    recording.unsub();
    recording = null;
  };
  const scaleNoteOf = (scale: number, source: string): string =>
    scale < 1 ? `Scaled network: ${+(scale * 100).toPrecision(3)}% of full size (${source}). ` : '';
  const scaleNote = scaleNoteOf(opts.scale, 'URL setting');

  const closeDrill = (): void => {
    stopRecording();
    prep?.dispose();
    prep = null;
    if (drill) lastProbe = drill.probe();
    drill?.dispose();
    drill = null;
    if (cascade) lastProbe = cascade.probe();
    cascade?.dispose();
    cascade = null;
    conn?.dispose();
    conn = null;
  };

  const choose = (): void => {
    closeDrill();
    document.title = 'Cascade Drill';
    mountChooseScreen(root, {
      entries: catalogue.entries(),
      pack: packEntries(),
      onPickModel: playModel,
      unreadable: catalogue.unreadable,
      onPick: brief,
      note: scaleNote,
      onHistory: history,
      onOpenFile: async (file) => {
        const text = await readScenarioFile(file);
        if (typeof text !== 'string') return { ok: false, problems: text };
        return catalogue.open(file.name, text, Date.now());
      },
      onForget: (id) => catalogue.forget(id),
    });
    void offerRecovery(root.firstElementChild);
    desktop.idle();
  };

  /**
   * A built-in scenario of a model other than Skype: its own console (cascade-drill-screen.ts) at full size
   * (only the Skype network scales), briefing inside it.
   */
  const playModel = (id: string): void => {
    closeDrill();
    scoring?.cancel();
    lastProbe = NO_DRILL;
    const loaded = builtinCascadeScenario(id);
    const c = connectWorker({ scenario: id, seed: opts.seed, scale: 1 });
    conn = c;
    const status = el('p', { role: 'status' }, `Preparing “${loaded.scenario.title}”…`);
    const back = el('button', { type: 'button' }, 'Back');
    back.addEventListener('click', choose);
    root.replaceChildren(el('main', { class: 'screen' }, status, back));
    document.title = `${loaded.scenario.title} · Cascade Drill`;
    const unsub = c.subscribe((m) => {
      if (m.type === 'ready' && m.view === 'cascade') {
        unsub();
        const mount = (role: string): void => {
          cascade?.dispose();
          cascade = mountCascadeScreen(root, {
            conn: c,
            ready: m,
            scenario: loaded.scenario as unknown as ScoredScenario & { id: string; title: string },
            role,
            slowOnAlert: urlOptions.slowOnAlert,
            onRole: mount,
            onBack: choose,
          });
        };
        mount(
          Object.keys(m.roles).includes('incidentCommander') ? 'incidentCommander' : Object.keys(m.roles)[0]!,
        );
      } else if (m.type === 'error') {
        unsub();
        lastProbe = { ...lastProbe, phase: 'error' };
        status.textContent = `The drill could not start: ${m.message}`;
      }
    });
  };

  const brief = (scenario: Scenario): void => {
    closeDrill();
    scoring?.cancel();
    lastProbe = NO_DRILL;
    prefetchPar(scenario, opts.scale, opts.seed);
    const c = connectWorker(setupOf(scenario, opts.seed, opts.scale));
    conn = c;
    let ready: ReadyMessage | null = null;
    const screen = mountBriefingScreen(
      root,
      scenario,
      scaleNote,
      ({ role, names }) => {
        if (!ready) return;
        unsub();
        void play(c, ready, scenario, role, null, names);
      },
      choose,
    );
    const unsub = c.subscribe((m) => {
      if (m.type === 'ready' && m.view === 'supernodes') {
        ready = m;
        screen.ready(m);
      } else if (m.type === 'error') {
        screen.failed(m.message);
        console.error('[drill host]', m.message);
      }
    });
  };

  /** The drill screen on a ready host: a fresh drill, or (`from`) a saved one resumed at its saved minute. */
  const play = async (
    c: DrillConnection,
    ready: ReadyMessage,
    scenario: Scenario,
    role: string,
    from: SessionFile | null,
    names: readonly string[] = [],
  ): Promise<void> => {
    const scale = from ? from.scenario.scale : opts.scale;
    const newId = `drill-${Date.now().toString(36)}`;
    const rec = createSessionRecorder({
      id: newId,
      scenario,
      scale,
      seed: from ? from.seed : opts.seed,
      appVersion: __APP_VERSION__,
      role,
      names,
      ...(from ? { from } : {}),
    });
    // The session file has no field for the speed: it is kept beside it (per session id) so Resume plays on
    // at the speed the drill had.
    const sessionId = from?.id ?? newId;
    const speedKey = (id: string): string => `cascade-drill:speed:${id}`;
    const savedSpeed = from ? Number(safeStorage()?.getItem(speedKey(from.id))) : Number.NaN;
    // Everything the screen sends and the host answers passes the recorder: that is the session file.
    const recorded: DrillConnection = {
      send: (m) => {
        rec.sent(m);
        c.send(m);
        if (m.type === 'setSpeed') safeStorage()?.setItem(speedKey(sessionId), String(m.speed));
      },
      subscribe: (l) => c.subscribe(l),
      dispose: () => c.dispose(),
    };
    // Autosave whenever what would be saved changed (a decision, a bookmark, a new hashed minute: the host
    // hashes every 15 simulated minutes while running), checked every AUTOSAVE_CHECK_MS, one write at a time.
    // At 3600x a quarter hour passes in 250 ms, so a crash costs less than a simulated quarter hour plus one
    // check at any speed.
    let savedAt = -1;
    let writing = false;
    const autosave = (): void => {
      const n = rec.changes();
      if (writing || n === savedAt) return;
      const body = rec.body();
      if (!body) return;
      writing = true;
      savedAt = n;
      sessions()
        .autosave(body)
        .catch((e: unknown) => console.error('[autosave]', e))
        .finally(() => {
          writing = false;
        });
    };
    recording = {
      rec,
      timer: window.setInterval(autosave, Math.min(AUTOSAVE_CHECK_MS, autosaveMs)),
      unsub: c.subscribe((m) => rec.received(m)),
    };
    prep = prepareScore({ scenario, scale, seed: from ? from.seed : opts.seed, conn: c, log: rec.log });
    try {
      drill = await mountDrillScreen(root, {
        conn: recorded,
        ready,
        // The network as it runs: lever previews (pools, capacities) and the 2010 ghost at the drill's scale.
        scenario: scale < 1 ? scaleScenario(scenario, scale) : scenario,
        role,
        reducedMotion: opts.reducedMotion,
        projector,
        slowOnAlert: urlOptions.slowOnAlert,
        ...(ready.speeds.includes(savedSpeed) ? { speed: savedSpeed } : {}),
        footer: opts.footer,
        scaleNote: from ? scaleNoteOf(scale, 'as saved') : scaleNote,
        ...(from ? { resume: { log: from.log, minute: from.progress.minute } } : {}),
        onProjector: (on) => {
          projector = on;
          opts.onProjector(on);
        },
        onEnd: (summary) => void endDrill(c, rec, summary),
      });
    } catch (err) {
      lastProbe = { ...lastProbe, phase: 'error' };
      root.textContent = `The drill could not start: ${err instanceof Error ? err.message : String(err)}`;
      console.error('[drill]', err);
    }
  };

  /** The final state hash, then a clean close (saved, autosave dropped), then the end screen. */
  const endDrill = async (c: DrillConnection, rec: SessionRecorder, summary: DrillSummary): Promise<void> => {
    await finalSnapshot(c);
    const prepared = prep;
    prep = null;
    closeDrill();
    const body = rec.body();
    let saved: SessionFile | null = null;
    let saveError: string | null = null;
    if (body)
      try {
        saved = await sessions().close(body);
      } catch (e) {
        saveError = e instanceof Error ? e.message : String(e);
        console.error('[session]', e);
      }
    lastSession = saved;
    // Scored at once: par has been searched since the drill started, and the run traced behind it.
    const scored = saved ? scoreSession(saved, prepared?.traced(saved)) : null;
    if (!saved) prepared?.dispose();
    const showEnd = (): void =>
      mountEndScreen(root, summary, choose, {
        saved: saved !== null,
        saveError,
        onDebrief: saved ? () => debrief(saved, summary, showEnd, scored) : null,
        scoring: scored,
      });
    showEnd();
  };
  let lastSession: SessionFile | null = null;

  /** The debrief of a saved session: it scores the session and saves the score and notes back into it. */
  const debrief = (
    session: SessionFile,
    summary: Pick<DrillSummary, 'scenarioTitle' | 'startEpochMs'>,
    onBack: () => void,
    running: Scoring | null = null,
  ): void => {
    const scenario = catalogue.find(session.scenario.id);
    if (!scenario) {
      const back = el('button', { type: 'button', class: 'primary' }, 'Back');
      back.addEventListener('click', onBack);
      root.replaceChildren(
        el(
          'main',
          { class: 'screen', 'aria-label': 'Debrief not available' },
          el('h1', {}, session.title),
          el(
            'p',
            { role: 'alert' },
            `This session was played on the scenario "${session.scenario.id}" (version ${session.scenario.version}), which is neither built in nor a file opened in this console. Open that scenario file on the choice screen, then open the session again.`,
          ),
          back,
        ),
      );
      back.focus();
      return;
    }
    void mountDebriefScreen(root, {
      session,
      scenario,
      summary,
      onBack,
      save: (s) => sessions().save(s),
      exports: host().reports,
      ...(running ? { scoring: running } : {}),
    });
  };
  /** The scenario a session of this console names (a drill only starts on a scenario the catalogue has). */
  const scenarioOf = (session: SessionFile): Scenario => {
    const scenario = catalogue.find(session.scenario.id);
    if (!scenario) throw new Error(`this console has no scenario "${session.scenario.id}"`);
    return scenario;
  };
  /** Score a closed session (saved into it), with the run's trace when one was kept while it ran. */
  const scoreSession = (session: SessionFile, traced?: Promise<ReplayResult | null>): Scoring => {
    scoring?.cancel();
    scoring = startScoring(session, scenarioOf(session), {
      par: appParScheduler(),
      replay: replayOnWorker,
      ...(traced ? { traced } : {}),
      save: (s) => sessions().save(s),
    });
    return scoring;
  };
  /** A saved session's title line and clock start, from its scenario (a session has no end summary). */
  const summaryOf = (s: SessionFile): Pick<DrillSummary, 'scenarioTitle' | 'startEpochMs'> => {
    const scenario = catalogue.find(s.scenario.id);
    return {
      scenarioTitle: scenario?.title ?? s.title,
      startEpochMs: Date.parse(scenario?.startIso ?? s.createdAt),
    };
  };
  /** Past sessions per scenario, their trend and the same-seed leaderboard; each opens in its debrief. */
  const history = (): void => {
    closeDrill();
    document.title = 'History · Cascade Drill';
    mountHistoryScreen(root, {
      scenarios: catalogue.scenarios(),
      sessions: sessions(),
      onOpen: (s) => debrief(s, summaryOf(s), history),
      onBack: choose,
    });
  };

  /** Whether this build can play on from a saved session: its scenario and model version must fit. */
  const resumable = (session: SessionFile): Resumable => {
    const scenario = catalogue.find(session.scenario.id);
    if (!scenario)
      return {
        ok: false,
        reason: `its scenario "${session.scenario.id}" is neither built in nor a file opened in this console`,
      };
    try {
      sessionScenario(session, scenario);
    } catch (e) {
      return { ok: false, reason: e instanceof Error ? e.message : String(e) };
    }
    if (!session.drill.stopOnFullRecovery)
      return { ok: false, reason: 'it was recorded as a headless run (no full-recovery stop)' };
    if (session.progress.minute >= scenario.model.durationMinutes)
      return { ok: false, reason: 'it had reached the end of the scenario' };
    return { ok: true, scenario };
  };

  /**
   * Resume drill: a new host on the saved scenario, scale and seed; the drill screen replays the saved log
   * (the host pauses at the saved minute) and the session recorder carries on the same session file.
   */
  const resume = (session: SessionFile, scenario: Scenario): void => {
    closeDrill();
    lastProbe = NO_DRILL;
    const c = connectWorker(setupOf(scenario, session.seed, session.scenario.scale));
    conn = c;
    const status = el('p', { role: 'status' }, `Resuming ${session.title}…`);
    const back = el('button', { type: 'button', hidden: '' }, 'Back');
    back.addEventListener('click', choose);
    root.replaceChildren(el('main', { class: 'screen', 'aria-label': 'Resuming a drill' }, status, back));
    const unsub = c.subscribe((m) => {
      if (m.type === 'ready' && m.view === 'supernodes') {
        unsub();
        const roles = Object.keys(m.roles);
        const saved = session.participants.find((p) => roles.includes(p.role))?.role;
        void play(c, m, scenario, saved ?? roles[0] ?? 'incidentCommander', session);
      } else if (m.type === 'error') {
        unsub();
        lastProbe = { ...lastProbe, phase: 'error' };
        status.textContent = `The drill could not be resumed: ${m.message}`;
        back.hidden = false;
        console.error('[drill host]', m.message);
      }
    });
  };

  /**
   * At the choice screen: an autosave without a clean close is a drill that died. Offer to resume it (when its
   * scenario and model fit this build; otherwise say why not), its debrief (which closes it cleanly first), or
   * to discard it.
   */
  const offerRecovery = async (screen: Element | null): Promise<void> => {
    let found;
    try {
      found = (await sessions().recoverable())[0];
    } catch (e) {
      console.error('[sessions]', e);
      return;
    }
    if (!found || !screen?.isConnected) return;
    const discard = el('button', { type: 'button' }, 'Discard it');
    const banner = el(
      'section',
      { class: 'recover', 'aria-label': 'Unfinished drill' },
      el(
        'p',
        {},
        found.ok
          ? `A drill did not close cleanly: ${found.session.title}, saved at simulated minute ${found.session.progress.minute}.`
          : `An autosaved drill could not be read: ${found.error}`,
      ),
    );
    discard.addEventListener('click', () => {
      sessions()
        .discardAutosave(found.id)
        .then(() => banner.remove())
        .catch((e: unknown) => console.error('[sessions]', e));
    });
    if (found.ok) {
      const session = found.session;
      const fit = resumable(session);
      const open = el('button', { type: 'button', class: fit.ok ? '' : 'primary' }, 'Open its debrief');
      open.addEventListener('click', () => {
        sessions()
          .close(session)
          .then((closed) => {
            debrief(closed, summaryOf(closed), choose);
          })
          .catch((e: unknown) => {
            banner.append(el('p', { class: 'alert', role: 'alert' }, `Could not open it: ${String(e)}`));
          });
      });
      if (fit.ok) {
        const go = el('button', { type: 'button', class: 'primary' }, 'Resume drill');
        go.addEventListener('click', () => resume(session, fit.scenario));
        banner.append(el('div', { class: 'actions' }, go, open, discard));
      } else {
        banner.append(
          el('p', { class: 'muted', 'data-resume': 'unavailable' }, `It cannot be resumed: ${fit.reason}.`),
          el('div', { class: 'actions' }, open, discard),
        );
      }
    } else banner.append(el('div', { class: 'actions' }, discard));
    screen.prepend(banner);
  };

  // Session files from the desktop (Electron): imported like History's, shown in their debrief; never mid-drill.
  const desktop = createDesktopOpener({
    drillRunning: () => drill !== null,
    importText: async (text) => (await importSession(text, sessions())).session,
    show: (s) => debrief(s, summaryOf(s), history),
    notify: (message, kind) =>
      root.firstElementChild?.prepend(
        el('p', { class: kind === 'alert' ? 'alert' : 'muted', role: kind }, message),
      ),
  });
  host().onOpenSessionFile?.((file) => desktop.receive(file));

  choose();
  return {
    probe: () => (drill ? drill.probe() : cascade ? cascade.probe() : lastProbe),
    bench: () => drill?.bench ?? null,
    lastSession: () => lastSession,
  };
}

/** localStorage, or null where it is not available (a sandboxed frame, storage switched off). */
function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Ask the host for a snapshot (it carries the state hash once the drill has ended); wait up to 2 s for it. */
function finalSnapshot(c: DrillConnection): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      window.clearTimeout(timer);
      unsub();
      resolve();
    };
    const unsub = c.subscribe((m: DrillMessage) => {
      if (m.type === 'snapshot' && m.stateHash) done();
    });
    const timer = window.setTimeout(done, 2000);
    c.send({ v: 1, type: 'snapshot' });
  });
}

/** The built-in scenarios of models other than Skype, as the choice screen lists them. */
function packEntries(): PackEntry[] {
  return cascadeScenarioIds
    .map((id) => builtinCascadeScenario(id))
    .filter((l) => l.kind !== 'skype')
    .map(({ scenario: s }) => ({
      id: s.id,
      title: s.title,
      startIso: s.startIso,
      durationMinutes: s.model.durationMinutes,
      teaches: (s as { teaches?: string }).teaches ?? null,
    }));
}
