/**
 * The Facebook 2010 model's own view: users, the web tier (its clients and their cached configuration value),
 * the database cluster (query rate against capacity, what it answers, its errors) and the feedback loop
 * between them (failed queries delete cache keys, and clients with a deleted key query again). SVG, so it
 * scales from 1280x800 to 1920x1080; every number it prints comes from the model's metrics of the minute and
 * the scenario's parameters, through `facebookViewWords` (tested).
 */
import type { CascadeMetricsRow } from '../../../sim-core/src/drill/protocol';

/** The scenario parameters the view reads (facebook-2010.json `model`). */
export interface FacebookViewParams {
  readonly web: { readonly clients: number };
  readonly database: { readonly capacityQps: number };
}

/** Everything the view prints, from one minute's metrics. */
export interface FacebookViewWords {
  users: string;
  normal: string;
  capacity: string;
  admitted: string;
  webTier: string;
  badClients: string;
  store: string;
  verifier: string;
  queries: string;
  answered: string;
  health: string;
  errors: string;
  loop: string;
  /** Whether the loop is feeding itself: queries above capacity and failing. */
  loopOn: boolean;
  /** Load as a multiple of capacity (the gauge). */
  loadFactor: number;
  badShare: number;
  healthShare: number;
  errorShare: number;
}

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const pct = (x: number) => `${Math.round(x * 100)}%`;
const num = (m: CascadeMetricsRow, k: string): number => {
  const v = m[k];
  return typeof v === 'number' ? v : v === true ? 1 : 0;
};

/** The view's words for one minute (metrics of the Facebook model). */
export function facebookViewWords(m: CascadeMetricsRow, p: FacebookViewParams): FacebookViewWords {
  const cap = p.database.capacityQps;
  const q = num(m, 'queryQps');
  const served = num(m, 'servedQps');
  const err = num(m, 'errorShare');
  const bad = num(m, 'badClientShare');
  const health = num(m, 'dbHealth');
  const keys = num(m, 'keysDeletedPerSecond');
  const loopOn = q > cap && err > 0;
  return {
    users: `${n(m.online)} users served`,
    normal: `normal now: ${n(m.expectedOnline)}`,
    admitted: `${pct(num(m, 'admittedShare'))} let onto the site`,
    capacity: `capacity ${n(cap)}`,
    webTier: `${n(p.web.clients)} web clients cache the value`,
    badClients: `${pct(bad)} hold a bad or deleted value`,
    store: num(m, 'storeValid') === 1 ? 'Stored value: valid' : 'Stored value: read as invalid',
    verifier: num(m, 'verifierOn') === 1 ? 'Verifier: on (repairs bad values)' : 'Verifier: off',
    queries: `${n(q)} queries a second`,
    answered: `${n(served)} answered a second`,
    health: `Serving ${pct(health)} of its capacity`,
    errors: `${pct(err)} of queries fail`,
    loop: loopOn
      ? keys > 0
        ? `Feedback loop: failed queries delete ${n(keys)} cache keys a second; clients with a bad value ask again (${n(num(m, 'repairQps'))} repair queries a second)`
        : `Feedback loop: ${pct(bad)} of clients hold a bad value and ask the cluster on every check (${n(num(m, 'repairQps'))} repair queries a second); its failures keep them bad`
      : keys > 0
        ? `Failed queries delete ${n(keys)} cache keys a second`
        : 'Feedback loop: quiet (no queries failing above capacity)',
    loopOn,
    loadFactor: cap > 0 ? q / cap : 0,
    badShare: bad,
    healthShare: health,
    errorShare: err,
  };
}

const NS = 'http://www.w3.org/2000/svg';
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

/** Gauge scale: four times capacity fills the bar (the record's storm was about four times capacity). */
const GAUGE_MAX_FACTOR = 4;

export class FacebookView {
  readonly element: HTMLElement;
  private readonly texts = new Map<keyof FacebookViewWords, SVGElement>();
  private readonly badBar: SVGElement;
  private readonly loadBar: SVGElement;
  private readonly healthBar: SVGElement;
  private readonly errorBar: SVGElement;
  private readonly loop: SVGElement;
  private readonly summary: HTMLElement;

