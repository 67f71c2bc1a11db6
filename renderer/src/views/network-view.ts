/**
 * The network view: the world map, every supernode slot as one point glyph (≈48k at full scale, one draw
 * call), region labels and the offline-IM cluster as a node with a latency gauge. It only reads snapshots.
 *
 * Cost model (measured under SwiftShader, see docs/console.md): the GPU's per-primitive and per-pixel work
 * dominates, so glyphs are single points drawn by a shader ({@link PointGlyphs}) and the flat layers use a
 * texture-free shader ({@link withFlatShader}). The view renders on demand: `dirty` is set when a snapshot
 * changed a look, a death flash is running, the viewport moved, the mode changed or a gauge moved; the
 * screen calls `app.render()` only then. Positions never change and are uploaded once; a look is 8 bytes
 * written only when it changes, and only the changed range is uploaded. Zooming changes one uniform.
 */
import { Container, Graphics, Text, type Application } from 'pixi.js';
import { SN_STATE } from '../../../sim-core/src/drill/view-codes';
import { formatCompact, formatLatency } from '../format/numbers';
import { FAILURE_ACCENT, DEAD_GREY, LOAD_RAMP_MAX, loadColour, mixRgb } from './colour';
import {
  PointGrid,
  WORLD_HEIGHT,
  WORLD_WIDTH,
  placeSupernodes,
  projectX,
  projectY,
  regionAnchors,
  regionAt,
} from './geo';
import { cellIndex } from './density';
import { DensityLayer } from './density-layer';
import { FLASH_MS } from './glyph';
import { atThrottle, failuresAbnormal, rateFraction, type ServiceFacts } from './services';
import { buildGlyphTable, lookIndex, particleColour, type GlyphTable } from './glyph-table';
import { PointGlyphs, packMeta } from './point-glyphs';
import { clampViewport, fitViewport, panBy, visibleWorld, zoomAt, type Viewport } from './viewport';
import { drawLand, type Land } from './world-map';

const LABEL_COLOUR = 0x8b98a9;
/**
 * A dark halo around map text (the console background): labels stay readable where they cross a coast or a
 * cloud of bright supernodes, without boxes that would hide the map.
 */
const HALO = { color: 0x0b0f14, width: 4, join: 'round' } as const;
/** Where the offline-IM cluster node sits (mid-Atlantic: between its users, off the dense European cloud). */
const OM_NODE = { lon: -32, lat: 47 };
/** Gauge range: the bug starts at 5 s; the model caps latency at 60 s. Log scale from 100 ms. */
const GAUGE_MIN_MS = 100;
/** The login and update servers sit below the offline-IM cluster, either side of its column. */
/** The service gauges' text changes almost every snapshot: redraw them at most this often (ms). */
const SERVICES_MS = 500;
const LOGIN_NODE = { lon: -64, lat: 17 };
const UPDATE_NODE = { lon: -22, lat: 17 };
const GAUGE_MAX_MS = 60_000;

/** What the view needs once. */
export interface NetworkStatic {
  readonly count: number;
  readonly region: Uint8Array;
  readonly regions: readonly string[];
}

/** What the view draws per snapshot. */
export interface NetworkFrame {
  readonly state: Uint8Array;
  readonly load: Float32Array;
  readonly attached: Int32Array;
  readonly dedicated: Uint8Array;
  /** Client build on each supernode's host (KIND in sim-core/src/model/types.ts). */
  readonly hostKind: Uint8Array;
  readonly omLatencyMs: number;
  readonly omEnabled: boolean;
  /** Login and update server facts (null before the first metrics). */
  readonly services: ServiceFacts | null;
}

