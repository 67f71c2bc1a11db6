/**
 * The screen flow: scenario choice -> briefing -> drill -> end of drill -> choice. Each screen has one
 * lifecycle; this module owns the drill connection between briefing and end, and the test-hook probe.
 */
import { builtinScenario, builtinScenarioIds, type Scenario } from '../../../sim-core/src/scenario/index';
import { connectWorker, type DrillConnection } from '../host/connection';
import type { DrillMessage, ReadyMessage } from '../host/messages';
import { detectPlatform, type SessionStorage } from '../platform';
import { createSessionRecorder, type SessionRecorder } from '../platform/session-recorder';
import type { SessionFile } from '../../../sim-core/src/sessions/index';
import type { DrillProbe } from '../test-hook';
import { mountBriefingScreen } from './briefing-screen';
import { mountChooseScreen } from './choose-screen';
import { mountDrillScreen, type DrillBench, type DrillScreen } from './drill-screen';
import { el } from '../panels/dom';
import { mountDebriefScreen } from './debrief-screen';
import { mountEndScreen, type DrillSummary } from './end-screen';

/** Autosave interval the issue asks for: every 30 s of wall time while a drill runs. */
const AUTOSAVE_MS = 30_000;

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
  const scenarios: Scenario[] = builtinScenarioIds.map((id) => builtinScenario(id));
  let conn: DrillConnection | null = null;
  let drill: DrillScreen | null = null;
  let lastProbe: DrillProbe = NO_DRILL;
  let projector = opts.projector;
  let sessionStorage: SessionStorage | null = null;
  const sessions = (): SessionStorage => (sessionStorage ??= detectPlatform(window).sessions);
  let recording: { rec: SessionRecorder; timer: number; unsub: () => void } | null = null;
  const stopRecording = (): void => {
    if (!recording) return;
    window.clearInterval(recording.timer);
    recording.unsub();
    recording = null;
  };
  const scaleNote =
    opts.scale < 1
      ? `Scaled network: ${+(opts.scale * 100).toPrecision(3)}% of full size (URL setting). `
      : '';

  const closeDrill = (): void => {
    stopRecording();
    if (drill) lastProbe = drill.probe();
    drill?.dispose();
    drill = null;
    conn?.dispose();
    conn = null;
  };

  const choose = (): void => {
    closeDrill();
    document.title = 'Cascade Drill';
    mountChooseScreen(root, scenarios, brief, scaleNote);
    void offerRecovery(root.firstElementChild);
  };

  const brief = (scenario: Scenario): void => {
    closeDrill();
    lastProbe = NO_DRILL;
    const c = connectWorker({ scenario: scenario.id, seed: opts.seed, scale: opts.scale });
    conn = c;
    let ready: ReadyMessage | null = null;
    const screen = mountBriefingScreen(
      root,
      scenario,
      scaleNote,
      ({ role }) => {
        if (!ready) return;
        unsub();
        void play(c, ready, scenario, role);
      },
      choose,
    );
    const unsub = c.subscribe((m) => {
      if (m.type === 'ready') {
        ready = m;
        screen.ready(m);
      } else if (m.type === 'error') {
        screen.failed(m.message);
        console.error('[drill host]', m.message);
      }
    });
  };

  const play = async (
    c: DrillConnection,
    ready: ReadyMessage,
    scenario: Scenario,
    role: string,
  ): Promise<void> => {
    const rec = createSessionRecorder({
      id: `drill-${Date.now().toString(36)}`,
      scenario,
      scale: opts.scale,
      seed: opts.seed,
      appVersion: __APP_VERSION__,
      role,
    });
    // Everything the screen sends and the host answers passes the recorder: that is the session file.
    const recorded: DrillConnection = {
      send: (m) => {
        rec.sent(m);
        c.send(m);
      },
      subscribe: (l) => c.subscribe(l),
      dispose: () => c.dispose(),
    };
    const autosave = (): void => {
      const body = rec.body();
      if (body)
        sessions()
          .autosave(body)
          .catch((e: unknown) => console.error('[autosave]', e));
    };
    recording = {
      rec,
      timer: window.setInterval(autosave, AUTOSAVE_MS),
      unsub: c.subscribe((m) => rec.received(m)),
    };
    try {
      drill = await mountDrillScreen(root, {
        conn: recorded,
        ready,
        scenario,
        role,
        reducedMotion: opts.reducedMotion,
        projector,
        footer: opts.footer,
        scaleNote,
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
    const showEnd = (): void =>
      mountEndScreen(root, summary, choose, {
        saved: saved !== null,
        saveError,
        onDebrief: saved
          ? () => mountDebriefScreen(root, { session: saved, summary, onBack: showEnd })
          : null,
      });
    showEnd();
  };
  let lastSession: SessionFile | null = null;

  /**
   * At the choice screen: an autosave without a clean close is a drill that died. Offer its debrief (which
   * closes it cleanly first) or to discard it. Resuming play from it is not built (docs/scoring.md).
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
      const open = el('button', { type: 'button', class: 'primary' }, 'Open its debrief');
      const session = found.session;
      open.addEventListener('click', () => {
        sessions()
          .close(session)
          .then((closed) => {
            const scenario = scenarios.find((x) => x.id === closed.scenario.id);
            mountDebriefScreen(root, {
              session: closed,
              summary: {
                scenarioTitle: scenario?.title ?? closed.title,
                startEpochMs: Date.parse(scenario?.startIso ?? closed.createdAt),
              },
              onBack: choose,
            });
          })
          .catch((e: unknown) => {
            banner.append(el('p', { class: 'alert', role: 'alert' }, `Could not open it: ${String(e)}`));
          });
      });
      banner.append(el('div', { class: 'actions' }, open, discard));
    } else banner.append(el('div', { class: 'actions' }, discard));
    screen.prepend(banner);
  };

  choose();
  return {
    probe: () => (drill ? drill.probe() : lastProbe),
    bench: () => drill?.bench ?? null,
    lastSession: () => lastSession,
  };
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
