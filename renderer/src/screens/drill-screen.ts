/**
 * The drill: the operator console. The sim runs behind a {@link DrillConnection} (the drill worker today, a
 * networked seat later); this screen only draws what the host sends and sends commands back.
 *
 * What the console shows and says is decided by a pure reducer (console-state.ts): each host message goes
 * through it, and the screen applies the resulting state to the DOM and the effects to its panels. The layout
 * is console-layout.ts; pointer input on the map is panels/map-input.ts. This module keeps the wiring and the
 * one animation-frame loop, which does everything per frame in this order: pace the host (host/pump.ts),
 * advance death flashes, render the map only if something changed, redraw charts at most a few times a
 * second. Time spent in this loop and in message handlers is counted for the render bench.
 *
 * Lifecycle (screen.ts): mount once, `dispose()` once. A drill starts fresh (`start`) or, with `resume`, from
 * a saved command log (`replay`): the host replays it and pauses at the saved minute, and this screen fills its
 * charts, feed and phases from what the replay sends, exactly as if the drill had been played fast.
 */
import type { Application } from 'pixi.js';
import type { LeverName } from '../../../sim-core/src/levers/index';
import { drawnTriggerMinute, type Scenario } from '../../../sim-core/src/scenario/index';
import type { LogEntry } from '../../../sim-core/src/drill/log';
import { parseTimeline } from '../../../sim-core/src/timeline/schema';
import { formatGmtClock, isoMinute, scenarioInstant } from '../format/clock';
import { formatCompact, formatCount, formatPercent, formatUsd } from '../format/numbers';
import type { DrillConnection } from '../host/connection';
import type { DrillMessage, ReadyMessage, SnapshotMessage } from '../host/messages';
import { AdvancePump } from '../host/pump';
import { ChartPanel } from '../panels/charts';
import { EndControl } from '../panels/end-control';
import { FacilitatorDrawer } from '../panels/facilitator';
import { Feed } from '../panels/feed';
import { keyAction } from '../panels/keyboard';
import { LeverPanel } from '../panels/lever-panel';
import { LEVER_SPECS, type LiveFacts } from '../panels/lever-model';
import { attachMapInput } from '../panels/map-input';
import { orderWords, PendingList } from '../panels/pending';
import type { DrillProbe } from '../test-hook';
import { CONSOLE_BACKGROUND } from '../views/colour';
import { NetworkView } from '../views/network-view';
import { createStage } from '../views/stage';
import { roleLabel } from './briefing-screen';
import { buildConsoleLayout } from './console-layout';
import {
  initialConsoleState,
  lowestOnline,
  phaseWords,
  reduceConsole,
  slowMachineNote,
  type ConsoleConfig,
  type ConsoleEffect,
  type ConsoleInput,
  type ConsoleState,
} from './console-state';
import type { DrillSummary } from './end-screen';
import type { Screen } from './screen';

export interface DrillScreenDeps {
  readonly conn: DrillConnection;
  readonly ready: ReadyMessage;
  readonly scenario: Scenario;
  /** The seat's role: commands go out in its name, and levers outside it are shown out of reach. */
  readonly role: string;
  readonly reducedMotion: boolean;
  readonly projector: boolean;
  /** Start at this speed instead of the scenario's recommended one (a resumed drill plays on at its own). */
  readonly speed?: number;
  /** Slow down at the first monitoring alert (the facilitator can change it in the drawer). Default true. */
  readonly slowOnAlert?: boolean;
  readonly footer: string;
  readonly scaleNote: string;
  readonly onEnd: (summary: DrillSummary) => void;
  readonly onProjector: (on: boolean) => void;
  /** Resume a saved drill: replay its log up to `minute` (the host pauses there) instead of starting fresh. */
  readonly resume?: { readonly log: readonly LogEntry[]; readonly minute: number };
  /** Levers this seat may pull (default: its role's levers from the host's `ready`); the rest show out of reach. */
  readonly allowedLevers?: readonly string[];
  /** A seat at a team drill: the host paces it, so only the facilitator gets pace, seek and the drawer. */
  readonly seat?: { readonly facilitator: boolean };
}