/** What the pointer is over. */
export type HoverInfo =
  | {
      readonly kind: 'supernode';
      readonly slot: number;
      readonly region: string;
      readonly state: number;
      readonly load: number;
      readonly clients: number;
      readonly dedicated: boolean;
      readonly hostKind: number;
    }
  | {
      readonly kind: 'region';
      readonly region: string;
      readonly alive: number;
      readonly protecting: number;
      readonly dead: number;
      readonly warming: number;
      readonly clients: number;
      readonly meanLoad: number;
    }
  | { readonly kind: 'om'; readonly latencyMs: number; readonly enabled: boolean }
  | { readonly kind: 'login'; readonly facts: ServiceFacts | null }
  | { readonly kind: 'update'; readonly facts: ServiceFacts | null };

export interface NetworkViewOptions {
  readonly reducedMotion: boolean;
  readonly projector: boolean;
}

/** Gauge fraction for a latency (log scale), 0..1. */
export function gaugeFraction(ms: number): number {
  if (!(ms > GAUGE_MIN_MS)) return 0;
  return Math.min(1, Math.log(ms / GAUGE_MIN_MS) / Math.log(GAUGE_MAX_MS / GAUGE_MIN_MS));
}

export class NetworkView {
  /** True when the next frame must be rendered. */
  dirty = true;
  private readonly world = new Container();
  private readonly glyphs: PointGlyphs;
  private readonly table: GlyphTable = buildGlyphTable();
  /** {@link packMeta} per look (shape and scale), 0 for hidden looks. */
  private readonly meta: Uint32Array;
  private readonly positions: Float32Array;
  private readonly grid: PointGrid;
  private readonly look: Uint16Array;
  private readonly prevState: Uint8Array;
  /** Slots flashing, and the wall time their flash started. */
  private readonly flashes = new Map<number, number>();
  private readonly labels: Text[] = [];
  private readonly land: Container = new Container();
  private coast: Land;
  private readonly density: DensityLayer;
  private readonly om = new Container();
  private readonly omGauge = new Graphics();
  private readonly omText: Text;
  private omShown = '';
  private readonly loginNode = new Container();
  private readonly loginGauge = new Graphics();
  private readonly loginText: Text;
  private readonly updateNode = new Container();
  private readonly updateGauge = new Graphics();
  private readonly updateText: Text;
  private servicesShown = '';
  /** New service figures wait here; their gauges and text redraw at most every SERVICES_MS. */
  private servicesPending = false;
  private servicesAt = -Infinity;
  private frame: NetworkFrame | null = null;
  private view: Viewport;
  private projector: boolean;
  /** Non-empty slots in the last snapshot. */
  private shown = 0;
  /** Slots submitted to the GPU (see cull), and how many of `drawList` are used. */
  private readonly drawList: Uint32Array;
  private drawn = 0;
  /** The set of hidden slots changed: the draw list must be rebuilt. */
  private listStale = false;

