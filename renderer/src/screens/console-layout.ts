/**
 * The console's layout: header (clock, status, speed, pause, facilitator, projector), the map with its legend
 * and tooltip, the side panel (levers, pending), charts, feed, facilitator drawer, and the footer (totals,
 * timeline scrubber, notes, End drill). Elements only: no listeners and no state (drill-screen.ts wires them).
 */
import type { ReadyMessage } from '../host/messages';
import { formatCount } from '../format/numbers';
import { el } from '../panels/dom';
import { createLegend, legendStartsOpen } from '../panels/legend';

/** The panels the layout places (built by the screen). */
export interface ConsolePanels {
  readonly levers: HTMLElement;
  readonly pending: HTMLElement;
  readonly charts: HTMLElement;
  readonly feed: HTMLElement;
  readonly facilitator: HTMLElement;
  /** End drill and its confirmation (in the footer, so a trainee finds it without the drawer). */
  readonly end: HTMLElement;
}

/** Every element the screen updates or listens to. */
export interface ConsoleLayout {
  readonly root: HTMLElement;
  readonly main: HTMLElement;
  readonly clock: HTMLTimeElement;
  readonly phaseBadge: HTMLElement;
  readonly onlineV: HTMLElement;
  readonly ratioV: HTMLElement;
  readonly aliveV: HTMLElement;
  readonly costV: HTMLElement;
  readonly lostV: HTMLElement;
  readonly speedSel: HTMLSelectElement;
  /** The speed select with its label. */
  readonly speedWrap: HTMLElement;
  /** The scrubber group (seek, its time, "Play from here", its note). */
  readonly timeline: HTMLElement;
  readonly pauseBtn: HTMLButtonElement;
  readonly facBtn: HTMLButtonElement;
  readonly projBtn: HTMLButtonElement;
  readonly effective: HTMLElement;
  readonly seekInput: HTMLInputElement;
  readonly seekTime: HTMLOutputElement;
  readonly branchBtn: HTMLButtonElement;
  readonly seekNote: HTMLElement;
  readonly alertLine: HTMLElement;
  readonly tooltip: HTMLElement;
  readonly map: HTMLElement;
}

/** Builds the console's DOM around the panels. `mapWidth` decides whether the legend starts open. */
export function buildConsoleLayout(
  ready: ReadyMessage,
  panels: ConsolePanels,
  opts: {
    readonly projector: boolean;
    readonly mapWidth: number;
    readonly buildNote: string;
    readonly roleWords: string;
  },
): ConsoleLayout {
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
    { class: 'stat stat-phase' },
    el('dt', { id: 'stat-phase', class: 'stat-label' }, 'Phase'),
    el('dd', { class: 'stat-value', 'aria-labelledby': 'stat-phase' }, phaseBadge),
  );
  const speedSel = el(
    'select',
    { id: 'speed', 'aria-keyshortcuts': '1 2 3 4 5 6' },
    ...ready.speeds.map((s) => el('option', { value: String(s) }, `${s}×`)),
  );
  const pauseBtn = el('button', { type: 'button', class: 'pause', 'aria-keyshortcuts': 'Space' }, 'Pause');
  const facBtn = el(
    'button',
    { type: 'button', 'aria-controls': 'facilitator', 'aria-expanded': 'false', 'aria-keyshortcuts': 'F' },
    'Facilitator',
  );
  const projBtn = el(
    'button',
    { type: 'button', 'aria-pressed': String(opts.projector), 'aria-keyshortcuts': 'P' },
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
  const legend = createLegend(legendStartsOpen(opts.mapWidth));
  const mapWrap = el('div', { class: 'map-wrap' }, map, legend, tooltip);
  const speedLabel = el('span', { class: 'speed' }, el('label', { for: 'speed' }, 'Speed'), speedSel);
  const main = el(
    'main',
    { class: 'console-grid', tabindex: '-1', 'aria-label': 'Operator console' },
    mapWrap,
    el('aside', { class: 'side', 'aria-label': 'Controls' }, panels.levers, panels.pending),
    panels.charts,
    panels.feed,
    panels.facilitator,
  );
  const header = el(
    'header',
    { class: 'console-header' },
    el('h1', { class: 'sr-only' }, 'Cascade Drill'),
    clock,
    el('dl', { class: 'status-line', 'aria-label': 'Network status' }, phaseW, onlineW, ratioW, aliveW),
    el('span', { class: 'spacer' }),
    el('span', { class: 'seat-role', 'data-role': opts.roleWords }, opts.roleWords),
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
    el('small', { class: 'build' }, opts.buildNote),
    panels.end,
  );
  const root = el('div', { class: 'console' }, header, main, footer);
  return {
    root,
    main,
    clock,
    phaseBadge,
    onlineV,
    ratioV,
    aliveV,
    costV,
    lostV,
    speedSel,
    speedWrap: speedLabel,
    timeline,
    pauseBtn,
    facBtn,
    projBtn,
    effective,
    seekInput,
    seekTime,
    branchBtn,
    seekNote,
    alertLine,
    tooltip,
    map,
  };
}
