/**
 * Pixi plumbing that knows nothing about Skype: one WebGL Application sized to its host element, rendering
 * on demand (no auto-started ticker): the screen calls `app.render()` only when a view says it changed.
 *
 * WebGL is asked for explicitly. WebGPU would be Pixi's first choice where available, but headless
 * Chromium here reports a WebGPU device that is lost at once and draws white; WebGL (SwiftShader in CI,
 * a real GPU on desktops) is the path we test.
 */
import { Application } from 'pixi.js';

/** Creates the Pixi application and mounts its canvas inside `host`. */
export async function createStage(host: HTMLElement, background: number): Promise<Application> {
  const app = new Application();
  await app.init({
    preference: 'webgl',
    background,
    // No MSAA: under SwiftShader a multisampled full-canvas land fill costs more than all the glyphs (glyph
    // textures carry their own antialiasing; coastlines are thin enough not to shimmer).
    antialias: false,
    autoStart: false,
    resizeTo: host,
    autoDensity: true,
    resolution: Math.min(2, window.devicePixelRatio || 1),
    // The console is drawn from HTML around it; Pixi's own accessibility overlay is not needed.
    accessibilityOptions: { enabledByDefault: false, activateOnTab: false },
  });
  app.ticker.stop();
  app.canvas.setAttribute('aria-hidden', 'true');
  host.appendChild(app.canvas);
  return app;
}