  constructor(
    private readonly app: Application,
    private readonly info: NetworkStatic,
    private readonly opts: NetworkViewOptions,
  ) {
    this.projector = opts.projector;
    this.positions = placeSupernodes(info.region);
    this.grid = new PointGrid(this.positions);
    this.look = new Uint16Array(info.count).fill(0xffff);
    this.prevState = new Uint8Array(info.count);
    this.meta = new Uint32Array(this.table.shape.length);
    for (let k = 0; k < this.meta.length; k++)
      this.meta[k] = this.table.shape[k] === 255 ? 0 : packMeta(this.table.shape[k]!, this.table.scale[k]!);

    this.coast = drawLand(this.projector ? 2.4 : 1.2, this.projector);
    this.land.addChild(this.coast.layer);
    this.density = new DensityLayer(cellIndex(this.positions));
    this.glyphs = new PointGlyphs(this.positions);
    this.drawList = new Uint32Array(info.count);

    const anchors = regionAnchors();
    info.regions.forEach((name, r) => {
      const t = new Text({
        text: name,
        style: {
          fill: LABEL_COLOUR,
          fontSize: 13,
          fontFamily: 'system-ui, DejaVu Sans, sans-serif',
          stroke: HALO,
          letterSpacing: 0.5,
        },
      });
      t.anchor.set(0.5, 0);
      const a = anchors[r] ?? { x: 0, y: 0 };
      t.position.set(a.x, a.y);
      this.labels.push(t);
    });

    const ring = new Graphics()
      .regularPoly(0, 0, 13, 6)
      .fill(0x121821)
      .stroke({ width: 2, color: LABEL_COLOUR });
    this.omText = new Text({
      text: 'Offline-IM cluster',
      style: {
        fill: 0xd5dde8,
        fontSize: 12,
        fontFamily: 'system-ui, DejaVu Sans, sans-serif',
        stroke: HALO,
        align: 'center',
      },
    });
    this.omText.anchor.set(0.5, 0);
    this.omText.position.set(0, 26);
    this.om.addChild(this.omGauge, ring, this.omText);
    this.om.position.set(projectX(OM_NODE.lon), projectY(OM_NODE.lat));

    const nodeText = (text: string): Text => {
      const t = new Text({
        text,
        style: {
          fill: 0xd5dde8,
          fontSize: 12,
          fontFamily: 'system-ui, DejaVu Sans, sans-serif',
          stroke: HALO,
          align: 'center',
        },
      });
      t.anchor.set(0.5, 0);
      t.position.set(0, 26);
      return t;
    };
    this.loginText = nodeText('Login service');
    this.loginNode.addChild(
      this.loginGauge,
      new Graphics().circle(0, 0, 12).fill(0x121821).stroke({ width: 2, color: LABEL_COLOUR }),
      this.loginText,
    );
    this.loginNode.position.set(projectX(LOGIN_NODE.lon), projectY(LOGIN_NODE.lat));
    this.updateText = nodeText('Update servers');
    this.updateNode.addChild(
      this.updateGauge,
      new Graphics().rect(-11, -11, 22, 22).fill(0x121821).stroke({ width: 2, color: LABEL_COLOUR }),
      this.updateText,
    );
    this.updateNode.position.set(projectX(UPDATE_NODE.lon), projectY(UPDATE_NODE.lat));

    this.world.addChild(
      this.land,
      this.density.sprite,
      this.glyphs.mesh,
      ...this.labels,
      this.om,
      this.loginNode,
      this.updateNode,
    );
    app.stage.addChild(this.world);
    this.view = fitViewport(app.screen.width, app.screen.height);
    this.applyView();
    this.drawGauge(0, true);
    this.drawServices(null);
  }

  /** Glyph radius in device pixels: grows with zoom, but slower than the map (dense regions open up). */
  private glyphRadius(): number {
    const screenR = (this.projector ? 1.9 : 1.35) * Math.sqrt(this.view.zoom);
    return screenR * this.app.renderer.resolution;
  }

  /** Takes a snapshot. Deaths since the previous one start their flash at `now`. */
  update(f: NetworkFrame, now: number): void {
    const first = this.frame === null;
    this.frame = f;
    const n = Math.min(f.state.length, this.glyphs.count);
    const hidden = this.table.shape;
    let shown = 0;
    for (let i = 0; i < n; i++) {
      const s = f.state[i]!;
      if (s !== SN_STATE.Empty) shown++;
      if (!first && s === SN_STATE.Dead && this.prevState[i] !== SN_STATE.Dead) this.flashes.set(i, now);
      this.prevState[i] = s;
      const look = lookIndex(s, f.dedicated[i] === 1, f.load[i]!);
      if (look === this.look[i] && !this.flashes.has(i)) continue;
      if (this.look[i] === 0xffff || (hidden[look] === 255) !== (hidden[this.look[i]!] === 255))
        this.listStale = true;
      this.look[i] = look;
      this.glyphs.set(i, this.table.colour[look]!, this.meta[look]!);
      this.dirty = true;
    }
    this.shown = shown;
    this.density.offer(f.attached);
    if (this.listStale) this.cull();
    this.drawGauge(f.omLatencyMs, f.omEnabled);
    this.servicesPending = true;
  }

