/**
 * Page object for the drill console. Works on any Playwright page showing the renderer: a browser tab
 * (web fixture) or the Electron window (electron fixture).
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** Mirror of `window.__drill` as specs read it (renderer/src/test-hook.ts defines it). */
export interface DrillProbe {
  phase: string;
  simMinute: number;
  online: number;
  supernodesAlive: number;
  stateHash: string;
  ended: boolean;
}

/** What drew the canvas, as Pixi says and as the canvas itself confirms. */
export interface RendererInfo {
  /** `app.renderer.name` as published by the screen (`webgl`, `webgpu`, `canvas`). */
  pixi: string | null;
  /** The WebGL context actually bound to the canvas, if any. */
  context: 'webgl2' | 'webgl' | null;
  /** GPU string (SwiftShader in CI), for the report. */
  gpu: string | null;
}

/** The map background (CONSOLE_BACKGROUND in renderer/src/views/colour.ts). */
export const MAP_BACKGROUND = [0x0b, 0x0f, 0x14] as const;

export class DrillPage {
  readonly heading: Locator;
  readonly clock: Locator;
  readonly online: Locator;
  readonly supernodesAlive: Locator;
  readonly phase: Locator;
  readonly map: Locator;
  readonly canvas: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Cascade Drill' });
    this.clock = page.getByLabel('Scenario clock');
    this.online = page.getByLabel('Online users', { exact: true });
    this.supernodesAlive = page.getByLabel('Supernodes alive', { exact: true });
    this.phase = page.getByLabel('Phase', { exact: true });
    this.map = page.locator('.network-map');
    this.canvas = page.locator('.network-map canvas');
  }

  /** Loads the console with the test hook on. */
  async open(path = './?testHook=1'): Promise<void> {
    await this.page.goto(path);
  }

  /** Latest drill state through the test hook (a plain copy). */
  async probe(): Promise<DrillProbe> {
    return this.page.evaluate(() => {
      const d = (window as unknown as { __drill?: DrillProbe }).__drill;
      if (!d) throw new Error('window.__drill missing: was the page opened with ?testHook=1?');
      return {
        phase: d.phase,
        simMinute: d.simMinute,
        online: d.online,
        supernodesAlive: d.supernodesAlive,
        stateHash: d.stateHash,
        ended: d.ended,
      };
    });
  }

  /** Waits until the sim runs (or has run to its end) and has reached `minute`. */
  async waitForMinute(minute: number, timeout = 30_000): Promise<DrillProbe> {
    await expect
      .poll(
        async () => {
          const p = await this.probe();
          if (p.phase === 'error') throw new Error('the drill reported an error');
          return p.simMinute;
        },
        { timeout },
      )
      .toBeGreaterThanOrEqual(minute);
    return this.probe();
  }

  /** Which renderer drew the map. */
  async rendererInfo(): Promise<RendererInfo> {
    return this.page.evaluate(() => {
      const map = document.querySelector<HTMLElement>('.network-map');
      const canvas = map?.querySelector('canvas');
      const pixi = map?.dataset.renderer ?? null;
      // Only probe once Pixi claims WebGL: getContext on a context-less canvas would create one.
      if (!canvas || (pixi !== 'webgl' && pixi !== 'webgl2')) return { pixi, context: null, gpu: null };
      const gl2 = canvas.getContext('webgl2');
      const gl = gl2 ?? canvas.getContext('webgl');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      const gpu = gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : null;
      return { pixi, context: gl2 ? 'webgl2' : gl ? 'webgl' : null, gpu };
    });
  }

  /** PNG of just the map canvas. */
  async canvasShot(): Promise<Buffer> {
    return this.canvas.screenshot({ animations: 'allow' });
  }
}
