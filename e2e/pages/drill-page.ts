/**
 * Page object for the console. Works on any Playwright page showing the renderer: a browser tab (web
 * fixture) or the Electron window (electron fixture).
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
  pixi: string | null;
  context: 'webgl2' | 'webgl' | null;
  gpu: string | null;
}

/** The map background (CONSOLE_BACKGROUND in renderer/src/views/colour.ts). */
export const MAP_BACKGROUND = [0x0b, 0x0f, 0x14] as const;

export class DrillPage {
  readonly clock: Locator;
  readonly online: Locator;
  readonly supernodesAlive: Locator;
  readonly phase: Locator;
  readonly map: Locator;
  readonly canvas: Locator;
  readonly startButton: Locator;

  constructor(readonly page: Page) {
    this.clock = page.getByLabel('Scenario clock');
    this.online = page.getByLabel('Online users', { exact: true });
    this.supernodesAlive = page.getByLabel('Supernodes alive', { exact: true });
    this.phase = page.getByLabel('Phase', { exact: true });
    this.map = page.locator('.network-map');
    this.canvas = page.locator('.network-map canvas');
    this.startButton = page.getByRole('button', { name: 'Start drill', exact: true });
  }

  /**
   * Loads the app with the test hook on; `query` adds URL options (e.g. `&scale=0.1`). Specs race through
   * the collapse, so the slow-down at the first alert is off unless `slowOnAlert` asks for it.
   */
  async open(query = '', opts: { slowOnAlert?: boolean } = {}): Promise<void> {
    await this.page.goto(`./?testHook=1${opts.slowOnAlert ? '' : '&alertSlowdown=0'}${query}`);
  }

  /** Pulls a lever by its button and, when it spends money, confirms it (the inline confirmation). */
  async pullLever(label: string): Promise<void> {
    const card = this.page.locator('.lever').filter({
      has: this.page.getByRole('button', { name: label, exact: true }),
    });
    await card.getByRole('button', { name: label, exact: true }).click();
    const confirm = card.getByRole('group', { name: `Confirm ${label}` });
    if (await confirm.isVisible()) await confirm.getByRole('button', { name: 'Confirm' }).click();
  }