  /** Repaints every glyph (the render bench's worst case: a snapshot that changed everything). */
  invalidateAll(): void {
    const t = this.table;
    for (let i = 0; i < this.look.length; i++) {
      const look = this.look[i]!;
      if (look === 0xffff || this.flashes.has(i)) continue;
      this.glyphs.set(i, t.colour[look]!, this.meta[look]!);
    }
    // Every look is rewritten above, but most are unchanged; upload them all anyway, as a snapshot that
    // changed every glyph would.
    this.glyphs.touchAll();
    this.dirty = true;
  }

  /** Advances death flashes; returns whether anything must be redrawn this frame. */
  animate(now: number): boolean {
    if (this.density.flush(now)) this.dirty = true;
    if (this.servicesPending && now - this.servicesAt >= SERVICES_MS) {
      this.servicesPending = false;
      this.servicesAt = now;
      this.drawServices(this.frame?.services ?? null);
    }
    if (this.flashes.size > 0) {
      for (const [i, at] of this.flashes) {
        const f = Math.max(0, 1 - (now - at) / FLASH_MS);
        const look = this.look[i]!;
        if (f === 0 || this.prevState[i] !== SN_STATE.Dead) {
          this.flashes.delete(i);
          this.glyphs.set(i, this.table.colour[look]!, this.meta[look]!);
        } else {
          this.glyphs.set(
            i,
            particleColour(mixRgb(DEAD_GREY, FAILURE_ACCENT, f), 1),
            packMeta(0, this.opts.reducedMotion ? 1 : 0.55 + 1.6 * f),
          );
        }
      }
      this.dirty = true;
    }
    this.glyphs.flush();
    const d = this.dirty;
    this.dirty = false;
    return d;
  }

  private drawGauge(ms: number, enabled: boolean): void {
    const shown = enabled ? formatLatency(ms) : 'off';
    if (shown === this.omShown) return;
    this.omShown = shown;
    const g = this.omGauge;
    const r = 22;
    const start = Math.PI * 0.75;
    const sweep = Math.PI * 1.5;
    const frac = enabled ? gaugeFraction(ms) : 0;
    g.clear();
    g.arc(0, 0, r, start, start + sweep).stroke({
      width: this.projector ? 7 : 5,
      color: 0x263140,
      cap: 'round',
    });
    if (frac > 0) {
      // Past the crash threshold (5 s) the gauge turns to the failure accent: that is where 5.0.0152 dies.
      const colour =
        ms >= 5000 ? FAILURE_ACCENT : loadColour((frac / gaugeFraction(5000)) * (LOAD_RAMP_MAX * 0.9));
      g.arc(0, 0, r, start, start + sweep * frac).stroke({
        width: this.projector ? 7 : 5,
        color: colour,
        cap: 'round',
      });
    }
    // Tick at the 5 s crash threshold.
    const a = start + sweep * gaugeFraction(5000);
    g.moveTo(Math.cos(a) * (r - 6), Math.sin(a) * (r - 6))
      .lineTo(Math.cos(a) * (r + 6), Math.sin(a) * (r + 6))
      .stroke({ width: 2, color: 0xd5dde8 });
    // Projector: the latency above the cluster (below it, the login gauge would cover it).
    this.omText.anchor.set(0.5, this.projector ? 1 : 0);
    this.omText.position.set(0, this.projector ? -28 : 26);
    this.omText.text = this.projector ? `Offline IM ${shown}` : `Offline-IM cluster\nreply latency ${shown}`;
    this.dirty = true;
  }

