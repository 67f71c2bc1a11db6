/**
 * The debrief's replay: charts of the four runs and a scrubber over the scored minutes. The range input
 * ("Replay minute": arrows, Home, End) or Play (120 simulated minutes a second) moves a rule over both charts
 * and a readout of each run at that minute, with the last things said by then.
 */
import { formatCompact, formatLatency } from '../../format/numbers';
import { el } from '../dom';
import { dataTable } from '../table';
import { DebriefChart } from './chart';
import { debriefSeries, scrubAt, type DebriefEvent, type DebriefRuns } from './model';

/** Simulated minutes per second of Play. */
const REPLAY_MINUTES_PER_SECOND = 120;
const PLAY_STEP_MS = 100;

export interface ReplayPanelOptions {
  readonly runs: DebriefRuns;
  readonly events: readonly DebriefEvent[];
  /** The published record at the session's scale. */
  readonly ghost: readonly { readonly minute: number; readonly online: number }[];
  readonly startEpochMs: number;
  /** A simulated minute as the scenario clock. */
  readonly at: (minute: number) => string;
}

export class ReplayPanel {
  readonly element: HTMLElement;
  private readonly chart: DebriefChart;
  private readonly slider: HTMLInputElement;
  private readonly clock: HTMLOutputElement;
  private readonly play: HTMLButtonElement;
  private readonly readout: HTMLElement;
  private readonly last: number;
  private timer = 0;

  constructor(private readonly o: ReplayPanelOptions) {
    this.chart = new DebriefChart({
      startEpochMs: o.startEpochMs,
      points: debriefSeries(o.runs),
      ghost: o.ghost,
      // The lever's name only: the full line is in the decision list.
      decisions: o.events
        .filter((e) => e.kind !== 'bookmark')
        .map((d) => ({ minute: d.minute, label: d.text.split(' (')[0]! })),
    });
    this.last = o.runs.minutes - 1;
    this.slider = el('input', {
      type: 'range',
      min: '0',
      max: String(this.last),
      step: '1',
      value: String(this.last),
      'aria-label': 'Replay minute',
    });
    this.clock = el('output', { class: 'replay-clock' });
    this.play = el('button', { type: 'button', 'aria-label': 'Play replay' }, '▶ Play');
    this.readout = el('div', { class: 'replay-readout' });
    this.play.addEventListener('click', () => this.toggle());
    this.slider.addEventListener('input', () => {
      this.stop();
      this.show(Number(this.slider.value));
    });
    this.element = el(
      'section',
      { class: 'debrief-replay', 'aria-label': 'Replay' },
      el('h2', {}, 'Replay'),
      this.chart.element,
      el('div', { class: 'scrubber' }, this.play, this.slider, this.clock),
      this.readout,
    );
  }

  /** Build the charts (once the element is in the document) and show the last minute. */
  mount(): void {
    this.chart.mount();
    this.show(this.last);
  }

  /** Show the runs at a minute. */
  show(minute: number): void {
    const { at } = this.o;
    const s = scrubAt(this.o.runs, this.o.events, minute);
    this.slider.value = String(s.minute);
    this.slider.setAttribute('aria-valuetext', at(s.minute));
    this.clock.textContent = `${at(s.minute)} · minute ${s.minute}`;
    this.chart.setCursor(s.minute);
    const runsAt = [
      ['Your run', s.you],
      ['Doing nothing', s.doNothing],
      ...(s.historical ? [['2010 response', s.historical] as const] : []),
      ['Par', s.par],
    ] as const;
    const said = s.done.slice(-3).map((e) => el('li', {}, `${at(e.minute)} · ${e.who}: ${e.text}`));
    this.readout.replaceChildren(
      dataTable({
        head: ['', 'Online', 'of normal', 'Supernodes alive', 'Offline-IM replies', 'Crashed'],
        rows: runsAt.map(([name, r]) => ({
          cells: [
            name,
            formatCompact(r.online),
            `${Math.round((100 * r.online) / Math.max(1, r.expectedOnline))}%`,
            formatCompact(r.supernodesAlive),
            r.omEnabled ? formatLatency(r.omLatencyMs) : 'switched off',
            formatCompact(r.crashed),
          ],
        })),
      }),
      said.length > 0
        ? el('ol', { class: 'replay-said', 'aria-label': 'Said by then' }, ...said)
        : el('p', { class: 'muted' }, 'Nothing said yet.'),
    );
  }

  private toggle(): void {
    if (this.timer) return this.stop();
    if (Number(this.slider.value) >= this.last) this.show(0);
    this.play.textContent = '❚❚ Pause';
    this.play.setAttribute('aria-label', 'Pause replay');
    this.timer = window.setInterval(() => {
      if (!this.element.isConnected) return this.stop();
      const next = Number(this.slider.value) + (REPLAY_MINUTES_PER_SECOND * PLAY_STEP_MS) / 1000;
      this.show(Math.min(this.last, next));
      if (next >= this.last) this.stop();
    }, PLAY_STEP_MS);
  }

  private stop(): void {
    window.clearInterval(this.timer);
    this.timer = 0;
    this.play.textContent = '▶ Play';
    this.play.setAttribute('aria-label', 'Play replay');
  }

  dispose(): void {
    this.stop();
    this.chart.destroy();
  }
}