  constructor(private readonly params: FacebookViewParams) {
    const text = (key: keyof FacebookViewWords, x: number, y: number, cls = '') => {
      const t = svg('text', { x, y, class: cls });
      this.texts.set(key, t);
      return t;
    };
    const box = (x: number, y: number, w: number, h: number, title: string) =>
      svg(
        'g',
        {},
        svg('rect', { x, y, width: w, height: h, rx: 8, class: 'fb-box' }),
        svg('text', { x: x + 12, y: y + 24, class: 'fb-title' }, title),
      );
    const bar = (x: number, y: number, w: number, cls: string) => {
      const track = svg('rect', { x, y, width: w, height: 16, rx: 3, class: 'fb-track' });
      const fill = svg('rect', { x, y, width: 0, height: 16, rx: 3, class: cls });
      return { g: svg('g', {}, track, fill), fill };
    };
    const bad = bar(232, 150, 216, 'fb-bad');
    this.badBar = bad.fill;
    const load = bar(652, 110, 256, 'fb-load');
    this.loadBar = load.fill;
    const cap = 652 + 256 / GAUGE_MAX_FACTOR;
    const health = bar(652, 210, 256, 'fb-health');
    this.healthBar = health.fill;
    const errors = bar(652, 270, 256, 'fb-errors');
    this.errorBar = errors.fill;
    this.loop = svg('path', {
      d: 'M 560 300 C 520 370, 420 370, 400 340',
      class: 'fb-loop',
      'marker-end': 'url(#fb-arrow)',
    });
    const drawing = svg(
      'svg',
      {
        viewBox: '0 0 940 400',
        class: 'fb-view',
        role: 'img',
        'aria-label':
          'Users, the web tier, the cache and the database cluster, with the query rate and the feedback loop',
      },
      svg(
        'defs',
        {},
        svg(
          'marker',
          {
            id: 'fb-arrow',
            viewBox: '0 0 10 10',
            refX: 9,
            refY: 5,
            markerWidth: 10,
            markerHeight: 10,
            markerUnits: 'userSpaceOnUse',
            orient: 'auto',
          },
          svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'fb-arrowhead' }),
        ),
      ),
      box(10, 110, 180, 170, 'Users'),
      text('users', 22, 160, 'fb-small'),
      text('normal', 22, 184, 'fb-small'),
      text('admitted', 22, 214, 'fb-small'),
      box(210, 40, 260, 320, 'Web tier'),
      text('webTier', 232, 92),
      bad.g,
      text('badClients', 232, 190),
      svg('rect', { x: 222, y: 220, width: 236, height: 120, rx: 6, class: 'fb-sub' }),
      svg('text', { x: 232, y: 244, class: 'fb-title' }, 'Cache tier: configuration value'),
      text('store', 232, 276),
      text('verifier', 232, 306),
      box(630, 40, 300, 320, 'Database cluster'),
      text('queries', 652, 98),
      load.g,
      svg('line', { x1: cap, x2: cap, y1: 104, y2: 132, class: 'fb-capacity' }),
      text('capacity', cap + 4, 146, 'fb-small'),
      text('answered', 652, 176),
      text('health', 652, 202),
      health.g,
      text('errors', 652, 262),
      errors.g,
      svg('line', { x1: 470, x2: 626, y1: 120, y2: 120, class: 'fb-flow', 'marker-end': 'url(#fb-arrow)' }),
      svg('text', { x: 480, y: 110, class: 'fb-small' }, 'queries →'),
      svg('line', {
        x1: 626,
        x2: 474,
        y1: 290,
        y2: 290,
        class: 'fb-flow fb-fail',
        'marker-end': 'url(#fb-arrow)',
      }),
      svg('text', { x: 500, y: 282, class: 'fb-small' }, '← failures'),
      this.loop,
      svg('line', { x1: 190, x2: 206, y1: 195, y2: 195, class: 'fb-flow', 'marker-end': 'url(#fb-arrow)' }),
    );
    this.summary = document.createElement('p');
    this.summary.className = 'fb-loop-words';
    this.summary.setAttribute('aria-live', 'polite');
    this.element = document.createElement('section');
    this.element.className = 'fb-panel';
    this.element.setAttribute('aria-label', 'Facebook web tier, cache and database cluster');
    this.element.append(drawing, this.summary);
  }

  update(m: CascadeMetricsRow): void {
    const w = facebookViewWords(m, this.params);
    for (const [k, t] of this.texts) t.textContent = String(w[k]);
    const width = (x: number, full: number) => String(Math.max(0, Math.min(1, x)) * full);
    this.badBar.setAttribute('width', width(w.badShare, 216));
    this.loadBar.setAttribute('width', width(w.loadFactor / GAUGE_MAX_FACTOR, 256));
    this.loadBar.classList.toggle('over', w.loadFactor > 1);
    this.healthBar.setAttribute('width', width(w.healthShare, 256));
    this.errorBar.setAttribute('width', width(w.errorShare, 256));
    this.loop.classList.toggle('on', w.loopOn);
    this.summary.textContent = w.loop;
    this.summary.classList.toggle('on', w.loopOn);
  }
}
