/**
 * `npm run bench:debrief`: how soon the score is on screen after End, in headless Chromium at full scale
 * (seed 1), each run in a fresh browser context (an empty par cache). Prints a Markdown table. Measures,
 * never asserts (this machine varies 30–50% with load; the load average is printed).
 *
 * A. Top speed. Start, 3600× at once; at the first sign of trouble switch offline IM off and scale the
 *    offline-IM cluster (a response under which the network recovers and the drill ends by itself on "full
 *    recovery held"). Wall time Start → End, and End → the score on the end screen. Par has had only the
 *    drill's length to search, so this is the "the drill was shorter than the search" case: the end screen
 *    shows the search's progress and time left until the score lands.
 * B. The live drill while par runs. Start, 600×, no response (the drill runs on for 48 simulated hours):
 *    main-thread JS per frame (the drill screen's own counter and Chrome's ScriptDuration) and the drill's
 *    effective speed, over a window while par's search runs and over one after it has finished (the
 *    reference, same page, same drill; 60× in between, so the drill outlasts the search); then End as
 *    facilitator: End → score on screen (the "drill lasted longer than the search" case; target 3 s).
 *
 * Needs `npm run build` first. Starts its own browser-mode server on BENCH_PORT (default 5187) and stops it
 * by its pid.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from '../fixtures/chromium';

const PORT = Number(process.env.BENCH_PORT ?? 5187);
const REPO = path.resolve(__dirname, '..', '..');
const WINDOW_MS = Number(process.env.BENCH_MS ?? 12_000);
const BASE = `http://127.0.0.1:${PORT}/`;

interface ParProbe {
  status: string;
  stage: string | null;
  fraction: number;
  etaSeconds: number | null;
  seconds: number;
}
interface Probe {
  simMinute: number;
  phase: string;
  ended: boolean;
  par: ParProbe | null;
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

const probe = (page: Page): Promise<Probe> =>
  page.evaluate(() => {
    const d = (window as unknown as { __drill: Probe }).__drill;
    return { simMinute: d.simMinute, phase: d.phase, ended: d.ended, par: d.par ? { ...d.par } : null };
  });

async function until(page: Page, ok: (p: Probe) => boolean, ms: number, what: string): Promise<Probe> {
  const end = Date.now() + ms;
  for (;;) {
    const p = await probe(page);
    if (ok(p)) return p;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${JSON.stringify(p)})`);
    await page.waitForTimeout(100);
  }
}

/** Scenario choice -> briefing -> Start drill; returns the wall time of the click. */
async function start(page: Page): Promise<number> {
  await page.goto(`${BASE}?bench=1&testHook=1&seed=1`);
  await page.getByRole('button', { name: /Skype, 22-24 December 2010/ }).click();
  const go = page.getByRole('button', { name: 'Start drill', exact: true });
  await go.waitFor();
  await page.waitForFunction(() => !document.querySelector<HTMLButtonElement>('button.primary')?.disabled);
  const t = Date.now();
  await go.click();
  await page.getByRole('button', { name: 'Pause', exact: true }).waitFor();
  return t;
}

/** Pull a lever by its key with its defaults (confirming if the console asks). */
async function lever(page: Page, key: string): Promise<void> {
  await page.keyboard.press(key);
  const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog'));
  if (await confirm.isVisible().catch(() => false)) await page.keyboard.press('Enter');
}

/** Wall ms from now until the end screen shows a headline; and what it showed meanwhile. */
async function scoreOnScreen(
  page: Page,
  t0: number,
): Promise<{ ms: number; meanwhile: string; headline: string }> {
  const box = page.locator('.end-score');
  await box.waitFor({ timeout: 30_000 });
  const meanwhile = (await box.innerText()).replace(/\s+/g, ' ').trim();
  const h = box.locator('[data-headline]');
  await h.waitFor({ timeout: 600_000 });
  const ms = Date.now() - t0;
  return {
    ms,
    meanwhile,
    headline: `${await h.getAttribute('data-headline')} ${(await h.getAttribute('data-grade')) ?? ''}`,
  };
}

async function call<T>(page: Page, fn: string): Promise<T> {
  return page.evaluate((f) => {
    const b = (
      window as unknown as { __bench: { get(): Record<string, () => unknown> | null } }
    ).__bench.get();
    if (!b) throw new Error('no drill on screen');
    return b[f]!() as never;
  }, fn);
}

async function frameWindow(page: Page, cdp: CDPSession, ms: number) {
  const script = async (): Promise<number> => {
    const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return m.metrics.find((x) => x.name === 'ScriptDuration')?.value ?? 0;
  };
  type Stats = { frames: number; busyMs: number; minute: number };
  await call(page, 'reset');
  const p0 = await probe(page);
  const s0 = await script();
  const t0 = Date.now();
  const m0 = (await call<Stats>(page, 'stats')).minute;
  await page.waitForTimeout(ms);
  const st = await call<Stats>(page, 'stats');
  const s1 = await script();
  const wall = Date.now() - t0;
  const p1 = await probe(page);
  return {
    fps: (st.frames * 1000) / wall,
    jsPerFrame: st.busyMs / Math.max(1, st.frames),
    cdpPerFrame: ((s1 - s0) * 1000) / Math.max(1, st.frames),
    speed: ((st.minute - m0) * 60) / (wall / 1000),
    par: `${p0.par?.status ?? '–'} ${Math.round((p0.par?.fraction ?? 0) * 100)}% → ${p1.par?.status ?? '–'} ${Math.round((p1.par?.fraction ?? 0) * 100)}%`,
  };
}