  /** The login and update gauges; redrawn only when what they show changed. */
  private drawServices(f: ServiceFacts | null): void {
    const logins = f ? formatCompact(f.loginsPerMinute) : '–';
    const failed = f ? formatCompact(f.failedPerMinute) : '–';
    const done = f ? formatCompact(f.updatesPerMinute) : '–';
    const queue = f ? formatCompact(f.waiting) : '–';
    const rollout = f ? Math.round(f.rolloutFraction * 100) : 0;
    const throttle = f?.throttlePerMinute ?? null;
    const alarm = f !== null && failuresAbnormal(f);
    const key = `${logins}|${failed}|${alarm}|${throttle}|${done}|${queue}|${rollout}|${this.projector}`;
    if (key === this.servicesShown) return;
    this.servicesShown = key;
    const width = this.projector ? 7 : 5;
    const r = 22;
    const start = Math.PI * 0.75;
    const sweep = Math.PI * 1.5;
    const track = (g: Graphics): void => {
      g.clear();
      g.arc(0, 0, r, start, start + sweep).stroke({ width, color: 0x263140, cap: 'round' });
    };
    // Login: outer arc = logins admitted per minute (log scale); inner arc = failed attempts (the failure
    // accent only when far above their healthy level, else a quiet grey); a white tick at the throttle.
    const lg = this.loginGauge;
    track(lg);
    if (f) {
      const a = rateFraction(f.loginsPerMinute);
      const held = atThrottle(f);
      if (a > 0)
        lg.arc(0, 0, r, start, start + sweep * a).stroke({
          width,
          color: held ? loadColour(LOAD_RAMP_MAX) : loadColour(1.2),
          cap: 'round',
        });
      const b = rateFraction(f.failedPerMinute);
      if (b > 0)
        lg.arc(0, 0, r - 7, start, start + sweep * b).stroke({
          width: 3,
          color: alarm ? FAILURE_ACCENT : 0x5b6878,
          cap: 'round',
        });
      if (throttle !== null) {
        const t = start + sweep * rateFraction(throttle);
        lg.moveTo(Math.cos(t) * (r - 6), Math.sin(t) * (r - 6))
          .lineTo(Math.cos(t) * (r + 6), Math.sin(t) * (r + 6))
          .stroke({ width: 2, color: 0xd5dde8 });
      }
    }
    // Update: arc = share of the buggy clients told to update; text = completions per minute and the download
    // queue (told, not yet downloaded: the same figure the Force update card gives).
    const ug = this.updateGauge;
    track(ug);
    if (f && f.rolloutFraction > 0)
      ug.arc(0, 0, r, start, start + sweep * Math.min(1, f.rolloutFraction)).stroke({
        width,
        color: loadColour(1.2),
        cap: 'round',
      });
    // The two nodes are 42 degrees apart (about 115 px at 1280 px): centred under them, their three-line labels
    // ran into each other ("failing 81M/min" over "queue 0"). So the labels lean apart: in projector mode beside
    // the nodes (login to the west, updates to the east, two short lines in larger type); otherwise under them,
    // the login label ending at its node's right edge and the update label starting at its node's left edge.
    this.loginText.anchor.set(1, this.projector ? 0.5 : 0);
    this.loginText.position.set(this.projector ? -30 : 12, this.projector ? 0 : 26);
    this.updateText.anchor.set(0, this.projector ? 0.5 : 0);
    this.updateText.position.set(this.projector ? 30 : -12, this.projector ? 0 : 26);
    this.loginText.style.align = 'right';
    this.updateText.style.align = 'left';
    this.loginText.text = this.projector
      ? `Logins\n${logins}/min`
      : `Login service\n${logins}/min\n${alarm ? 'failing' : 'retries'} ${failed}/min${throttle !== null ? `\nthrottle ${formatCompact(throttle)}/min` : ''}`;
    this.updateText.text = this.projector
      ? `Updates\n${done}/min`
      : `Update servers\n${done} done/min\nqueue ${queue} · ${rollout}% told`;
    this.dirty = true;
  }

