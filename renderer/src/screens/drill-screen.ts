/**
 * The placeholder drill screen: header with the scenario clock, the network map, a legend and the status
 * line. It already runs the real model (in a worker, through the sim host) so the pipe from sim-core to
 * pixels exists from day one; issue 6 grows it into the operator console.
 *
 * Lifecycle: `start()` once, `dispose()` once. The UI thread only draws: it asks the host for the next
 * frame when the previous one has arrived, a few simulated minutes per animation frame.
 */
import type { Application } from 'pixi.js';
import { formatGmtClock, isoMinute, scenarioInstant } from '../format/clock';
import type { SimHost } from '../host/sim-host';
import type { SimFrame, SimReady } from '../host/protocol';
import { el } from '../panels/dom';
import { createLegend } from '../panels/legend';
import { StatusLine } from '../panels/status-line';
import type { DrillProbe } from '../test-hook';
import { CONSOLE_BACKGROUND } from '../views/colour';
import { NetworkView } from '../views/network-view';
import { createStage } from '../views/stage';

/** What the screen needs from outside; passed in so the screen never decides where it runs. */
export interface DrillScreenDeps {
  readonly host: SimHost;
  readonly seed: number;
  /** Fraction of the full-size network to simulate (the placeholder draws a small one). */
  readonly scale: number;
  /** Simulated minutes per animation frame. */
  readonly ticksPerFrame: number;
  readonly reducedMotion: boolean;
  readonly footer: string;
}

/** The drill screen as the rest of the app sees it. */
export interface DrillScreen {
  start(): Promise<void>;
  /** Latest state, for the status line and the test hook. */
  probe(): DrillProbe;
  dispose(): void;
}

/** "1% scale" for a 0.01 network: the placeholder says plainly that it is not full size. */
function formatScale(scale: number): string {
  return scale >= 1 ? 'full-size' : `${+(scale * 100).toPrecision(2)}% scale`;
}

/** Builds the screen's DOM inside `root` and returns its lifecycle handle. */
export function createDrillScreen(root: HTMLElement, deps: DrillScreenDeps): DrillScreen {
  const clock = el('time', { class: 'clock', 'aria-label': 'Scenario clock' }, '—');
  const scenario = el('span', { class: 'scenario-name' }, 'Loading scenario…');
  const map = el('div', { class: 'network-map', role: 'img', 'aria-label': 'Network map' });
  const status = new StatusLine();
  const alert = el('p', { class: 'alert', role: 'alert', hidden: '' });

  root.replaceChildren(
    el(
      'header',
      { class: 'console-header' },
      el('h1', {}, 'Cascade Drill'),
      scenario,
      el('span', { class: 'spacer' }),
      clock,
    ),
    el('main', { class: 'console-main' }, map, el('aside', { class: 'side' }, createLegend())),
    el(
      'footer',
      { class: 'console-footer' },
      status.element,
      alert,
      el('small', { class: 'build' }, deps.footer),
    ),
  );

  let phase: DrillProbe['phase'] = 'booting';
  let ready: SimReady | null = null;
  let frame: SimFrame | null = null;
  let app: Application | null = null;
  let view: NetworkView | null = null;
  let inFlight = false;
  let disposed = false;

  const showClock = (minute: number): void => {
    if (!ready) return;
    const t = scenarioInstant(ready.startEpochMs, minute);
    clock.textContent = formatGmtClock(t);
    clock.dateTime = isoMinute(t);
  };

  const fail = (err: unknown): void => {
    if (disposed) return;
    phase = 'error';
    const message = err instanceof Error ? err.message : String(err);
    alert.textContent = `The simulation stopped: ${message}`;
    alert.hidden = false;
    status.show({
      online: frame?.metrics.online ?? NaN,
      supernodesAlive: frame?.metrics.supernodesAlive ?? NaN,
      phase,
    });
    console.error('[drill]', err);
  };

  const accept = (next: SimFrame): void => {
    frame = next;
    inFlight = false;
    if (next.ended) phase = 'ended';
    view?.update(next, performance.now());
    status.show({ online: next.metrics.online, supernodesAlive: next.metrics.supernodesAlive, phase });
    showClock(next.tick);
  };

  const onTick = (): void => {
    if (disposed || !view) return;
    view.animate(performance.now());
    if (inFlight || phase !== 'running') return;
    inFlight = true;
    deps.host.advance(deps.ticksPerFrame).then(accept, fail);
  };

  return {
    async start() {
      try {
        const stage = await createStage(map, CONSOLE_BACKGROUND);
        app = stage;
        map.dataset.renderer = stage.renderer.name;
        ready = await deps.host.init(deps.seed, deps.scale);
        scenario.textContent = `${ready.scenarioName} · ${formatScale(deps.scale)} network`;
        showClock(0);
        view = new NetworkView(stage, ready, deps.reducedMotion);
        accept(await deps.host.advance(0));
        phase = frame?.ended ? 'ended' : 'running';
        map.setAttribute(
          'aria-label',
          `Network map: ${ready.count} supernode slots in ${ready.regions.length} regions, colour shows load`,
        );
        stage.ticker.add(onTick);
      } catch (err) {
        fail(err);
      }
    },
    probe: () => ({
      phase,
      simMinute: frame?.tick ?? 0,
      online: frame?.metrics.online ?? 0,
      supernodesAlive: frame?.metrics.supernodesAlive ?? 0,
      stateHash: frame?.hash ?? '',
      ended: frame?.ended ?? false,
    }),
    dispose() {
      disposed = true;
      deps.host.dispose();
      view?.destroy();
      app?.destroy(true, { children: true });
    },
  };
}