/** Counters and knobs for the render bench (`?bench=1`). */
export interface DrillBench {
  readonly stats: () => {
    frames: number;
    renders: number;
    busyMs: number;
    glyphs: number;
    zoom: number;
    minute: number;
  };
  reset(): void;
  /** Render every frame with every glyph repainted (the worst case), instead of on demand. */
  forceRender(on: boolean): void;
  focusRegion(region: number, zoom: number): void;
  resetView(): void;
}

export interface DrillScreen extends Screen {
  probe(): DrillProbe;
  readonly bench: DrillBench;
}

/** The reducer's fixed facts for this drill, from the host's `ready` and the scenario. */
export function consoleConfig(
  ready: ReadyMessage,
  scenario: Scenario,
  role: string,
  resumeEntries: number | null,
): ConsoleConfig {
  const timeline = parseTimeline(scenario.timeline);
  return {
    startEpochMs: Date.parse(ready.startIso),
    durationMinutes: ready.durationMinutes,
    triggerMinute: drawnTriggerMinute(scenario.model, ready.seed),
    role,
    roleLabel: roleLabel(role),
    roleWords: roleLabel,
    speeds: ready.speeds,
    initialSpeed: timeline.initialSpeed,
    leverLabel: (c) =>
      c === 'cancelOrder' ? 'Cancel order' : (LEVER_SPECS.find((l) => l.name === c)?.label ?? c),
    // Spin-up reserves its servers at once; each serves after the dedicated provisioning time.
    servingLeadMinutes: (c) => (c === 'spinUpSupernodes' ? scenario.model.dedicated.leadMinutes : 0),
    resume: resumeEntries === null ? null : { entries: resumeEntries },
    alertSpeed: timeline.slowDownOnFirstAlert,
    restoredRatio: timeline.phases.restored.onlineRatioAtLeast,
  };
}