  /** Screen size changed (the screen calls this from a ResizeObserver). */
  resize(): void {
    const w = this.app.screen.width;
    const h = this.app.screen.height;
    const fit = fitViewport(w, h);
    this.view = clampViewport({ ...this.view, scale: fit.scale * this.view.zoom }, w, h);
    if (this.view.zoom === 1) this.view = fit;
    this.applyView();
  }

  /** Zoom by `factor` around a screen point (default: the centre). */
  zoomBy(factor: number, sx = this.app.screen.width / 2, sy = this.app.screen.height / 2): void {
    this.view = zoomAt(this.view, factor, sx, sy, this.app.screen.width, this.app.screen.height);
    this.applyView();
  }

  panBy(dx: number, dy: number): void {
    this.view = panBy(this.view, dx, dy, this.app.screen.width, this.app.screen.height);
    this.applyView();
  }

  resetView(): void {
    this.view = fitViewport(this.app.screen.width, this.app.screen.height);
    this.applyView();
  }

  /** Zooms so the given region fills the view (bench and keyboard use). */
  focusRegion(region: number, zoom: number): void {
    const a = regionAnchors()[region];
    if (!a) return;
    const w = this.app.screen.width;
    const h = this.app.screen.height;
    const fit = fitViewport(w, h);
    const scale = fit.scale * zoom;
    this.view = clampViewport({ zoom, scale, x: w / 2 - a.x * scale, y: h / 2 - a.y * scale }, w, h);
    this.applyView();
  }

  setProjector(on: boolean): void {
    if (on === this.projector) return;
    this.projector = on;
    this.coast.destroy();
    this.coast = drawLand(on ? 2.4 : 1.2, on);
    this.land.addChild(this.coast.layer);
    this.omShown = '';
    this.servicesShown = '';
    if (this.frame) this.drawGauge(this.frame.omLatencyMs, this.frame.omEnabled);
    this.drawServices(this.frame?.services ?? null);
    this.applyView();
  }

  /**
   * Screen boxes (CSS pixels, relative to the canvas) of the text drawn on the map: region names, the offline-IM,
   * login and update labels. The e2e overlap check adds them to the page's DOM text, since canvas text has none.
   */
  labelBoxes(): { text: string; l: number; t: number; r: number; b: number }[] {
    const out: { text: string; l: number; t: number; r: number; b: number }[] = [];
    for (const t of [...this.labels, this.omText, this.loginText, this.updateText]) {
      if (!t.visible || !t.parent?.visible) continue;
      const b = t.getBounds();
      out.push({
        text: t.text.split('\n')[0] ?? '',
        l: Math.round(b.minX),
        t: Math.round(b.minY),
        r: Math.round(b.maxX),
        b: Math.round(b.maxY),
      });
    }
    return out;
  }

  /** Clients on the density layer at its last rebuild, and grid cells lit. */
  densityStats(): { clients: number; cells: number } {
    return { clients: this.density.total, cells: this.density.litCells };
  }

  /** Glyphs submitted per frame (after culling). */
  glyphCount(): number {
    return this.drawn;
  }

  /** Supernode slots holding a supernode (any state but empty) in the last snapshot. */
  supernodeCount(): number {
    return this.shown;
  }

  zoom(): number {
    return this.view.zoom;
  }

  private applyView(): void {
    const v = this.view;
    this.world.scale.set(v.scale);
    this.world.position.set(v.x, v.y);
    const inv = 1 / v.scale;
    for (const l of this.labels) {
      l.scale.set(inv * (this.projector ? 1.4 : 1));
      l.visible = !this.projector || v.zoom > 1;
    }
    this.om.scale.set(inv * (this.projector ? 1.5 : 1));
    this.loginNode.scale.set(inv * (this.projector ? 1.5 : 1));
    this.updateNode.scale.set(inv * (this.projector ? 1.5 : 1));
    this.glyphs.setRadius(this.glyphRadius());
    const onScreen = v.zoom > 1.01 ? visibleWorld(v, this.app.screen.width, this.app.screen.height, 0) : null;
    this.coast.setView(v.scale * this.app.renderer.resolution, onScreen);
    this.density.setView(onScreen);
    this.cull();
    this.dirty = true;
  }

