/**
 * Live charts (uPlot): users online against the normal-day curve ("normal for the hour"), with the published
 * 2010 record as a dashed ghost only when the facilitator shows it (it would give the collapse away);
 * supernodes alive / self-protecting / dedicated; offline-IM reply latency in seconds with the 5 s crash
 * threshold; clients crashed. The x axis is the scenario clock in GMT over the drill's window so far
 * ({@link chartWindowEnd}: the first hours are not a few pixels of a 48-hour axis). Decisions and bookmarks
 * are thin vertical rules labelled with what was done. Redraws are throttled: the data arrives every tick,
 * eyes need a few frames a second.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { SeriesRow } from '../../../sim-core/src/drill/summary';
import { formatCompact } from '../format/numbers';
import { el } from './dom';

/** A vertical rule on every chart. */
export interface ChartMarker {
  readonly minute: number;
  readonly label: string;
  readonly kind: 'decision' | 'bookmark';
}

export interface ChartOptions {
  readonly startEpochMs: number;
  readonly durationMinutes: number;
  readonly history: readonly { readonly minute: number; readonly online: number }[];
  readonly projector: boolean;
  /** Show the 2010 record from the start (default false: the facilitator turns it on). */
  readonly ghost?: boolean;
}

/** The shortest window the charts show, and the step it grows by (simulated minutes). */
export const CHART_MIN_WINDOW = 360;
export const CHART_WINDOW_STEP = 180;

/**
 * The last minute the charts show when the drill has reached `minute`: at least six hours, then growing in
 * three-hour steps so "now" is never closer than an hour to the right edge, never past the drill's end.
 */
export function chartWindowEnd(minute: number, durationMinutes: number): number {
  const want = Math.max(CHART_MIN_WINDOW, Math.ceil((minute + 60) / CHART_WINDOW_STEP) * CHART_WINDOW_STEP);
  return Math.min(durationMinutes, want);
}

/**
 * Time-axis ticks on whole GMT hours (epoch seconds), as many as fit `widthPx` at `spacePx` apart, every 1, 2, 3,
 * 6, 12 or 24 hours, and always inside [min, max] (uPlot's own time splits could land a narrow chart's only
 * tick outside its window).
 */
export function hourSplits(min: number, max: number, widthPx: number, spacePx: number): number[] {
  const fit = Math.max(1, Math.floor(widthPx / spacePx));
  const hours = (max - min) / 3600;
  const step = ([1, 2, 3, 6, 12, 24].find((h) => Math.floor(hours / h) + 1 <= fit) ?? 48) * 3600;
  const out: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) out.push(t);
  return out.length > 0 ? out : [min];
}

/** Latency axis label: always seconds, so one axis carries one unit ("0 s", "2.5 s", "60 s"). */
export function secondsLabel(v: number): string {
  if (v === 0) return '0 s';
  return `${Math.abs(v) < 10 ? +v.toFixed(1) : Math.round(v)} s`;
}

const AXIS = '#8b98a9';
const GRID = '#1f2833';
const COLOURS = {
  online: '#e6edf5',
  expected: '#6f8fd8',
  ghost: '#8b98a9',
  alive: '#21918c',
  protecting: '#fde725',
  dedicated: '#aadc32',
  latency: '#5ec962',
  threshold: '#ff3d6e',
  crashed: '#ff3d6e',
  decision: 'rgba(213,221,232,0.55)',
  bookmark: 'rgba(253,231,37,0.6)',
};
const REDRAW_MS = 500;

