/**
 * The drill: the operator console. The sim runs in the drill worker; this screen only draws what the host
 * sends (snapshots, metrics rows, phases, injects, command results) and sends commands back.
 *
 * One animation-frame loop does everything per frame, in this order: pace the host (./host/pump.ts), advance
 * death flashes, render the map only if something changed, redraw charts at most a few times a second. Time
 * spent in this loop and in message handlers is counted for the render bench (main-thread JS per frame).
 *
 * Lifecycle: mount once, `dispose()` once. A drill starts fresh (`start`) or, with `resume`, from a saved command
 * log (`replay`): the host replays it and pauses at the saved minute, and this screen fills its charts, feed and
 * phases from what the replay sends, exactly as if the drill had been played fast.
 */
import type { Application } from 'pixi.js';
import type { LeverName } from '../../../sim-core/src/levers/index';
import type { Scenario } from '../../../sim-core/src/scenario/index';
import type { LogEntry } from '../../../sim-core/src/drill/log';
import { formatGmtClock, isoMinute, scenarioInstant } from '../format/clock';
import { formatCompact, formatCount, formatPercent, formatUsd } from '../format/numbers';
import type { DrillConnection } from '../host/connection';
import type { DrillMessage, ReadyMessage, SnapshotMessage } from '../host/messages';
import { AdvancePump } from '../host/pump';
import { ChartPanel } from '../panels/charts';
import { el } from '../panels/dom';
import { FacilitatorDrawer } from '../panels/facilitator';
import { Feed } from '../panels/feed';
import { keyAction } from '../panels/keyboard';
import { hoverLines, createLegend, legendStartsOpen } from '../panels/legend';
import { LeverPanel } from '../panels/lever-panel';
import { LEVER_SPECS, type LiveFacts } from '../panels/lever-model';
import { PendingList } from '../panels/pending';
import type { DrillProbe } from '../test-hook';
import { CONSOLE_BACKGROUND } from '../views/colour';
import { NetworkView } from '../views/network-view';
import { createStage } from '../views/stage';
import { roleLabel } from './briefing-screen';
import type { DrillSummary } from './end-screen';

