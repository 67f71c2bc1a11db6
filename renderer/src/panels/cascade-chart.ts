/**
 * The chart every model's console draws: users served against normal for the hour, minute by minute, over
 * the scenario's length (SVG polylines; the rows are the host's `metrics` rows, the common row of any model).
 */
import type { CascadeRow } from '../../../sim-core/src/drill/protocol';
import { formatCompact } from '../format/numbers';

const NS = 'http://www.w3.org/2000/svg';
const W = 600;
const H = 180;
const PAD = { l: 44, r: 8, t: 10, b: 22 };

function svg(
  tag: string,
  attrs: Record<string, string | number> = {},
  ...children: (Node | string)[]
): SVGElement {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  node.append(...children);
  return node;
}

export class CascadeChart {
  readonly element: HTMLElement;
  private readonly online: number[] = [];
  private readonly normal: number[] = [];
  private readonly onlineLine: SVGElement;
  private readonly normalLine: SVGElement;
  private readonly recordLine: SVGElement;
  private record: readonly CascadeRow[] = [];
  private readonly yTop: SVGElement;
  private readonly now: SVGElement;
  private top = 1;

  constructor(
    private readonly durationMinutes: number,
    private readonly startMinuteOfDay: number,
  ) {
    this.onlineLine = svg('polyline', { class: 'cc-online', fill: 'none' });
    this.normalLine = svg('polyline', { class: 'cc-normal', fill: 'none' });
    this.recordLine = svg('polyline', { class: 'cc-record', fill: 'none' });
    this.yTop = svg('text', { x: PAD.l - 4, y: PAD.t + 10, class: 'cc-axis', 'text-anchor': 'end' }, '');
    this.now = svg('line', { class: 'cc-now', y1: PAD.t, y2: H - PAD.b, x1: PAD.l, x2: PAD.l });
    const ticks: SVGElement[] = [];
    for (let h = 0; h * 60 <= durationMinutes; h += Math.max(1, Math.round(durationMinutes / 60 / 8))) {
      const x = this.x(h * 60);
      const clock = (((startMinuteOfDay + h * 60) % 1440) / 60) | 0;
      ticks.push(
        svg(
          'text',
          { x, y: H - 6, class: 'cc-axis', 'text-anchor': 'middle' },
          `${String(clock).padStart(2, '0')}:00`,
        ),
      );
    }
    const drawing = svg(
      'svg',
      {
        viewBox: `0 0 ${W} ${H}`,
        class: 'cc-chart',
        role: 'img',
        'aria-label': 'Users served against normal for the hour, minute by minute (GMT)',
      },
      svg('line', { x1: PAD.l, x2: W - PAD.r, y1: H - PAD.b, y2: H - PAD.b, class: 'cc-base' }),
      this.yTop,
      svg('text', { x: PAD.l - 4, y: H - PAD.b, class: 'cc-axis', 'text-anchor': 'end' }, '0'),
      ...ticks,
      this.normalLine,
      this.recordLine,
      this.onlineLine,
      this.now,
    );
    const legend = document.createElement('p');
    legend.className = 'cc-legend';
    const key = (cls: string, words: string) => {
      const s = document.createElement('span');
      s.className = cls;
      s.textContent = words;
      return s;
    };
    legend.append(
      key('cc-key-online', 'Users served'),
      ' ',
      key('cc-key-normal', 'Normal for the hour'),
      ' ',
      key('cc-key-record', "The record's response, as the model plays it"),
    );
    this.element = document.createElement('section');
    this.element.className = 'cc-panel';
    this.element.setAttribute('aria-label', 'Users served chart');
    const h = document.createElement('h2');
    h.textContent = 'Users served (GMT)';
    this.element.append(h, drawing, legend);
  }

  private x(minute: number): number {
    return PAD.l + ((W - PAD.l - PAD.r) * minute) / Math.max(1, this.durationMinutes);
  }
  private y(v: number): number {
    return H - PAD.b - ((H - PAD.t - PAD.b) * v) / this.top;
  }

  /** Add the rows of one `metrics` message (rows at or before a seek point replace what was there). */
  addRows(rows: readonly CascadeRow[]): void {
    for (const r of rows) {
      this.online.length = Math.min(this.online.length, r.minute);
      this.normal.length = Math.min(this.normal.length, r.minute);
      this.online[r.minute] = r.online;
      this.normal[r.minute] = r.expectedOnline;
    }
    this.draw();
  }

  /** Draw the record's run beside the drill's (null: hide it). */
  setRecord(rows: readonly CascadeRow[] | null): void {
    this.record = rows ?? [];
    this.element.classList.toggle('with-record', rows !== null);
    this.draw();
  }

  /** Forget rows after `minute` (a seek back). */
  truncateAfter(minute: number): void {
    this.online.length = Math.min(this.online.length, minute);
    this.normal.length = Math.min(this.normal.length, minute);
    this.draw();
  }

  private draw(): void {
    const max = Math.max(
      1,
      ...this.normal.filter((v) => v !== undefined),
      ...this.online.filter((v) => v !== undefined),
    );
    this.top = max * 1.1;
    this.yTop.textContent = formatCompact(this.top);
    const pts = (a: number[]) =>
      a.map((v, i) => (v === undefined ? '' : `${this.x(i).toFixed(1)},${this.y(v).toFixed(1)}`)).join(' ');
    this.onlineLine.setAttribute('points', pts(this.online));
    this.normalLine.setAttribute('points', pts(this.normal));
    const shown = this.record.filter((r) => r.minute <= Math.max(0, this.online.length - 1));
    this.recordLine.setAttribute(
      'points',
      shown.map((r) => `${this.x(r.minute).toFixed(1)},${this.y(r.online).toFixed(1)}`).join(' '),
    );
    const nowX = this.x(this.online.length);
    this.now.setAttribute('x1', String(nowX));
    this.now.setAttribute('x2', String(nowX));
    void this.startMinuteOfDay;
  }
}