  /** Scenario choice -> briefing -> "Start drill" (mouse path; the keyboard spec does it by keys). */
  async startSkype(): Promise<void> {
    await this.page.getByRole('button', { name: /Skype, 22-24 December 2010/ }).click();
    await expect(this.startButton).toBeEnabled({ timeout: 30_000 });
    await this.startButton.click();
    await expect(this.canvas).toBeVisible();
    await this.waitForMinute(1);
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

  /** Polls the probe until `done` holds, calling `each` on every sample. */
  async pollUntil(
    done: (p: DrillProbe) => boolean,
    timeout: number,
    each?: (p: DrillProbe) => void,
  ): Promise<DrillProbe> {
    const until = Date.now() + timeout;
    for (;;) {
      const p = await this.probe();
      if (p.phase === 'error') throw new Error('the drill reported an error');
      each?.(p);
      if (done(p)) return p;
      if (Date.now() > until) throw new Error(`timed out; last state ${JSON.stringify(p)}`);
      await this.page.waitForTimeout(150);
    }
  }

  /**
   * The facilitator ends the drill (the drawer must be open) and confirms, and the end screen says the
   * session is saved.
   */
  async endAsFacilitator(): Promise<void> {
    const drawer = this.page.getByRole('complementary', { name: 'Facilitator' });
    await drawer.getByRole('button', { name: 'End drill' }).click();
    await drawer.getByRole('button', { name: 'End now' }).click();
    await expect(this.page.getByRole('heading', { level: 1, name: /Drill ended/ })).toBeVisible({
      timeout: 15_000,
    });
    await expect(this.page.getByText('The session is saved.')).toBeVisible();
  }

  /** Waits until the drill has reached `minute` (or ended). */
  async waitForMinute(minute: number, timeout = 30_000): Promise<DrillProbe> {
    return this.pollUntil((p) => p.simMinute >= minute || p.ended, timeout);
  }

  async rendererInfo(): Promise<RendererInfo> {
    return this.page.evaluate(() => {
      const map = document.querySelector<HTMLElement>('.network-map');
      const canvas = map?.querySelector('canvas');
      const pixi = map?.dataset.renderer ?? null;
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

  /**
   * Pairs of visible text boxes on the page that overlap (each box clipped to its scrolling ancestors, so
   * text scrolled out of a panel does not count; an element and its own descendants never pair). The map's
   * canvas text (region names, the offline-IM, login and update labels) is included from the boxes the map
   * publishes (`data-labels` on `.network-map`); chart axes on canvas are not: screenshots cover them.
   */
  async overlappingText(): Promise<string[]> {
    return this.page.evaluate(() => {
      type Box = { el: Element; text: string; l: number; t: number; r: number; b: number };
      const boxes: Box[] = [];
      const clip = (el: Element, rect: DOMRect): Box | null => {
        let l = rect.left;
        let t = rect.top;
        let r = rect.right;
        let b = rect.bottom;
        // The element's own overflow clips its text too (an ellipsised footer note ends at its box).
        for (let a: Element | null = el; a; a = a.parentElement) {
          const cs = getComputedStyle(a);
          if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') {
            const c = a.getBoundingClientRect();
            l = Math.max(l, c.left);
            t = Math.max(t, c.top);
            r = Math.min(r, c.right);
            b = Math.min(b, c.bottom);
          }
        }
        l = Math.max(l, 0);
        t = Math.max(t, 0);
        r = Math.min(r, window.innerWidth);
        b = Math.min(b, window.innerHeight);
        return r - l > 1 && b - t > 1 ? { el, text: '', l, t, r, b } : null;
      };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = (n.textContent ?? '').trim();
        const parent = n.parentElement;
        if (!text || !parent || parent.closest('[hidden], .sr-only, script, style, option')) continue;
        // A closed disclosure renders only its summary.
        const shut = parent.closest('details:not([open])');
        if (shut && !parent.closest('summary')) continue;
        const cs = getComputedStyle(parent);
        if (cs.visibility === 'hidden' || cs.display === 'none' || Number(cs.opacity) === 0) continue;
        const range = document.createRange();
        range.selectNodeContents(n);
        for (const rect of Array.from(range.getClientRects())) {
          const box = clip(parent, rect);
          if (box) boxes.push({ ...box, text });
        }
      }
      const map = document.querySelector<HTMLElement>('.network-map');
      const canvas = map?.querySelector('canvas');
      if (map?.dataset.labels && canvas) {
        const c = canvas.getBoundingClientRect();
        const labels = JSON.parse(map.dataset.labels) as {
          text: string;
          l: number;
          t: number;
          r: number;
          b: number;
        }[];
        for (const x of labels) {
          const box = {
            el: canvas,
            text: `map: ${x.text}`,
            l: Math.max(c.left + x.l, c.left),
            t: Math.max(c.top + x.t, c.top),
            r: Math.min(c.left + x.r, c.right),
            b: Math.min(c.top + x.b, c.bottom),
          };
          if (box.r - box.l > 1 && box.b - box.t > 1) boxes.push(box);
        }
      }
      const out: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const a = boxes[i]!;
          const b = boxes[j]!;
          const onMap = a.text.startsWith('map: ') && b.text.startsWith('map: ');
          if (!onMap && (a.el === b.el || a.el.contains(b.el) || b.el.contains(a.el))) continue;
          const w = Math.min(a.r, b.r) - Math.max(a.l, b.l);
          const h = Math.min(a.b, b.b) - Math.max(a.t, b.t);
          if (w > 2 && h > 2) out.push(`"${a.text.slice(0, 40)}" overlaps "${b.text.slice(0, 40)}"`);
        }
      return out;
    });
  }

  /** Controls (button, input, select, textarea) on the page that have no accessible name. */
  async unnamedControls(): Promise<string[]> {
    return this.page.evaluate(() => {
      const out: string[] = [];
      for (const c of Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea'))) {
        if (c.closest('[hidden]')) continue;
        const labelled =
          (c.getAttribute('aria-label') ?? '').trim() !== '' ||
          (c.getAttribute('aria-labelledby') ?? '').trim() !== '' ||
          ('labels' in c &&
            (c as HTMLInputElement).labels !== null &&
            (c as HTMLInputElement).labels!.length > 0) ||
          (c.tagName === 'BUTTON' && (c.textContent ?? '').trim() !== '') ||
          c.closest('label') !== null;
        if (!labelled) out.push(c.outerHTML.slice(0, 120));
      }
      return out;
    });
  }

  /**
   * Session files the browser build has stored (IndexedDB `cascade-drill`, see renderer/src/platform/
   * session-store.ts): `auto` for autosaves, `saved` for clean saves. Returns each file's text by session id.
   */
  async storedSessions(kind: 'auto' | 'saved'): Promise<Record<string, string>> {
    return this.sessionsDb({ read: `${kind}:` });
  }

  /** Puts a session file's text into the browser store as the app lays it out (a record, then its pointer). */
  async storeSession(kind: 'auto' | 'saved', id: string, text: string): Promise<void> {
    await this.sessionsDb({ write: { pointer: `${kind}:${id}`, text } });
  }

  /**
   * One trip to the browser's session store: read every file under a pointer prefix, or write one file. One
   * page function for both, because a page function must carry all its own code.
   */
  private sessionsDb(op: {
    read?: string;
    write?: { pointer: string; text: string };
  }): Promise<Record<string, string>> {
    return this.page.evaluate(async ({ read, write }) => {
      const req = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
        });
      const open = indexedDB.open('cascade-drill', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('sessions');
      const db = await req(open);
      try {
        const store = () =>
          db.transaction('sessions', write ? 'readwrite' : 'readonly').objectStore('sessions');
        const out: Record<string, string> = {};
        if (write) {
          await req(store().put(write.text, `rec:e2e-${write.pointer}`));
          await req(store().put(`rec:e2e-${write.pointer}`, write.pointer));
        }
        if (read !== undefined)
          for (const key of (await req(store().getAllKeys())).map(String)) {
            if (!key.startsWith(read)) continue;
            const rec: unknown = await req(store().get(key));
            const text: unknown = typeof rec === 'string' ? await req(store().get(rec)) : undefined;
            if (typeof text === 'string') out[key.slice(read.length)] = text;
          }
        return out;
      } finally {
        db.close();
      }
    }, op);
  }
}
