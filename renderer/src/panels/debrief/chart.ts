/**
 * The debrief's charts (uPlot): users online and supernodes alive in the four runs — yours, doing nothing,
 * the 2010 response and par — with the published 2010 record as dots, a normal day as a faint line, the
 * decisions as vertical rules and the scrubber's minute as a bright one. The x axis is the scenario clock
 * in GMT over the scored minutes.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatCompact } from '../../format/numbers';
import { axisTime } from '../charts';
import { el } from '../dom';
import type { SeriesPoint } from './model';

/** Colours of the four runs (the report uses its own print palette). */
export const RUN_COLOURS = {
  you: '#e6edf5',
  doNothing: '#ff3d6e',
  historical: '#b18cff',
  par: '#5ec962',
  ghost: '#8b98a9',
  expected: '#3b528b',
} as const;
const AXIS = '#8b98a9';
const GRID = '#1f2833';

export interface DebriefChartOptions {
  readonly startEpochMs: number;
  readonly points: readonly SeriesPoint[];
  /** The published 2010 record (the scenario's history points). */
  readonly ghost: readonly { readonly minute: number; readonly online: number }[];
  readonly decisions: readonly { readonly minute: number; readonly label: string }[];
}

export class DebriefChart {
  readonly element: HTMLElement;
  private readonly cells: HTMLElement[];
  private readonly charts: uPlot[] = [];
  private readonly ro: ResizeObserver;
  private cursor = 0;

  constructor(private readonly opts: DebriefChartOptions) {
    const titles = ['Users online', 'Supernodes alive'];
    this.cells = titles.map((t) =>
      el(
        'figure',
        { class: 'chart', 'aria-label': `${t} chart: your run against doing nothing, 2010 and par` },
        el('figcaption', {}, t),
      ),
    );
    this.element = el(
      'section',
      { class: 'charts debrief-charts', 'aria-label': 'Debrief charts' },
      ...this.cells,
    );
    this.ro = new ResizeObserver(() => {
      for (let i = 0; i < this.charts.length; i++) this.charts[i]!.setSize(this.size(this.cells[i]!));
    });
  }

  /** Builds the charts (after the element is in the document, so sizes are known). */
  mount(): void {
    const { points, ghost, decisions, startEpochMs } = this.opts;
    const t0 = startEpochMs / 1000;
    const x = points.map((p) => t0 + p.minute * 60);
    // The ghost joins the x axis at the nearest chart point.
    const ghostCol: (number | null)[] = points.map(() => null);
    for (const g of ghost) {
      let best = -1;
      let bestD = Infinity;
      points.forEach((p, i) => {
        const d = Math.abs(p.minute - g.minute);
        if (d < bestD) [best, bestD] = [i, d];
      });
      const step = points.length > 1 ? points[1]!.minute - points[0]!.minute : 1;
      if (best >= 0 && bestD <= step) ghostCol[best] = g.online;
    }
    const font = '11px system-ui, DejaVu Sans, sans-serif';
    const axes: uPlot.Axis[] = [
      {
        stroke: AXIS,
        grid: { stroke: GRID },
        ticks: { stroke: GRID },
        font,
        space: 60,
        values: (_u, s) => s.map(axisTime),
      },
      {
        stroke: AXIS,
        grid: { stroke: GRID },
        ticks: { stroke: GRID },
        font,
        size: 48,
        values: (_u, s) => s.map((v) => formatCompact(v)),
      },
    ];
    const line = (label: string, stroke: string, extra: Partial<uPlot.Series> = {}): uPlot.Series => ({
      label,
      stroke,
      width: 1.5,
      points: { show: false },
      ...extra,
    });
    const runs = (pick: (p: SeriesPoint) => SeriesPoint['online']): uPlot.AlignedData => [
      x,
      points.map((p) => pick(p).you),
      points.map((p) => pick(p).doNothing),
      points.map((p) => pick(p).historical),
      points.map((p) => pick(p).par),
    ];
    const runSeries = (): uPlot.Series[] => [
      {},
      line('Your run', RUN_COLOURS.you, { width: 2.5 }),
      line('Doing nothing', RUN_COLOURS.doNothing, { dash: [6, 4] }),
      line('2010 response', RUN_COLOURS.historical, { dash: [2, 3] }),
      line('Par', RUN_COLOURS.par),
    ];
    const base = (cell: HTMLElement): Omit<uPlot.Options, 'series'> => ({
      ...this.size(cell),
      axes,
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      legend: { show: true, live: false },
      cursor: { show: false },
      hooks: { draw: [(u: uPlot) => this.drawRules(u, decisions)] },
    });
    const online = runs((p) => p.online);
    this.charts.push(
      new uPlot(
        {
          ...base(this.cells[0]!),
          series: [
            ...runSeries(),
            line('Normal for the hour', RUN_COLOURS.expected, { dash: [2, 4], width: 1 }),
            line('2010 record', RUN_COLOURS.ghost, {
              spanGaps: true,
              width: 0,
              points: { show: true, size: 6, stroke: RUN_COLOURS.ghost, fill: RUN_COLOURS.ghost },
            }),
          ],
        },
        [...online, points.map((p) => p.expected), ghostCol] as uPlot.AlignedData,
        this.cells[0]!,
      ),
      new uPlot(
        { ...base(this.cells[1]!), series: runSeries() },
        runs((p) => p.alive),
        this.cells[1]!,
      ),
    );
    for (const c of this.cells) this.ro.observe(c);
  }

  /** Move the scrubber's rule to a minute. */
  setCursor(minute: number): void {
    this.cursor = minute;
    for (const u of this.charts) u.redraw(false, false);
  }

  private size(cell: HTMLElement): { width: number; height: number } {
    const cap = cell.querySelector('figcaption');
    return {
      width: Math.max(160, cell.clientWidth),
      height: Math.max(120, cell.clientHeight - (cap?.clientHeight ?? 16) - 30),
    };
  }

  private drawRules(u: uPlot, decisions: DebriefChartOptions['decisions']): void {
    const ctx = u.ctx;
    const r = uPlot.pxRatio;
    const t0 = this.opts.startEpochMs / 1000;
    const rule = (minute: number, colour: string, width: number) => {
      const x = u.valToPos(t0 + minute * 60, 'x', true);
      ctx.strokeStyle = colour;
      ctx.lineWidth = width * r;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      return x;
    };
    ctx.save();
    ctx.font = `${Math.round(10 * r)}px system-ui, DejaVu Sans, sans-serif`;
    // uPlot leaves its own alignment on the context after drawing axes.
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    let lastLabel = -Infinity;
    for (const d of decisions) {
      const x = rule(d.minute, 'rgba(213,221,232,0.5)', 1);
      if (u === this.charts[0] && x - lastLabel > 70 * r) {
        ctx.fillStyle = '#d5dde8';
        ctx.fillText(d.label, x + 3 * r, u.bbox.top + 11 * r);
        lastLabel = x;
      }
    }
    rule(this.cursor, '#fde725', 2);
    ctx.restore();
  }

  destroy(): void {
    this.ro.disconnect();
    for (const c of this.charts) c.destroy();
    this.charts.length = 0;
  }
}