const pad2 = (n: number): string => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Axis label for an instant (epoch seconds): "18:00", or "Thu 00:00" at midnight GMT. */
export function axisTime(epochSec: number): string {
  const d = new Date(epochSec * 1000);
  const hm = `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
  return d.getUTCHours() === 0 && d.getUTCMinutes() === 0 ? `${DAYS[d.getUTCDay()]} ${hm}` : hm;
}

type Col = (number | null)[];

export class ChartPanel {
  readonly element: HTMLElement;
  private readonly x: number[];
  private readonly cols: Record<
    'online' | 'expected' | 'ghost' | 'alive' | 'protecting' | 'dedicated' | 'latency' | 'crashed',
    Col
  >;
  private readonly markers: ChartMarker[] = [];
  private charts: uPlot[] = [];
  private readonly cells: HTMLElement[] = [];
  private readonly ro: ResizeObserver;
  private stale = false;
  private lastDraw = 0;
  private lastMinute = -1;
  private projector: boolean;
  private ghost: boolean;
  private windowEnd: number;
  private readonly duration: number;

  constructor(opts: ChartOptions) {
    this.ghost = opts.ghost ?? false;
    this.duration = opts.durationMinutes;
    this.windowEnd = chartWindowEnd(0, opts.durationMinutes);
    const n = opts.durationMinutes + 1;
    const t0 = opts.startEpochMs / 1000;
    this.x = Array.from({ length: n }, (_, i) => t0 + i * 60);
    const empty = (): Col => new Array<number | null>(n).fill(null);
    this.cols = {
      online: empty(),
      expected: empty(),
      ghost: empty(),
      alive: empty(),
      protecting: empty(),
      dedicated: empty(),
      latency: empty(),
      crashed: empty(),
    };
    for (const h of opts.history) if (h.minute >= 0 && h.minute < n) this.cols.ghost[h.minute] = h.online;
    this.projector = opts.projector;
    const titles = [
      'Users online',
      'Supernodes',
      'Offline-IM reply latency',
      'Clients crashed, not yet restarted',
    ];
    for (const t of titles) this.cells.push(el('figure', { class: 'chart', 'aria-label': `${t} chart` }));
    this.cells.forEach((c, i) => c.append(el('figcaption', {}, titles[i]!)));
    this.element = el('section', { class: 'charts', 'aria-label': 'Live charts' }, ...this.cells);
    this.ro = new ResizeObserver(() => this.fit());
  }

  /** Builds the charts (after the element is in the document, so sizes are known). */
  mount(): void {
    this.build();
    for (const c of this.cells) this.ro.observe(c);
  }

  private size(cell: HTMLElement): { width: number; height: number } {
    const cap = cell.querySelector('figcaption');
    const legend = this.projector ? 0 : 22;
    return {
      width: Math.max(120, cell.clientWidth),
      height: Math.max(60, cell.clientHeight - (cap?.clientHeight ?? 16) - legend - 4),
    };
  }

  private build(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
    const p = this.projector;
    const lw = p ? 3 : 1.5;
    const font = p ? '15px system-ui, DejaVu Sans, sans-serif' : '11px system-ui, DejaVu Sans, sans-serif';
    const t0 = this.x[0]!;
    const xRange = (): [number, number] => [t0, t0 + this.windowEnd * 60];
    const xAxis: uPlot.Axis = {
      stroke: AXIS,
      grid: { stroke: GRID, width: 1 },
      ticks: { stroke: GRID },
      font,
      space: p ? 80 : 60,
      splits: (u, _axis, min, max) => hourSplits(min, max, u.bbox.width / uPlot.pxRatio, p ? 80 : 60),
      values: (_u, splits) => splits.map(axisTime),
    };
    const yAxis = (fmt: (v: number) => string, size = 48): uPlot.Axis => ({
      stroke: AXIS,
      grid: { stroke: GRID, width: 1 },
      ticks: { stroke: GRID },
      font,
      size: p ? size + 14 : size,
      space: p ? 40 : 24,
      values: (_u, splits) => splits.map((v) => (v == null ? '' : fmt(v))),
    });
    const base = (cell: HTMLElement): Omit<uPlot.Options, 'series' | 'axes'> => ({
      ...this.size(cell),
      scales: { x: { time: true, range: xRange } },
      legend: { show: !p, live: false },
      cursor: { show: false },
      hooks: { draw: [(u: uPlot) => this.drawMarkers(u, p)] },
    });
    const line = (label: string, stroke: string, extra: Partial<uPlot.Series> = {}): uPlot.Series => ({
      label,
      stroke,
      width: lw,
      points: { show: false },
      ...extra,
    });
    const x = this.x;
    const c = this.cols;
    const specs: [uPlot.Options, uPlot.AlignedData][] = [
      [
        {
          ...base(this.cells[0]!),
          axes: [xAxis, yAxis(formatCompact)],
          scales: {
            x: { time: true, range: xRange },
            y: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
          },
          series: [
            {},
            line('Online', COLOURS.online, { width: p ? 4 : 2 }),
            line('Normal for the hour', COLOURS.expected, { dash: [6, 4], width: p ? 3 : 2 }),
            // The 2010 record only when the facilitator shows it (not a legend toggle a trainee could click).
            ...(this.ghost
              ? [
                  line('2010 record', COLOURS.ghost, {
                    dash: [6, 5],
                    spanGaps: true,
                    points: { show: true, size: p ? 8 : 5, stroke: COLOURS.ghost, fill: COLOURS.ghost },
                  }),
                ]
              : []),
          ],
        },
        this.onlineData(),
      ],
      [
        {
          ...base(this.cells[1]!),
          axes: [
            xAxis,
            yAxis(formatCompact),
            {
              ...yAxis(formatCompact, 40),
              side: 1,
              grid: { show: false },
              scale: 'ded',
              label: 'dedicated',
              labelSize: p ? 20 : 14,
              labelFont: font,
            },
          ],
          scales: {
            x: { time: true, range: xRange },
            y: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
            ded: { range: (_u, _min, max) => [0, Math.max(max, 10)] },
          },
          series: [
            {},
            line('Alive', COLOURS.alive),
            line('Self-protecting', COLOURS.protecting),
            line('Dedicated (right axis)', COLOURS.dedicated, { scale: 'ded', dash: p ? undefined : [4, 2] }),
          ],
        },
        [x, c.alive, c.protecting, c.dedicated],
      ],
      [
        {
          ...base(this.cells[2]!),
          axes: [xAxis, yAxis(secondsLabel)],
          scales: {
            x: { time: true, range: xRange },
            y: { range: (_u, _min, max) => [0, Math.max(max, 6)] },
          },
          series: [{}, line('Reply latency (s)', COLOURS.latency)],
          hooks: {
            draw: [
              (u: uPlot) => {
                this.drawThreshold(u, 5, 'crash threshold 5 s', p);
                this.drawMarkers(u, p);
              },
            ],
          },
        },
        [x, c.latency],
      ],
      [
        {
          ...base(this.cells[3]!),
          axes: [xAxis, yAxis(formatCompact)],
          scales: {
            x: { time: true, range: xRange },
            y: { range: (_u, _min, max) => [0, Math.max(max, 10)] },
          },
          series: [{}, line('Crashed clients', COLOURS.crashed)],
        },
        [x, c.crashed],
      ],
    ];
    specs.forEach(([o, d], i) => {
      const cell = this.cells[i]!;
      cell.querySelector('.uplot')?.remove();
      this.charts.push(new uPlot(o, d, cell));
    });
    this.lastDraw = 0;
  }

  private drawThreshold(u: uPlot, value: number, label: string, projector: boolean): void {
    const y = u.valToPos(value, 'y', true);
    if (!Number.isFinite(y) || y < u.bbox.top || y > u.bbox.top + u.bbox.height) return;
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = COLOURS.threshold;
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = projector ? 2 : 1;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    if (!projector) {
      ctx.fillStyle = COLOURS.threshold;
      ctx.font = `${Math.round(10 * uPlot.pxRatio)}px system-ui, DejaVu Sans, sans-serif`;
      ctx.textAlign = 'right';
      // Below the line when there is room (the latency line climbs towards it from below, above it is the
      // collapse's plateau), never on it.
      const r = uPlot.pxRatio;
      const below = y + 14 * r < u.bbox.top + u.bbox.height;
      ctx.textBaseline = below ? 'top' : 'bottom';
      ctx.fillText(label, u.bbox.left + u.bbox.width - 4 * r, below ? y + 4 * r : y - 4 * r);
    }
    ctx.restore();
  }

  private drawMarkers(u: uPlot, projector: boolean): void {
    if (this.markers.length === 0) return;
    const ctx = u.ctx;
    const r = uPlot.pxRatio;
    ctx.save();
    ctx.lineWidth = (projector ? 2 : 1) * r;
    ctx.font = `${Math.round((projector ? 13 : 10) * r)}px system-ui, DejaVu Sans, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    const isOnline = u.series[1]?.label === 'Online';
    let lastLabelX = -Infinity;
    for (const m of this.markers) {
      const x = u.valToPos(this.x[0]! + m.minute * 60, 'x', true);
      ctx.strokeStyle = m.kind === 'decision' ? COLOURS.decision : COLOURS.bookmark;
      ctx.beginPath();
      ctx.moveTo(x, u.bbox.top);
      ctx.lineTo(x, u.bbox.top + u.bbox.height);
      ctx.stroke();
      // Labels on the headline chart only, and not on top of each other.
      if (isOnline && !projector && x - lastLabelX > 60 * r) {
        ctx.fillStyle = m.kind === 'decision' ? '#d5dde8' : '#fde725';
        ctx.fillText(m.label, x + 3 * r, u.bbox.top + 11 * r);
        lastLabelX = x;
      }
    }
    ctx.restore();
  }

  /** Shows or hides the 2010 record on the online chart (the facilitator's choice). */
  setGhost(on: boolean): void {
    if (on === this.ghost) return;
    this.ghost = on;
    if (this.charts.length > 0) this.build();
    this.stale = true;
  }

  private onlineData(): uPlot.AlignedData {
    const c = this.cols;
    return this.ghost ? [this.x, c.online, c.expected, c.ghost] : [this.x, c.online, c.expected];
  }

  /** Appends tick rows (from the host's `metrics` messages). */
  addRows(rows: readonly SeriesRow[]): void {
    const c = this.cols;
    for (const r of rows) {
      const i = r.minute;
      if (i < 0 || i >= this.x.length) continue;
      c.online[i] = r.online;
      c.expected[i] = r.expectedOnline;
      c.alive[i] = r.supernodesAlive;
      c.protecting[i] = r.supernodesProtecting;
      c.dedicated[i] = r.dedicatedSupernodes;
      c.latency[i] = r.omLatencyMs / 1000;
      c.crashed[i] = r.crashed;
      this.lastMinute = Math.max(this.lastMinute, i);
    }
    if (rows.length > 0) this.stale = true;
    this.windowEnd = chartWindowEnd(Math.max(0, this.lastMinute), this.duration);
  }

  /** Forgets rows and markers after `minute` (the drill jumped back to it). */
  truncateAfter(minute: number): void {
    for (const col of Object.values(this.cols)) {
      if (col === this.cols.expected || col === this.cols.ghost) continue;
      for (let i = minute + 1; i < col.length; i++) col[i] = null;
    }
    for (let k = this.markers.length - 1; k >= 0; k--)
      if (this.markers[k]!.minute > minute) this.markers.splice(k, 1);
    this.lastMinute = Math.min(this.lastMinute, minute);
    this.windowEnd = chartWindowEnd(Math.max(0, this.lastMinute), this.duration);
    this.stale = true;
  }

  addMarker(m: ChartMarker): void {
    this.markers.push(m);
    this.markers.sort((a, b) => a.minute - b.minute);
    this.stale = true;
  }

  /** Redraws if data changed and the throttle allows; call once per animation frame. */
  flush(now: number, force = false): void {
    if (!this.stale || (!force && now - this.lastDraw < REDRAW_MS)) return;
    this.stale = false;
    this.lastDraw = now;
    const c = this.cols;
    const data: uPlot.AlignedData[] = [
      this.onlineData(),
      [this.x, c.alive, c.protecting, c.dedicated],
      [this.x, c.latency],
      [this.x, c.crashed],
    ];
    this.charts.forEach((u, i) => u.setData(data[i]!, true));
  }

  setProjector(on: boolean): void {
    if (on === this.projector) return;
    this.projector = on;
    this.build();
    this.stale = true;
  }

  private fit(): void {
    this.charts.forEach((u, i) => u.setSize(this.size(this.cells[i]!)));
  }

  destroy(): void {
    this.ro.disconnect();
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }
}