export async function mountDrillScreen(root: HTMLElement, deps: DrillScreenDeps): Promise<DrillScreen> {
  const { conn, ready, scenario } = deps;
  const cfg = consoleConfig(ready, scenario, deps.role, deps.resume ? deps.resume.log.length : null);
  const startEpochMs = cfg.startEpochMs;
  const at = (m: number): number => scenarioInstant(startEpochMs, m);
  const allowed = deps.allowedLevers ?? ready.roles[deps.role] ?? [];
  const injectTitles = new Map(
    parseTimeline(scenario.timeline).injects.map((i) => [i.id, i.title ?? i.from] as const),
  );

  let state: ConsoleState = initialConsoleState(cfg, deps.resume !== undefined);
  if (deps.slowOnAlert === false) state = { ...state, slowOnAlert: false };
  // A speed of our own is a speed change in flight: the replay's snapshots (at the host's first speed) must not
  // overwrite it before the host has our setSpeed.
  if (deps.speed !== undefined && ready.speeds.includes(deps.speed))
    state = { ...state, speed: deps.speed, speedEpoch: state.speedEpoch + 1 };
  let snap: SnapshotMessage | null = null;
  // The model's own hash, as of the latest snapshot that carried one (the current minute when paused or ended).
  let lastModelHash = '';
  let projector = deps.projector;
  let disposed = false;
  let reqSeq = 0;
  let liveShown = 0;
  let scrubShown = 0;
  let labelsAt = -Infinity;
  const pump = new AdvancePump();
  const bench = { frames: 0, renders: 0, busyMs: 0, force: false };
  /** The effective-speed sample: real and simulated time since the speed was last set or play resumed. */
  let rate = { simAt: -1, realAt: 0 };
  const nextId = (): string => `r${++reqSeq}`;

  const levers = new LeverPanel(
    scenario.model,
    startEpochMs,
    (lever, args) => pull(lever, args),
    ready.levers,
    { allowed, roleWords: cfg.roleLabel, others: ready.roles, roleLabel },
  );
  const pending = new PendingList(
    startEpochMs,
    allowed.includes('cancelOrder')
      ? (p) => {
          const id = pull('cancelOrder', { order: p.command, issuedAtMinute: p.issuedAtMinute });
          dispatch({ type: 'local.cancelAsked', requestId: id, what: orderWords(p, startEpochMs) });
        }
      : null,
  );
  const feed = new Feed(startEpochMs);
  const charts = new ChartPanel({
    startEpochMs,
    durationMinutes: ready.durationMinutes,
    history: scenario.history,
    projector: deps.projector,
  });
  const facilitator: FacilitatorDrawer = new FacilitatorDrawer(
    {
      fireInject: (id: string) => conn.send({ v: 1, type: 'fireInject', id, requestId: nextId() }),
      bookmark: (note: string) => conn.send({ v: 1, type: 'bookmark', note }),
      setSpeed: (s: number) => setSpeed(s),
      end: () => conn.send({ v: 1, type: 'end' }),
      slowOnAlert: (on: boolean) => dispatch({ type: 'local.slowOnAlert', on }),
      confirmations: (on: boolean) => {
        levers.setConfirm(on);
        endCtl.setConfirm(on);
      },
      showGhost: (on: boolean) => charts.setGhost(on),
    },
    {
      injects: ready.injects,
      speeds: ready.speeds,
      alertSpeed: cfg.alertSpeed,
      injectTitle: (id) => injectTitles.get(id) ?? id,
    },
    () => toggleFacilitator(false),
  );
  const endCtl = new EndControl(() => conn.send({ v: 1, type: 'end' }), {
    className: 'end-footer',
    keyshortcut: 'E',
  });
  const ui = buildConsoleLayout(
    ready,
    {
      levers: levers.element,
      pending: pending.element,
      charts: charts.element,
      feed: feed.element,
      facilitator: facilitator.element,
      end: endCtl.element,
    },
    {
      projector,
      // The map gets the window's width less the side panel (23rem).
      mapWidth: window.innerWidth - 23 * 13,
      buildNote: `${deps.scaleNote}${deps.footer}`,
      roleWords: cfg.roleLabel,
    },
  );
  // A seat at a team drill: the host paces it, so only the facilitator gets pace, seek and the drawer.
  if (deps.seat && !deps.seat.facilitator)
    for (const e of [ui.speedWrap, ui.pauseBtn, ui.facBtn, ui.timeline, endCtl.element]) e.hidden = true;
  root.replaceChildren(ui.root);
  document.title = `${ready.title} · Cascade Drill`;
  charts.mount();

  const pull = (lever: LeverName, args: Record<string, unknown>): string => {
    const id = nextId();
    conn.send({ v: 1, type: 'command', role: deps.role, command: lever, args, requestId: id });
    return id;
  };
  const setSpeed = (s: number): void => {
    if (!ready.speeds.includes(s)) return;
    dispatch({ type: 'local.speed', speed: s });
    conn.send({ v: 1, type: 'setSpeed', speed: s, requestId: nextId() });
  };
  const togglePause = (): void => {
    if (state.session === 'running') conn.send({ v: 1, type: 'pause' });
    else if (state.session === 'paused') conn.send({ v: 1, type: 'resume' });
  };
  const toggleFacilitator = (open?: boolean): void => {
    facilitator.toggle(open);
    ui.facBtn.setAttribute('aria-expanded', String(facilitator.isOpen));
    if (!facilitator.isOpen) ui.facBtn.focus();
  };
  const setProjector = (on: boolean): void => {
    projector = on;
    document.documentElement.classList.toggle('projector', on);
    ui.projBtn.setAttribute('aria-pressed', String(on));
    view.setProjector(on);
    charts.setProjector(on);
    deps.onProjector(on);
  };
  const showSeekTime = (minute: number): void => {
    ui.seekTime.textContent = formatGmtClock(at(minute));
  };
  ui.seekInput.addEventListener('input', () => showSeekTime(Number(ui.seekInput.value)));
  ui.seekInput.addEventListener('change', () => {
    const m = Number(ui.seekInput.value);
    const before = state.seeking;
    dispatch({ type: 'local.seek', minute: m });
    if (state.seeking === m && before !== m) conn.send({ v: 1, type: 'seek', minute: m });
  });
  ui.branchBtn.addEventListener('click', () => {
    if (state.seekedAt === null) return;
    conn.send({ v: 1, type: 'branch' });
  });
  ui.speedSel.addEventListener('change', () => setSpeed(Number(ui.speedSel.value)));
  ui.pauseBtn.addEventListener('click', togglePause);
  ui.facBtn.addEventListener('click', () => toggleFacilitator());
  ui.projBtn.addEventListener('click', () => setProjector(!projector));

  // ---- the map -------------------------------------------------------------------------------------
  const app: Application = await createStage(ui.map, CONSOLE_BACKGROUND);
  ui.map.dataset.renderer = app.renderer.name;
  const view = new NetworkView(
    app,
    { count: ready.supernodeCount, region: ready.region, regions: ready.regions },
    { reducedMotion: deps.reducedMotion, projector },
  );
  document.documentElement.classList.toggle('projector', projector);
  const ro = new ResizeObserver(() => {
    app.resize();
    view.resize();
  });
  ro.observe(ui.map);
  const detachInput = attachMapInput(app.canvas, ui.map, ui.tooltip, view);

  // ---- keyboard ------------------------------------------------------------------------------------
  const onKey = (e: KeyboardEvent): void => {
    const t = e.target instanceof HTMLElement ? e.target : null;
    const a = keyAction({
      key: e.key,
      ctrlKey: e.ctrlKey,
      altKey: e.altKey,
      metaKey: e.metaKey,
      targetTag: t?.tagName ?? 'BODY',
    });
    if (!a) return;
    e.preventDefault();
    switch (a.kind) {
      case 'togglePause':
        return togglePause();
      case 'speed': {
        const s = ready.speeds[a.index];
        if (s !== undefined) setSpeed(s);
        return;
      }
      case 'lever':
        levers.button(a.lever)?.focus();
        return levers.fire(a.lever);
      case 'toggleFacilitator':
        return toggleFacilitator();
      case 'toggleProjector':
        return setProjector(!projector);
      case 'endDrill':
        if (endCtl.element.hidden || state.session === 'ended') return;
        return endCtl.ask();
      case 'zoom':
        return view.zoomBy(a.by);
      case 'resetView':
        return view.resetView();
    }
  };
  document.addEventListener('keydown', onKey);

  // ---- state -> DOM --------------------------------------------------------------------------------
  let shown: ConsoleState | null = null;
  const render = (s: ConsoleState): void => {
    const prev = shown;
    shown = s;
    if (prev?.session !== s.session) {
      ui.pauseBtn.textContent = s.session === 'paused' ? 'Resume' : 'Pause';
      ui.pauseBtn.disabled = s.session !== 'running' && s.session !== 'paused';
      ui.main.dataset.session = s.session;
      rate = { simAt: -1, realAt: 0 };
      // The slow-machine note is about a running drill: paused or ended, it no longer applies.
      ui.effective.textContent = '';
    }
    if (prev?.speed !== s.speed) {
      ui.speedSel.value = String(s.speed);
      facilitator.showSpeed(s.speed);
      rate = { simAt: -1, realAt: 0 };
      ui.effective.textContent = '';
    }
    if (prev?.slowOnAlert !== s.slowOnAlert) facilitator.showSlowOnAlert(s.slowOnAlert);
    const words = phaseWords(s, cfg.restoredRatio);
    if (ui.phaseBadge.textContent !== words) {
      ui.phaseBadge.textContent = words;
      ui.phaseBadge.dataset.phase = s.phase;
    }
    if (prev?.minute !== s.minute || prev.stats !== s.stats) {
      const when = at(s.minute);
      ui.clock.textContent = formatGmtClock(when);
      ui.clock.dateTime = isoMinute(when);
      const st = s.stats;
      if (st) {
        ui.onlineV.textContent = formatCount(st.online);
        ui.ratioV.textContent = formatPercent(st.expectedOnline > 0 ? st.online / st.expectedOnline : 1);
        ui.aliveV.textContent = formatCount(st.supernodesAlive);
        ui.costV.textContent = formatUsd(st.costUsd);
        ui.lostV.textContent = formatCompact(st.userMinutesLost / 60);
      }
    }
    if (prev?.seekNote !== s.seekNote) ui.seekNote.textContent = s.seekNote;
    if (prev?.alert !== s.alert) {
      ui.alertLine.textContent = s.alert ?? '';
      ui.alertLine.hidden = s.alert === null;
    }
    if (prev?.seekedAt !== s.seekedAt) ui.branchBtn.disabled = s.seekedAt === null;
  };
  const apply = (e: ConsoleEffect): void => {
    switch (e.kind) {
      case 'feed':
        return feed.add(e.item);
      case 'marker':
        return charts.addMarker({ minute: e.minute, label: e.label, kind: e.marker });
      case 'rows':
        // This console plays the Skype model: its rows are the supernode map's.
        if (e.message.view === 'supernodes') charts.addRows(e.message.rows);
        return;
      case 'truncateCharts':
        return charts.truncateAfter(e.minute);
      case 'leverResult':
        levers.result(e.message);
        // Ask for a snapshot at once: its pending list and lever context carry the order just accepted, so a
        // paused console shows it, and previews the next order against it, without waiting for a tick. (A team
        // seat's frames come from the room.)
        if (e.message.ok && !deps.seat) conn.send({ v: 1, type: 'snapshot' });
        return;
      case 'injectFired':
        return facilitator.markFired(e.id);
      case 'setSpeed':
        pump.reset();
        conn.send({ v: 1, type: 'setSpeed', speed: e.speed, requestId: nextId() });
        return;
      case 'ended':
        charts.flush(performance.now(), true);
        // Let the last snapshot and charts show for a moment before the summary takes the screen.
        window.setTimeout(finish, 1200);
        return;
    }
  };
  function dispatch(input: ConsoleInput): void {
    const step = reduceConsole(state, input, cfg);
    if (input.type === 'local.speed') pump.reset();
    state = step.state;
    for (const e of step.effects) apply(e);
    render(state);
  }
  const finish = (): void => {
    if (!state.ended || disposed) return;
    deps.onEnd({
      scenarioTitle: ready.title,
      startEpochMs,
      endedAtMinute: state.ended.atMinute,
      endReason: state.ended.reason,
      userMinutesLost: state.stats?.userMinutesLost ?? 0,
      costUsd: state.stats?.costUsd ?? 0,
      phases: state.phases,
      lowestOnline: lowestOnline(state, cfg.triggerMinute),
      decisions: state.decisions.map(({ minute, label }) => ({ minute, label })),
      bookmarks: state.bookmarks,
      refusals: state.refusals.length,
    });
  };

  // ---- messages from the host ----------------------------------------------------------------------
  const onSnapshot = (m: SnapshotMessage): void => {
    snap = m;
    if (m.stateHash !== null) lastModelHash = m.stateHash;
    pump.settled();
    const met = m.metrics;
    view.update(
      {
        state: m.state,
        load: m.load,
        attached: m.attached,
        dedicated: m.dedicated,
        hostKind: m.hostKind,
        omLatencyMs: met?.omLatencyMs ?? 0,
        omEnabled: met?.omEnabled ?? true,
        services: met
          ? {
              loginsPerMinute: met.loginsThisTick,
              failedPerMinute: met.failedAttemptsThisTick,
              throttlePerMinute: met.loginThrottlePerMinute,
              updatesPerMinute: met.updatesCompletedThisTick,
              installing: met.updating,
              waiting: m.levers.updateQueue,
              rolloutFraction: met.rolloutFraction,
            }
          : null,
      },
      performance.now(),
    );
    pending.show(m.pending);
    // The scrubber follows the clock at most twice a second (a range input repaints on every change).
    const tNow = performance.now();
    if (m.session !== 'running' || tNow - scrubShown > 500) {
      scrubShown = tNow;
      if (ui.seekInput.max !== String(state.reached)) ui.seekInput.max = String(state.reached);
    }
    if (scrubShown === tNow && document.activeElement !== ui.seekInput && state.seeking === null) {
      const v = String(m.minute);
      if (ui.seekInput.value !== v) {
        ui.seekInput.value = v;
        showSeekTime(m.minute);
      }
    }
    // The previews follow the host's lever context (pools, pending orders, what is in force).
    if (tNow - liveShown > 500 || m.session !== 'running') {
      // Throttled while running; at once when paused (after a seek, a resume's replay) or ended.
      liveShown = tNow;
      const live: LiveFacts = m.levers;
      levers.setLive(live);
    }
  };
  const onMessage = (m: DrillMessage): void => {
    const t0 = performance.now();
    if (m.type === 'snapshot' && m.view === 'supernodes') onSnapshot(m);
    if (m.type === 'seeked') {
      ui.seekInput.value = String(m.minute);
      showSeekTime(m.minute);
    }
    if (m.type === 'branched') ui.seekInput.max = String(m.minute);
    if (m.type === 'error') console.warn('[drill host]', m.message, m.inReplyTo);
    dispatch(m);
    bench.busyMs += performance.now() - t0;
  };
  const unsubscribe = conn.subscribe(onMessage);

  // ---- the frame loop ------------------------------------------------------------------------------
  let last = performance.now();
  let raf = 0;
  const loop = (now: number): void => {
    if (disposed) return;
    const t0 = performance.now();
    const dt = now - last;
    last = now;
    const realMs = pump.frame(dt, state.speed, state.session === 'running', now);
    if (realMs !== null) {
      if (state.advanceEpoch !== state.speedEpoch)
        state = reduceConsole(state, { type: 'local.advance' }, cfg).state;
      conn.send({ v: 1, type: 'advance', realMs });
    }
    if (bench.force) view.invalidateAll();
    if (view.animate(now) || bench.force) {
      app.render();
      bench.renders++;
      // Where the map's own text is (canvas text has no DOM box), for the e2e overlap check; at most twice a
      // second while running.
      if (now - labelsAt > 500 || state.session !== 'running') {
        labelsAt = now;
        const boxes = JSON.stringify(view.labelBoxes());
        if (ui.map.dataset.labels !== boxes) ui.map.dataset.labels = boxes;
      }
      const d = view.densityStats();
      const shownClients = String(Math.round(d.clients));
      if (ui.map.dataset.densityClients !== shownClients) {
        ui.map.dataset.densityClients = shownClients;
        ui.map.dataset.densityCells = String(d.cells);
      }
    }
    charts.flush(now);
    if (snap && state.session === 'running') {
      if (rate.simAt < 0) rate = { simAt: snap.minute, realAt: now };
      else {
        const note = slowMachineNote(state.speed, snap.minute - rate.simAt, now - rate.realAt);
        if (ui.effective.textContent !== note) ui.effective.textContent = note;
      }
    }
    bench.frames++;
    bench.busyMs += performance.now() - t0;
    raf = requestAnimationFrame(loop);
  };
  raf = requestAnimationFrame(loop);

  render(state);
  // The speed first (the machine takes it in any state), so a resumed drill's replay already reports it.
  conn.send({ v: 1, type: 'setSpeed', speed: state.speed });
  if (deps.resume) {
    state = { ...state, seekNote: `Replaying the saved drill to ${formatGmtClock(at(deps.resume.minute))}…` };
    render(state);
    conn.send({ v: 1, type: 'replay', log: [...deps.resume.log], minute: deps.resume.minute });
  } else conn.send({ v: 1, type: 'start' });
  ui.main.focus();

  return {
    probe: () => ({
      phase: state.phase,
      simMinute: snap?.minute ?? 0,
      online: snap?.metrics?.online ?? 0,
      supernodesAlive: snap?.metrics?.supernodesAlive ?? 0,
      stateHash: lastModelHash,
      ended: state.session === 'ended',
    }),
    bench: {
      stats: () => ({
        frames: bench.frames,
        renders: bench.renders,
        busyMs: bench.busyMs,
        glyphs: view.glyphCount(),
        supernodes: view.supernodeCount(),
        zoom: view.zoom(),
        minute: snap?.minute ?? 0,
      }),
      reset: () => {
        bench.frames = 0;
        bench.renders = 0;
        bench.busyMs = 0;
      },
      forceRender: (on: boolean) => {
        bench.force = on;
      },
      focusRegion: (r: number, z: number) => view.focusRegion(r, z),
      resetView: () => view.resetView(),
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      cancelAnimationFrame(raf);
      unsubscribe();
      detachInput();
      document.removeEventListener('keydown', onKey);
      ro.disconnect();
      charts.destroy();
      view.destroy();
      app.destroy(true, { children: true });
    },
  };
}