export interface DrillScreenDeps {
  readonly conn: DrillConnection;
  readonly ready: ReadyMessage;
  readonly scenario: Scenario;
  readonly role: string;
  readonly reducedMotion: boolean;
  readonly projector: boolean;
  readonly footer: string;
  readonly scaleNote: string;
  readonly onEnd: (summary: DrillSummary) => void;
  readonly onProjector: (on: boolean) => void;
  /** Resume a saved drill: replay its log up to `minute` (the host pauses there) instead of starting fresh. */
  readonly resume?: { readonly log: readonly LogEntry[]; readonly minute: number };
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

export interface DrillScreen {
  probe(): DrillProbe;
  readonly bench: DrillBench;
  dispose(): void;
}

const SPEED_LABEL = (s: number): string => `${s}×`;

export async function mountDrillScreen(root: HTMLElement, deps: DrillScreenDeps): Promise<DrillScreen> {
  const { conn, ready, scenario } = deps;
  const startEpochMs = Date.parse(ready.startIso);
  const at = (m: number): number => scenarioInstant(startEpochMs, m);

  // ---- DOM -------------------------------------------------------------------------------------------
  const clock = el('time', { class: 'clock', 'aria-label': 'Scenario clock' }, '—');
  const phaseBadge = el('span', { class: 'phase-badge', 'data-phase': 'normal' }, 'normal');
  const stat = (label: string, id: string): [HTMLElement, HTMLElement] => {
    const v = el('dd', { class: 'stat-value', 'aria-labelledby': id }, '–');
    return [el('div', { class: 'stat' }, el('dt', { id, class: 'stat-label' }, label), v), v];
  };
  const [onlineW, onlineV] = stat('Online users', 'stat-online');
  const [ratioW, ratioV] = stat('of normal', 'stat-ratio');
  ratioW.classList.add('stat-ratio');
  const [aliveW, aliveV] = stat('Supernodes alive', 'stat-alive');
  const [costW, costV] = stat('Spent', 'stat-cost');
  const [lostW, lostV] = stat('User-hours lost', 'stat-lost');
  const phaseW = el(
    'div',
    { class: 'stat' },
    el('dt', { id: 'stat-phase', class: 'stat-label' }, 'Phase'),
    el('dd', { class: 'stat-value', 'aria-labelledby': 'stat-phase' }, phaseBadge),
  );
  const speedSel = el(
    'select',
    { id: 'speed', 'aria-keyshortcuts': '1 2 3 4 5 6' },
    ...ready.speeds.map((s) => el('option', { value: String(s) }, SPEED_LABEL(s))),
  );
  const pauseBtn = el('button', { type: 'button', class: 'pause', 'aria-keyshortcuts': 'Space' }, 'Pause');
  const facBtn = el(
    'button',
    { type: 'button', 'aria-controls': 'facilitator', 'aria-expanded': 'false', 'aria-keyshortcuts': 'F' },
    'Facilitator',
  );
  const projBtn = el(
    'button',
    { type: 'button', 'aria-pressed': String(deps.projector), 'aria-keyshortcuts': 'P' },
    'Projector',
  );
  const effective = el('span', { class: 'effective muted', 'aria-live': 'off' });
  // The timeline scrubber: jump back to a past minute (the host restores a checkpoint and replays the
  // command log, then pauses), and "Play from here" drops the recorded commands after that point.
  const seekInput = el('input', {
    type: 'range',
    class: 'seek',
    min: '0',
    max: '0',
    step: '1',
    value: '0',
    'aria-label': 'Seek',
  });
  const seekTime = el('output', { class: 'seek-time', 'aria-live': 'off' }, '—');
  const branchBtn = el('button', { type: 'button', class: 'branch', disabled: '' }, 'Play from here');
  const seekNote = el('span', { class: 'seek-note muted', 'aria-live': 'polite' });
  const timeline = el(
    'div',
    { class: 'timeline', role: 'group', 'aria-label': 'Timeline' },
    seekInput,
    seekTime,
    branchBtn,
    seekNote,
  );
  const alertLine = el('p', { class: 'alert', role: 'alert', hidden: '' });
  const tooltip = el('div', { class: 'tooltip', role: 'tooltip', hidden: '' });
  const map = el('div', {
    class: 'network-map',
    role: 'img',
    'aria-label': `Network map: ${formatCount(ready.supernodeCount)} supernode slots in ${ready.regions.length} regions; colour shows load`,
  });
  // The map gets the window's width less the side panel (23rem).
  const legend = createLegend(legendStartsOpen(window.innerWidth - 23 * 13));
  const mapWrap = el('div', { class: 'map-wrap' }, map, legend, tooltip);

  const levers = new LeverPanel(
    scenario.model,
    startEpochMs,
    (lever, args) => pull(lever, args),
    ready.levers,
  );
  const pending = new PendingList(startEpochMs);
  const feed = new Feed(startEpochMs);
  const charts = new ChartPanel({
    startEpochMs,
    durationMinutes: ready.durationMinutes,
    history: scenario.history,
    projector: deps.projector,
  });
  const facPort = {
    fireInject: (id: string) => conn.send({ v: 1, type: 'fireInject', id, requestId: nextId() }),
    bookmark: (note: string) => conn.send({ v: 1, type: 'bookmark', note }),
    setSpeed: (s: number) => setSpeed(s),
    end: () => conn.send({ v: 1, type: 'end' }),
  };
  const facilitator: FacilitatorDrawer = new FacilitatorDrawer(
    facPort,
    { injects: ready.injects, speeds: ready.speeds },
    () => toggleFacilitator(false),
  );

  const speedLabel = el('span', { class: 'speed' }, el('label', { for: 'speed' }, 'Speed'), speedSel);
  const main = el(
    'main',
    { class: 'console-grid', tabindex: '-1', 'aria-label': 'Operator console' },
    mapWrap,
    el('aside', { class: 'side', 'aria-label': 'Controls' }, levers.element, pending.element),
    charts.element,
    feed.element,
    facilitator.element,
  );
  const header = el(
    'header',
    { class: 'console-header' },
    el('h1', { class: 'sr-only' }, 'Cascade Drill'),
    clock,
    el('dl', { class: 'status-line', 'aria-label': 'Network status' }, phaseW, onlineW, ratioW, aliveW),
    el('span', { class: 'spacer' }),
    speedLabel,
    pauseBtn,
    facBtn,
    projBtn,
  );
  const footer = el(
    'footer',
    { class: 'console-footer' },
    el('dl', { class: 'status-line', 'aria-label': 'Drill totals' }, costW, lostW),
    timeline,
    effective,
    alertLine,
    el('small', { class: 'build' }, `${deps.scaleNote}${deps.footer}`),
  );
  if (deps.seat && !deps.seat.facilitator)
    for (const e of [speedLabel, pauseBtn, facBtn, timeline]) e.hidden = true;
  root.replaceChildren(el('div', { class: 'console' }, header, main, footer));
  document.title = `${ready.title} · Cascade Drill`;
  charts.mount();

  // ---- state ---------------------------------------------------------------------------------------
  let snap: SnapshotMessage | null = null;
  // The model's own hash, as of the latest snapshot that carried one (the current minute when paused or ended).
  let lastModelHash = '';
  let session: 'briefing' | 'running' | 'paused' | 'ended' = 'briefing';
  let phase = 'normal';
  let speed = ready.speeds.includes(60) ? 60 : ready.speeds[0]!;
  let speedEpoch = 0;
  let advanceEpoch = 0;
  let projector = deps.projector;
  let disposed = false;
  let reqSeq = 0;
  let liveShown = 0;
  let lastMetrics: { userMinutesLost: number; costUsd: number } = { userMinutesLost: 0, costUsd: 0 };
  const phases: { phase: string; atMinute: number }[] = [{ phase: 'normal', atMinute: 0 }];
  /** Decisions and refusals with a key per command result, so a tape replayed after a seek counts once. */
  const decisions: { minute: number; label: string; key: string }[] = [];
  const bookmarks: { minute: number; note: string }[] = [];
  const refusals: { minute: number; key: string }[] = [];
  // Online and its ratio to normal per simulated minute, so the lowest point can be recomputed after a seek.
  const onlineAt = new Float64Array(ready.durationMinutes + 1).fill(Number.NaN);
  const ratioAt = new Float64Array(ready.durationMinutes + 1).fill(Number.NaN);
  let lowest: DrillSummary['lowestOnline'] = null;
  const considerLowest = (minute: number): void => {
    const ratio = ratioAt[minute]!;
    if (minute >= scenario.model.triggerMinute && !Number.isNaN(ratio) && (!lowest || ratio < lowest.ratio))
      lowest = { online: onlineAt[minute]!, ratio, minute };
  };
  /**
   * A seek landed at the start of `minute`: forget the ticks from there on and the commands after it. Commands
   * at `minute` itself stay (the tape replays them on resume, and their keys keep them from counting twice);
   * `withCommandsAt` drops those too (a branch drops them from the tape).
   */
  const forgetFrom = (minute: number, withCommandsAt = false): void => {
    onlineAt.fill(Number.NaN, minute);
    ratioAt.fill(Number.NaN, minute);
    lowest = null;
    for (let i = 0; i < minute && i < ratioAt.length; i++) considerLowest(i);
    const gone = (at: number): boolean => at > minute || (withCommandsAt && at === minute);
    for (let k = decisions.length - 1; k >= 0; k--) if (gone(decisions[k]!.minute)) decisions.splice(k, 1);
    for (let k = refusals.length - 1; k >= 0; k--) if (gone(refusals[k]!.minute)) refusals.splice(k, 1);
  };
  /** Waiting for a resumed drill's replay to land (its paused snapshot at the saved minute). */
  let replaying = deps.resume !== undefined;
  let endedInfo: { atMinute: number; reason: string | null } | null = null;
  /** The latest minute the drill has reached on this branch (the scrubber's end). */
  let reached = 0;
  /** Minute the scrubber asked for, while the host has not answered yet. */
  let seeking: number | null = null;
  /** Minute the last seek landed on: "Play from here" is live until the drill moves on. */
  let seekedAt: number | null = null;
  let scrubShown = 0;
  const pump = new AdvancePump();
  const bench = { frames: 0, renders: 0, busyMs: 0, force: false };
  const rate = { simAt: 0, realAt: 0, minutes: 0 };

  const nextId = (): string => `r${++reqSeq}`;
  const pull = (lever: LeverName, args: Record<string, unknown>): string => {
    const id = nextId();
    conn.send({ v: 1, type: 'command', role: deps.role, command: lever, args, requestId: id });
    return id;
  };
  const setSpeed = (s: number): void => {
    if (!ready.speeds.includes(s)) return;
    speed = s;
    speedEpoch++;
    pump.reset();
    speedSel.value = String(s);
    facilitator.showSpeed(s);
    conn.send({ v: 1, type: 'setSpeed', speed: s, requestId: nextId() });
  };
  const togglePause = (): void => {
    if (session === 'running') conn.send({ v: 1, type: 'pause' });
    else if (session === 'paused') conn.send({ v: 1, type: 'resume' });
  };
  const toggleFacilitator = (open?: boolean): void => {
    facilitator.toggle(open);
    facBtn.setAttribute('aria-expanded', String(facilitator.isOpen));
    if (!facilitator.isOpen) facBtn.focus();
  };
  const setProjector = (on: boolean): void => {
    projector = on;
    document.documentElement.classList.toggle('projector', on);
    projBtn.setAttribute('aria-pressed', String(on));
    view.setProjector(on);
    charts.setProjector(on);
    deps.onProjector(on);
  };
  const showSeekTime = (minute: number): void => {
    seekTime.textContent = formatGmtClock(at(minute));
  };
  seekInput.addEventListener('input', () => showSeekTime(Number(seekInput.value)));
  seekInput.addEventListener('change', () => {
    const m = Number(seekInput.value);
    if (session !== 'running' && session !== 'paused') return;
    if (snap && m === snap.minute) return;
    seeking = m;
    seekNote.textContent = `Going to ${formatGmtClock(at(m))}…`;
    conn.send({ v: 1, type: 'seek', minute: m });
  });
  branchBtn.addEventListener('click', () => {
    if (seekedAt === null) return;
    conn.send({ v: 1, type: 'branch' });
  });
  speedSel.addEventListener('change', () => setSpeed(Number(speedSel.value)));
  speedSel.value = String(speed);
  facilitator.showSpeed(speed);
  pauseBtn.addEventListener('click', togglePause);
  facBtn.addEventListener('click', () => toggleFacilitator());
  projBtn.addEventListener('click', () => setProjector(!projector));

  // ---- the map -------------------------------------------------------------------------------------
  const app: Application = await createStage(map, CONSOLE_BACKGROUND);
  map.dataset.renderer = app.renderer.name;
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
  ro.observe(map);

  const canvas = app.canvas;
  let drag: { x: number; y: number; id: number } | null = null;
  const local = (e: PointerEvent | WheelEvent): [number, number] => {
    const r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  canvas.addEventListener(
    'wheel',
    (e) => {
      e.preventDefault();
      const [x, y] = local(e);
      view.zoomBy(Math.exp(-e.deltaY * 0.0015), x, y);
    },
    { passive: false },
  );
  canvas.addEventListener('pointerdown', (e) => {
    drag = { x: e.clientX, y: e.clientY, id: e.pointerId };
    canvas.setPointerCapture(e.pointerId);
  });
  canvas.addEventListener('pointerup', () => (drag = null));
  canvas.addEventListener('pointerleave', () => (tooltip.hidden = true));
  canvas.addEventListener('pointermove', (e) => {
    if (drag) {
      view.panBy(e.clientX - drag.x, e.clientY - drag.y);
      drag = { ...drag, x: e.clientX, y: e.clientY };
      tooltip.hidden = true;
      return;
    }
    const [x, y] = local(e);
    const h = view.hoverAt(x, y);
    if (!h) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(...hoverLines(h).map((l, i) => el(i === 0 ? 'strong' : 'span', {}, l)));
    tooltip.hidden = false;
    const w = map.clientWidth;
    tooltip.style.setProperty('--tx', `${Math.min(x + 14, w - 260)}px`);
    tooltip.style.setProperty('--ty', `${y + 14}px`);
  });

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
      case 'zoom':
        return view.zoomBy(a.by);
      case 'resetView':
        return view.resetView();
    }
  };
  document.addEventListener('keydown', onKey);

