/**
 * `npm run bench:render`: the console's render cost in headless Chromium (SwiftShader WebGL, 1280x720), on
 * the full-scale network. Prints a Markdown table. Measures, never asserts (this machine varies 30–50%).
 *
 * 1. Overview: every supernode slot (≈65k particles, ≥48k supernodes) repainted and rendered every frame
 *    (the worst case: a snapshot that changed every glyph), drill paused: ms per frame.
 * 2. Zoomed: zoomed into North America until ≤14k glyphs are submitted, forced render every frame: fps.
 * 3. Live at 600×: the drill running, rendering on demand as snapshots arrive: main-thread JS ms per frame
 *    (the screen's own frame loop and message handlers, Pixi's render call included), and Chrome's
 *    ScriptDuration per frame from the DevTools protocol as a cross-check.
 *
 * Needs `npm run build` first. Starts its own browser-mode server on a free port and stops it by its pid.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../fixtures/chromium';

const PORT = Number(process.env.BENCH_PORT ?? 5188);
const REPO = path.resolve(__dirname, '..', '..');
const MEASURE_MS = Number(process.env.BENCH_MS ?? 6000);

interface Stats {
  supernodes: number;
  frames: number;
  renders: number;
  busyMs: number;
  glyphs: number;
  zoom: number;
  minute: number;
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server at ${url} did not start`);
}

async function call<T>(page: Page, fn: string, ...args: unknown[]): Promise<T> {
  return page.evaluate(
    ([f, a]) => {
      const b = (
        window as unknown as { __bench: { get(): Record<string, (...x: unknown[]) => unknown> | null } }
      ).__bench.get();
      if (!b) throw new Error('no drill on screen');
      return b[f as string]!(...(a as unknown[])) as never;
    },
    [fn, args] as const,
  );
}

/**
 * CPU seconds used so far by Chromium's GPU process (where SwiftShader rasterises and the compositor draws),
 * from the browser's own DevTools `SystemInfo.getProcessInfo`; null if it does not say. Wall time per frame on
 * this shared 2-core machine swings with other load; CPU time per frame says where the work is and swings
 * much less.
 */
async function gpuCpuSeconds(browserCdp: CDPSession): Promise<number | null> {
  try {
    const r = (await browserCdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; cpuTime: number }[];
    };
    const gpu = r.processInfo.filter((p) => p.type.toLowerCase() === 'gpu');
    return gpu.length > 0 ? gpu.reduce((a, p) => a + p.cpuTime, 0) : null;
  } catch {
    return null;
  }
}

async function measure(page: Page, cdp: CDPSession, ms: number, browserCdp: CDPSession) {
  const script = async (): Promise<number> => {
    const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return m.metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0;
  };
  await call(page, 'reset');
  const g0 = await gpuCpuSeconds(browserCdp);
  const s0 = await script();
  const t0 = Date.now();
  const m0 = (await call<Stats>(page, 'stats')).minute;
  await page.waitForTimeout(ms);
  const st = await call<Stats>(page, 'stats');
  const s1 = await script();
  const g1 = await gpuCpuSeconds(browserCdp);
  const wall = Date.now() - t0;
  return {
    ...st,
    wall,
    msPerFrame: wall / Math.max(1, st.frames),
    fps: (st.frames * 1000) / wall,
    jsPerFrame: st.busyMs / Math.max(1, st.frames),
    cdpScriptPerFrame: ((s1 - s0) * 1000) / Math.max(1, st.frames),
    gpuCpuPerFrame: g0 === null || g1 === null ? null : ((g1 - g0) * 1000) / Math.max(1, st.frames),
    simMinutes: st.minute - m0,
  };
}