async function runA(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const t0 = await start(page);
  await page.keyboard.press('6'); // 3600×
  await until(page, (p) => p.phase !== 'normal' && p.phase !== 'none', 300_000, 'the first sign');
  await lever(page, 'd'); // offline IM off
  await lever(page, 'm'); // offline-IM cluster ×1.5
  const end = await until(page, (p) => p.ended, 900_000, 'the end of the drill');
  const tEnd = Date.now();
  const score = await scoreOnScreen(page, tEnd);
  await ctx.close();
  return { startToEnd: (tEnd - t0) / 1000, minute: end.simMinute, parAtEnd: end.par, ...score };
}

async function runB(browser: Browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await ctx.newPage();
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = await start(page);
  await page.keyboard.press('5'); // 600×
  await page.waitForTimeout(2000);
  const during = await frameWindow(page, cdp, WINDOW_MS);
  // On at 60× while par searches, so the drill is still running (and longer than the search) when par lands.
  await page.keyboard.press('3');
  const found = await until(page, (p) => p.par?.status === 'done' || p.ended, 900_000, 'par');
  const parWall = (Date.now() - t0) / 1000;
  if (!found.ended) {
    await page.keyboard.press('5');
    await page.waitForTimeout(2000);
  }
  const after = found.ended ? null : await frameWindow(page, cdp, WINDOW_MS);
  let endToScore: { ms: number; meanwhile: string; headline: string } | null = null;
  let minute = found.simMinute;
  if (!(await probe(page)).ended) {
    await page.keyboard.press('f');
    await page
      .getByRole('complementary', { name: 'Facilitator' })
      .getByRole('button', { name: 'End drill' })
      .click();
    const confirm = page.getByRole('alertdialog').or(page.getByRole('dialog'));
    if (await confirm.isVisible().catch(() => false)) await page.keyboard.press('Enter');
    minute = (await until(page, (p) => p.ended, 60_000, 'the end')).simMinute;
    endToScore = await scoreOnScreen(page, Date.now());
  }
  await ctx.close();
  return { during, after, parWall, parSeconds: found.par?.seconds ?? null, endToScore, minute };
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
  const load0 = loadavg();
  try {
    await waitForServer(BASE, 30_000);
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] });
    const only = process.env.BENCH_ONLY;
    const a = only === 'B' ? null : await runA(browser);
    const b = only === 'A' ? null : await runB(browser);
    await browser.close();
    const f = (x: number, d = 1): string => x.toFixed(d);
    const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
    console.log(
      `\nDebrief bench · headless Chromium, full scale, seed 1, empty par cache · ${new Date().toISOString().slice(0, 16)}Z · load average ${la(load0)} at start, ${la(loadavg())} at end\n`,
    );
    console.log('| measure | result |');
    console.log('|---|---|');
    if (a) {
      console.log(
        `| A. Start → End at 3600×, offline IM off and its cluster scaled at the first sign | ${f(a.startToEnd)} s (ended at minute ${a.minute}); par at End: ${a.parAtEnd ? `${a.parAtEnd.status}, ${a.parAtEnd.stage ?? ''} ${Math.round(a.parAtEnd.fraction * 100)}%` : '–'} |`,
      );
      console.log(
        `| A. End → score on the end screen | ${f(a.ms / 1000)} s (${a.headline}); meanwhile: "${a.meanwhile}" |`,
      );
    }
    if (b) {
      const w = (x: typeof b.during) =>
        `${f(x.jsPerFrame, 2)} ms JS/frame (ScriptDuration ${f(x.cdpPerFrame, 2)} ms), ${f(x.fps)} fps, drill at ${f(x.speed, 0)}× (par ${x.par})`;
      console.log(`| B. 600×, par searching (one worker) | ${w(b.during)} |`);
      console.log(
        `| B. 600×, par found (reference, same drill) | ${b.after ? w(b.after) : 'the drill had ended'} |`,
      );
      console.log(
        `| B. par found after Start (search wall time) | ${f(b.parWall)} s (search ${b.parSeconds === null ? '–' : f(b.parSeconds)} s) |`,
      );
      console.log(
        `| B. End at minute ${b.minute} (par found) → score on the end screen | ${b.endToScore ? `${f(b.endToScore.ms / 1000, 2)} s (${b.endToScore.headline})` : '–'} |`,
      );
    }
  } finally {
    stop();
  }
}

main().catch((e: unknown) => {
  console.error(`bench:debrief failed: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
