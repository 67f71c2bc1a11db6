/**
 * Draws supernodes from sim frames: one sprite per slot, textures pre-rendered once per shape, and only
 * sprites whose look changed are touched. Reads frames; never writes to them.
 */
import { Container, Graphics, Sprite, Text, type Application, type Texture } from 'pixi.js';
import type { SimFrame, SimReady } from '../host/protocol';
import { FLASH_MS, glyphFor, type GlyphShape } from './glyph';
import { layoutClusters } from './layout';
import { SN_STATE } from '../../../sim-core/src/model/index';

/** Texture radius in pixels; sprites are scaled from it to the layout's glyph radius. */
const TEX_R = 16;
const LABEL_COLOUR = 0x8b98a9;

type Shapes = Record<Exclude<GlyphShape, 'none'>, Texture>;

function makeTextures(app: Application): Shapes {
  const draw = (paint: (g: Graphics) => void): Texture => {
    const g = new Graphics();
    paint(g);
    const tex = app.renderer.generateTexture({ target: g, resolution: 2, antialias: true });
    g.destroy();
    return tex;
  };
  const ring = TEX_R * 0.28;
  const side = TEX_R * 1.6;
  return {
    disc: draw((g) => g.circle(TEX_R, TEX_R, TEX_R).fill(0xffffff)),
    ring: draw((g) =>
      g.circle(TEX_R, TEX_R, TEX_R - ring / 2).stroke({ width: ring, color: 0xffffff, alignment: 0.5 }),
    ),
    square: draw((g) => g.rect(TEX_R - side / 2, TEX_R - side / 2, side, side).fill(0xffffff)),
    squareRing: draw((g) =>
      g
        .rect(TEX_R - side / 2 + ring / 2, TEX_R - side / 2 + ring / 2, side - ring, side - ring)
        .stroke({ width: ring, color: 0xffffff, alignment: 0.5 }),
    ),
  };
}

/** The placeholder network map: region clusters of supernodes. */
export class NetworkView {
  private readonly root = new Container();
  private readonly sprites: Sprite[] = [];
  private readonly labels: Text[] = [];
  private readonly textures: Shapes;
  /** Wall-clock ms at which each slot was last seen dying (0 = never). */
  private readonly diedAt: Float64Array;
  private readonly prevState: Uint8Array;
  private glyphRadius = 4;
  private last: SimFrame | null = null;

  constructor(
    private readonly app: Application,
    private readonly ready: SimReady,
    private readonly reducedMotion: boolean,
  ) {
    this.textures = makeTextures(app);
    this.diedAt = new Float64Array(ready.count);
    this.prevState = new Uint8Array(ready.count);
    for (let i = 0; i < ready.count; i++) {
      const s = new Sprite(this.textures.disc);
      s.anchor.set(0.5);
      s.visible = false;
      this.sprites.push(s);
      this.root.addChild(s);
    }
    for (const name of ready.regions) {
      const t = new Text({
        text: name,
        style: { fill: LABEL_COLOUR, fontSize: 12, fontFamily: 'system-ui, sans-serif', letterSpacing: 0.5 },
      });
      t.anchor.set(0.5, 0);
      this.labels.push(t);
      this.root.addChild(t);
    }
    app.stage.addChild(this.root);
    this.layout(app.screen.width, app.screen.height);
    app.renderer.on('resize', this.onResize);
  }

  private readonly onResize = (w: number, h: number): void => {
    this.layout(w, h);
    if (this.last) this.paint(this.last, performance.now(), true);
  };

  private layout(width: number, height: number): void {
    const pad = 16;
    const l = layoutClusters(this.ready.region, this.ready.regions.length, width - 2 * pad, height - 2 * pad);
    this.glyphRadius = l.glyphRadius;
    for (let i = 0; i < this.sprites.length; i++) {
      this.sprites[i]!.position.set(pad + l.positions[2 * i]!, pad + l.positions[2 * i + 1]!);
    }
    l.clusters.forEach((c, k) => this.labels[k]?.position.set(pad + c.x, pad + c.labelY));
  }

  /** Takes a new frame; deaths seen since the previous frame start their flash now. */
  update(frame: SimFrame, now: number): void {
    for (let i = 0; i < frame.state.length; i++) {
      const s = frame.state[i]!;
      if (s === SN_STATE.Dead && this.prevState[i] !== SN_STATE.Dead && this.last !== null)
        this.diedAt[i] = now;
      this.prevState[i] = s;
    }
    this.last = frame;
    this.paint(frame, now, true);
  }

  /** Advances animations (death flashes) between frames. */
  animate(now: number): void {
    if (this.last) this.paint(this.last, now, false);
  }

  private paint(frame: SimFrame, now: number, all: boolean): void {
    const base = this.glyphRadius / TEX_R;
    for (let i = 0; i < this.sprites.length; i++) {
      const died = this.diedAt[i]!;
      const flash = died > 0 ? Math.max(0, 1 - (now - died) / FLASH_MS) : 0;
      if (!all && died === 0) continue;
      if (died > 0 && flash === 0) this.diedAt[i] = 0;
      const g = glyphFor(
        frame.state[i]!,
        frame.load[i]!,
        frame.dedicated[i] === 1,
        flash,
        this.reducedMotion,
      );
      const sp = this.sprites[i]!;
      if (g.shape === 'none') {
        sp.visible = false;
        continue;
      }
      sp.visible = true;
      sp.texture = this.textures[g.shape];
      sp.tint = g.tint;
      sp.alpha = g.alpha;
      sp.scale.set(base * g.scale);
    }
  }

  destroy(): void {
    this.app.renderer.off('resize', this.onResize);
    this.root.destroy({ children: true });
    for (const t of Object.values(this.textures)) t.destroy(true);
  }
}
