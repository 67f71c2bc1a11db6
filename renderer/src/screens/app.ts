/**
 * The screen flow: scenario choice -> briefing -> drill -> end of drill -> choice. Each screen has one
 * lifecycle; this module owns the drill connection between briefing and end, and the test-hook probe.
 */
import { builtinScenario, builtinScenarioIds, type Scenario } from '../../../sim-core/src/scenario/index';
import { connectWorker, type DrillConnection } from '../host/connection';
import type { ReadyMessage } from '../host/messages';
import type { DrillProbe } from '../test-hook';
import { mountBriefingScreen } from './briefing-screen';
import { mountChooseScreen } from './choose-screen';
import { mountDrillScreen, type DrillBench, type DrillScreen } from './drill-screen';
import { mountEndScreen } from './end-screen';

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
  const scaleNote =
    opts.scale < 1
      ? `Scaled network: ${+(opts.scale * 100).toPrecision(3)}% of full size (URL setting). `
      : '';

  const closeDrill = (): void => {
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
    try {
      drill = await mountDrillScreen(root, {
        conn: c,
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
        onEnd: (summary) => {
          closeDrill();
          mountEndScreen(root, summary, choose);
        },
      });
    } catch (err) {
      lastProbe = { ...lastProbe, phase: 'error' };
      root.textContent = `The drill could not start: ${err instanceof Error ? err.message : String(err)}`;
      console.error('[drill]', err);
    }
  };

  choose();
  return {
    probe: () => (drill ? drill.probe() : lastProbe),
    bench: () => drill?.bench ?? null,
  };
}