async function main(): Promise<void> {
  const server = spawn('npm', ['run', 'web', '--', '--port', String(PORT)], {
    cwd: REPO,
    stdio: 'ignore',
    detached: true,
  });
  const stop = (): void => {
    if (server.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', stop);
  try {
    await waitForServer(`http://127.0.0.1:${PORT}/`, 30_000);
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const cdp = await page.context().newCDPSession(page);
    const browserCdp = await browser.newBrowserCDPSession();
    await cdp.send('Performance.enable');
    await page.goto(`http://127.0.0.1:${PORT}/?bench=1&testHook=1`);
    await page.getByRole('button', { name: /Skype, 22-24 December 2010/ }).click();
    const start = page.getByRole('button', { name: 'Start drill', exact: true });
    await start.waitFor();
    await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button.primary')?.disabled);
    await start.click();
    await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
    await page.waitForFunction(
      () => (window as unknown as { __drill: { simMinute: number } }).__drill.simMinute >= 2,
    );
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Resume', exact: true }).waitFor();
    const info = await page.evaluate(() => {
      const gl = document.querySelector('canvas')?.getContext('webgl2');
      const ext = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : 'unknown';
    });

    await call(page, 'forceRender', true);
    await page.waitForTimeout(1000);
    const overview = await measure(page, cdp, MEASURE_MS, browserCdp);

    let zoom = 3;
    await call(page, 'focusRegion', 1, zoom);
    await page.waitForTimeout(300);
    while ((await call<Stats>(page, 'stats')).glyphs > 14_000 && zoom < 24) {
      zoom *= 1.25;
      await call(page, 'focusRegion', 1, zoom);
      await page.waitForTimeout(200);
    }
    await page.waitForTimeout(800);
    const zoomed = await measure(page, cdp, MEASURE_MS, browserCdp);

    await call(page, 'forceRender', false);
    await call(page, 'resetView');
    await page.getByRole('button', { name: 'Resume', exact: true }).click();
    await page.keyboard.press('5'); // 600×
    await page.waitForTimeout(2000);
    const live = await measure(page, cdp, MEASURE_MS * 2, browserCdp);
    await browser.close();

    const f = (x: number, d = 1): string => x.toFixed(d);
    const gpu = (m: { gpuCpuPerFrame: number | null }): string =>
      m.gpuCpuPerFrame === null ? '–' : `${f(m.gpuCpuPerFrame)} ms`;
    console.log(
      `\nRender bench · headless Chromium, ${info} · 1280x720 · ${new Date().toISOString().slice(0, 16)}Z · load average ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}\n`,
    );
    console.log(
      '| measure | glyphs drawn | result | main-thread JS / frame (own loop · CDP ScriptDuration) | GPU process CPU / frame |',
    );
    console.log('|---|---|---|---|---|');
    console.log(
      `| overview, every glyph repainted each frame | ${overview.glyphs} (${overview.supernodes} supernodes) | ${f(overview.msPerFrame)} ms/frame (${f(overview.fps)} fps) | ${f(overview.jsPerFrame, 2)} ms · ${f(overview.cdpScriptPerFrame, 2)} ms | ${gpu(overview)} |`,
    );
    console.log(
      `| zoomed ×${f(zoomed.zoom, 1)} on North America, forced render | ${zoomed.glyphs} | ${f(zoomed.fps)} fps (${f(zoomed.msPerFrame)} ms/frame) | ${f(zoomed.jsPerFrame, 2)} ms · ${f(zoomed.cdpScriptPerFrame, 2)} ms | ${gpu(zoomed)} |`,
    );
    console.log(
      `| live drill at 600×, render on demand | ${live.glyphs} | ${f(live.fps)} fps, ${live.renders} renders in ${f(live.wall / 1000)} s, ${live.simMinutes} sim-min (${f((live.simMinutes * 60) / (live.wall / 1000), 0)}× effective) | ${f(live.jsPerFrame, 2)} ms · ${f(live.cdpScriptPerFrame, 2)} ms | ${gpu(live)} |`,
    );
    if (errors.length > 0) console.log(`\npage errors: ${errors.join('; ')}`);
  } finally {
    stop();
  }
}

main().catch((e: unknown) => {
  console.error(`bench:render failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