  // ---- messages from the host ----------------------------------------------------------------------
  const showSession = (): void => {
    pauseBtn.textContent = session === 'paused' ? 'Resume' : 'Pause';
    pauseBtn.disabled = session !== 'running' && session !== 'paused';
    main.dataset.session = session;
  };
  const showPhase = (p: string): void => {
    if (p === phase) return;
    phase = p;
    phaseBadge.textContent = p;
    phaseBadge.dataset.phase = p;
  };
  const finish = (): void => {
    if (!endedInfo || disposed) return;
    deps.onEnd({
      scenarioTitle: ready.title,
      startEpochMs,
      endedAtMinute: endedInfo.atMinute,
      endReason: endedInfo.reason,
      userMinutesLost: lastMetrics.userMinutesLost,
      costUsd: lastMetrics.costUsd,
      phases,
      lowestOnline: lowest,
      decisions: decisions.map(({ minute, label }) => ({ minute, label })),
      bookmarks,
      refusals: refusals.length,
    });
  };

  const onMessage = (m: DrillMessage): void => {
    const t0 = performance.now();
    switch (m.type) {
      case 'snapshot': {
        snap = m;
        if (m.stateHash !== null) lastModelHash = m.stateHash;
        session = m.session;
        if (advanceEpoch === speedEpoch && m.speed !== speed && ready.speeds.includes(m.speed)) {
          speed = m.speed;
          speedSel.value = String(speed);
          facilitator.showSpeed(speed);
        }
        pump.settled();
        showSession();
        showPhase(m.phase);
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
                  updating: met.updating,
                  rolloutFraction: met.rolloutFraction,
                }
              : null,
          },
          performance.now(),
        );
        pending.show(m.pending);
        if (m.minute > reached) reached = m.minute;
        // The scrubber follows the clock at most twice a second (a range input repaints on every change).
        const tNow = performance.now();
        if (m.session !== 'running' || tNow - scrubShown > 500) {
          scrubShown = tNow;
          if (seekInput.max !== String(reached)) seekInput.max = String(reached);
        }
        if (scrubShown === tNow && document.activeElement !== seekInput && seeking === null) {
          const v = String(m.minute);
          if (seekInput.value !== v) {
            seekInput.value = v;
            showSeekTime(m.minute);
          }
        }
        if (seekedAt !== null && m.minute !== seekedAt) {
          seekedAt = null;
          branchBtn.disabled = true;
        }
        const when = at(m.minute);
        clock.textContent = formatGmtClock(when);
        clock.dateTime = isoMinute(when);
        // Before the first tick (a fresh drill, or a seek back to minute 0) nothing is lost or spent yet.
        if (!met) {
          lastMetrics = { userMinutesLost: 0, costUsd: 0 };
          levers.setLive(null);
        }
        if (met) {
          lastMetrics = { userMinutesLost: met.userMinutesLost, costUsd: met.costUsd };
          onlineV.textContent = formatCount(met.online);
          ratioV.textContent = formatPercent(met.expectedOnline > 0 ? met.online / met.expectedOnline : 1);
          aliveV.textContent = formatCount(met.supernodesAlive);
          costV.textContent = formatUsd(met.costUsd);
          lostV.textContent = formatCompact(met.userMinutesLost / 60);
          const now = performance.now();
          // Throttled while running; at once when paused (after a seek, a resume's replay) or ended.
          if (now - liveShown > 500 || m.session !== 'running') {
            liveShown = now;
            const live: LiveFacts = met;
            levers.setLive(live);
          }
        }
        if (rate.realAt === 0) {
          rate.realAt = performance.now();
          rate.simAt = m.minute;
        }
        if (replaying && deps.resume && m.session !== 'running') {
          replaying = false;
          const resumedAt = formatGmtClock(at(m.minute));
          seekNote.textContent =
            m.session === 'paused'
              ? `Resumed at ${resumedAt} from the autosave: press Resume (or Space) to play on.`
              : `The saved drill had already ended at ${resumedAt}.`;
          feed.add({
            channel: 'operations',
            minute: m.minute,
            from: 'Session',
            text: `Drill resumed from its autosave at ${resumedAt} (${deps.resume.log.length} logged command${deps.resume.log.length === 1 ? '' : 's'} replayed).`,
          });
        }
        break;
      }
      case 'metrics': {
        charts.addRows(m.rows);
        for (const r of m.rows) {
          if (r.minute < 0 || r.minute >= ratioAt.length) continue;
          onlineAt[r.minute] = r.online;
          ratioAt[r.minute] = r.expectedOnline > 0 ? r.online / r.expectedOnline : 1;
          considerLowest(r.minute);
        }
        break;
      }
      case 'phase':
        phases.push({ phase: m.phase, atMinute: m.atMinute });
        showPhase(m.phase);
        feed.add({
          channel: 'operations',
          minute: m.atMinute,
          from: 'Incident phase',
          text: `The incident is now ${m.phase}.`,
          alert: m.phase === 'cascading' || m.phase === 'collapsed',
        });
        break;
      case 'inject':
        feed.add({ channel: m.channel, minute: m.atMinute, from: m.from, text: m.text });
        facilitator.markFired(m.id);
        break;
      case 'commandResult': {
        levers.result(m);
        const spec = LEVER_SPECS.find((l) => l.name === m.command);
        const label = spec?.label ?? m.command;
        // Our own commands, a tape replayed after a seek and a resumed drill's replay all count, each once.
        const key = `${m.atMinute}|${m.command}|${m.requestId ?? ''}`;
        if (m.ok) {
          if (spec && !decisions.some((d) => d.key === key)) {
            const who = `${roleLabel(deps.role)}: ${label}`;
            decisions.push({ minute: m.atMinute, label: who, key });
            charts.addMarker({ minute: m.atMinute, label, kind: 'decision' });
            feed.add({
              channel: 'operations',
              minute: m.atMinute,
              from: roleLabel(deps.role),
              text: `${label} ordered; takes effect at ${formatGmtClock(at(m.takesEffectAtMinute ?? m.atMinute))}.`,
            });
          }
        } else if (!refusals.some((r) => r.key === key)) {
          refusals.push({ minute: m.atMinute, key });
          feed.add({
            channel: 'operations',
            minute: m.atMinute,
            from: 'Refused',
            text: `${label}: ${m.reason}`,
            alert: true,
          });
        }
        break;
      }
      case 'bookmark':
        bookmarks.push({ minute: m.atMinute, note: m.note });
        charts.addMarker({ minute: m.atMinute, label: m.note, kind: 'bookmark' });
        feed.add({ channel: 'operations', minute: m.atMinute, from: 'Bookmark', text: m.note });
        break;
      case 'session':
        session = m.state;
        pump.settled();
        showSession();
        if (m.state === 'ended') {
          endedInfo = { atMinute: m.atMinute, reason: m.endReason };
          feed.add({
            channel: 'operations',
            minute: m.atMinute,
            from: 'Session',
            text: 'The drill has ended.',
          });
          charts.flush(performance.now(), true);
          // Let the last snapshot and charts show for a moment before the summary takes the screen.
          window.setTimeout(finish, 1200);
        }
        break;
      case 'seeked': {
        seeking = null;
        seekedAt = m.minute;
        branchBtn.disabled = false;
        seekInput.value = String(m.minute);
        showSeekTime(m.minute);
        charts.truncateAfter(m.minute);
        phases.splice(0, phases.length, ...m.phases);
        forgetFrom(m.minute);
        bookmarks.splice(
          0,
          bookmarks.length,
          ...m.bookmarks.map((b) => ({ minute: b.atMinute, note: b.note })),
        );
        const last = m.phases[m.phases.length - 1];
        if (last) showPhase(last.phase);
        seekNote.textContent = `At ${formatGmtClock(at(m.minute))} (replayed ${m.replayedCommands} command${m.replayedCommands === 1 ? '' : 's'}). Resume replays the recorded log; "Play from here" drops it.`;
        feed.add({
          channel: 'operations',
          minute: m.minute,
          from: 'Timeline',
          text: `Jumped to ${formatGmtClock(at(m.minute))}; the recorded commands after this point will replay unless you play from here.`,
        });
        break;
      }
      case 'branched':
        seekedAt = null;
        branchBtn.disabled = true;
        forgetFrom(m.minute, true);
        reached = m.minute;
        seekInput.max = String(reached);
        seekNote.textContent = `Playing from ${formatGmtClock(at(m.minute))}: ${m.droppedCommands} later command${m.droppedCommands === 1 ? '' : 's'} dropped.`;
        feed.add({
          channel: 'operations',
          minute: m.minute,
          from: 'Timeline',
          text: `New branch from ${formatGmtClock(at(m.minute))}: ${m.droppedCommands} recorded command${m.droppedCommands === 1 ? '' : 's'} after this point dropped.`,
          alert: m.droppedCommands > 0,
        });
        break;
      case 'error':
        if (m.inReplyTo === 'seek') {
          seeking = null;
          seekNote.textContent = `Cannot seek: ${m.message}`;
        }
        if (m.inReplyTo === 'replay') {
          replaying = false;
          seekNote.textContent = `Could not resume the saved drill: ${m.message}`;
          phase = 'error';
        }
        alertLine.textContent = `Drill host: ${m.message}`;
        alertLine.hidden = false;
        if (m.inReplyTo === null || m.message.startsWith('internal')) phase = 'error';
        console.warn('[drill host]', m.message, m.inReplyTo);
        break;
      default:
        break;
    }
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
    const realMs = pump.frame(dt, speed, session === 'running', now);
    if (realMs !== null) {
      advanceEpoch = speedEpoch;
      conn.send({ v: 1, type: 'advance', realMs });
    }
    if (bench.force) view.invalidateAll();
    if (view.animate(now) || bench.force) {
      app.render();
      bench.renders++;
      const d = view.densityStats();
      const shown = String(Math.round(d.clients));
      if (map.dataset.densityClients !== shown) {
        map.dataset.densityClients = shown;
        map.dataset.densityCells = String(d.cells);
      }
    }
    charts.flush(now);
    if (snap && now - rate.realAt > 2000 && session === 'running') {
      const simMin = snap.minute - rate.simAt;
      const eff = (simMin * 60) / ((now - rate.realAt) / 1000);
      effective.textContent =
        eff < speed * 0.8 ? `Running at ≈${Math.round(eff)}× (this machine cannot keep ${speed}×)` : '';
      rate.realAt = now;
      rate.simAt = snap.minute;
    }
    bench.frames++;
    bench.busyMs += performance.now() - t0;
    raf = requestAnimationFrame(loop);
  };
  raf = requestAnimationFrame(loop);

  if (deps.resume) {
    seekNote.textContent = `Replaying the saved drill to ${formatGmtClock(at(deps.resume.minute))}…`;
    conn.send({ v: 1, type: 'replay', log: [...deps.resume.log], minute: deps.resume.minute });
  } else conn.send({ v: 1, type: 'start' });
  conn.send({ v: 1, type: 'setSpeed', speed });
  main.focus();

  return {
    probe: () => {
      return {
        phase: phase === 'error' ? 'error' : phase,
        simMinute: snap?.minute ?? 0,
        online: snap?.metrics?.online ?? 0,
        supernodesAlive: snap?.metrics?.supernodesAlive ?? 0,
        stateHash: lastModelHash,
        ended: session === 'ended',
      };
    },
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
      disposed = true;
      cancelAnimationFrame(raf);
      unsubscribe();
      document.removeEventListener('keydown', onKey);
      ro.disconnect();
      charts.destroy();
      view.destroy();
      app.destroy(true, { children: true });
    },
  };
}