  /**
   * The draw list: empty slots (spare slots no host holds) are never submitted, and zoomed in, only slots
   * near the visible world are. Rebuilt when the view moves or the set of hidden slots changes.
   */
  private cull(): void {
    this.listStale = false;
    const zoomed = this.view.zoom > 1.01;
    // Margin: the largest glyph (a death flash, 2.15x) may poke in from just off screen.
    const margin = (this.glyphRadius() * 2.2 + 2) / this.app.renderer.resolution / this.view.scale;
    const r = visibleWorld(this.view, this.app.screen.width, this.app.screen.height, margin);
    const hidden = this.table.shape;
    const list = this.drawList;
    let n = 0;
    for (let i = 0; i < this.look.length; i++) {
      const look = this.look[i]!;
      if (look === 0xffff || hidden[look] === 255) continue;
      if (zoomed) {
        const x = this.positions[2 * i]!;
        const y = this.positions[2 * i + 1]!;
        if (x < r.x0 || x > r.x1 || y < r.y0 || y > r.y1) continue;
      }
      list[n++] = i;
    }
    this.glyphs.setDrawList(list, n);
    this.drawn = n;
  }

  /** What is under screen point (sx, sy): a supernode, the offline-IM node, a region, or nothing. */
  hoverAt(sx: number, sy: number): HoverInfo | null {
    const f = this.frame;
    if (!f) return null;
    const v = this.view;
    const wx = (sx - v.x) / v.scale;
    const wy = (sy - v.y) / v.scale;
    const om = this.om.position;
    if (Math.hypot(sx - (om.x * v.scale + v.x), sy - (om.y * v.scale + v.y)) < 28)
      return { kind: 'om', latencyMs: f.omLatencyMs, enabled: f.omEnabled };
    for (const [node, kind] of [
      [this.loginNode, 'login'],
      [this.updateNode, 'update'],
    ] as const) {
      const p = node.position;
      if (Math.hypot(sx - (p.x * v.scale + v.x), sy - (p.y * v.scale + v.y)) < 28)
        return { kind, facts: f.services };
    }
    const slot = this.grid.nearest(wx, wy, 6 / v.scale, (i) => f.state[i] !== SN_STATE.Empty);
    if (slot >= 0)
      return {
        kind: 'supernode',
        slot,
        region: this.info.regions[this.info.region[slot]!] ?? '?',
        state: f.state[slot]!,
        load: f.load[slot]!,
        clients: f.attached[slot]!,
        dedicated: f.dedicated[slot] === 1,
        hostKind: f.hostKind[slot] ?? 255,
      };
    const r = regionAt(wx, wy);
    if (r < 0 || wx < 0 || wy < 0 || wx > WORLD_WIDTH || wy > WORLD_HEIGHT) return null;
    let alive = 0;
    let protecting = 0;
    let dead = 0;
    let warming = 0;
    let clients = 0;
    let loadSum = 0;
    for (let i = 0; i < f.state.length; i++) {
      if (this.info.region[i] !== r) continue;
      const s = f.state[i]!;
      if (s === SN_STATE.Alive) {
        alive++;
        loadSum += f.load[i]!;
      } else if (s === SN_STATE.Protecting) protecting++;
      else if (s === SN_STATE.Dead) dead++;
      else if (s === SN_STATE.Warming || s === SN_STATE.Provisioning) warming++;
      clients += f.attached[i]!;
    }
    return {
      kind: 'region',
      region: this.info.regions[r] ?? '?',
      alive,
      protecting,
      dead,
      warming,
      clients,
      meanLoad: alive > 0 ? loadSum / alive : 0,
    };
  }

  destroy(): void {
    this.density.destroy();
    this.glyphs.destroy();
    this.coast.destroy();
    this.world.destroy({ children: true });
  }
}
