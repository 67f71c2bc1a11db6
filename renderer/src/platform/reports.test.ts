import { describe, expect, it, vi } from 'vitest';
import type { CascadeBridge } from './contract';
import {
  createBrowserReports,
  createElectronReports,
  ipcErrorMessage,
  splitStyles,
  type ReportWindow,
} from './reports';

type Listener = () => void;

/** Just enough of an element: attributes, a few properties, listeners, removal from its parent. */
class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly listeners = new Map<string, Listener[]>();
  readonly style = { cssText: '' };
  href = '';
  download = '';
  rel = '';
  hidden = false;
  tabIndex = 0;
  title = '';
  srcdoc = '';
  clicks = 0;
  parent: FakeElement[] | null = null;
  contentWindow: unknown = null;
  contentDocument: unknown = null;
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  click(): void {
    this.clicks += 1;
  }
  remove(): void {
    if (this.parent) this.parent.splice(this.parent.indexOf(this), 1);
    this.parent = null;
  }
}

/** The print frame's inside: its own CSSStyleSheet constructor (like a real realm) and a print() spy. */
function frameRealm() {
  class Sheet {
    text = '';
    replaceSync(text: string): void {
      this.text = text;
    }
  }
  const view = { CSSStyleSheet: Sheet, focus: vi.fn(), print: vi.fn() };
  const document = { title: '', adoptedStyleSheets: [] as Sheet[] };
  return { view, document };
}

/** A window whose iframes load at once (or never, with `frameLoads: false`). */
function fakeWindow({ frameLoads = true } = {}) {
  const body: FakeElement[] = [];
  const created: FakeElement[] = [];
  const realms: ReturnType<typeof frameRealm>[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const urls = {
    created: [] as Blob[],
    revoked: [] as string[],
    createObjectURL: (blob: Blob) => {
      urls.created.push(blob);
      return `blob:app/${urls.created.length}`;
    },
    revokeObjectURL: (url: string) => void urls.revoked.push(url),
  };
  const document = {
    createElement: (tag: string) => {
      const el = new FakeElement(tag);
      created.push(el);
      return el;
    },
    body: {
      append: (el: FakeElement) => {
        body.push(el);
        el.parent = body;
        if (el.tagName === 'iframe' && frameLoads) {
          const realm = frameRealm();
          realms.push(realm);
          el.contentWindow = realm.view;
          el.contentDocument = realm.document;
          queueMicrotask(() => el.listeners.get('load')?.forEach((l) => l()));
        }
      },
    },
    querySelector: (selector: string) =>
      selector === 'iframe[data-report-print]'
        ? (body.find((e) => e.tagName === 'iframe' && e.attributes.has('data-report-print')) ?? null)
        : null,
  };
  const win = {
    document,
    URL: urls,
    setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
    clearTimeout: () => undefined,
  };
  return { win: win as unknown as ReportWindow, body, created, realms, timers, urls };
}

const REPORT =
  '<!doctype html><html><head><title>t</title><style>body { color: #111; }</style></head><body><h1>Report</h1></body></html>';

describe('browser reports: save', () => {
  it('downloads JSON under the suggested name, then revokes the blob URL', async () => {
    const f = fakeWindow();
    const result = await createBrowserReports(f.win).save('json', 'drill-1.session.json', '{"a":1}');
    expect(result).toEqual({ saved: true });
    const a = f.created[0]!;
    expect(a.tagName).toBe('a');
    expect(a.download).toBe('drill-1.session.json');
    expect(a.href).toBe('blob:app/1');
    expect(a.clicks).toBe(1);
    expect(f.body).toEqual([]); // clicked and removed again
    expect(f.urls.created[0]!.type).toBe('application/json');
    await expect(f.urls.created[0]!.text()).resolves.toBe('{"a":1}');
    expect(f.urls.revoked).toEqual([]);
    f.timers.forEach((t) => t.fn());
    expect(f.urls.revoked).toEqual(['blob:app/1']);
  });

  it('downloads HTML as text/html', async () => {
    const f = fakeWindow();
    await createBrowserReports(f.win).save('html', 'drill-1.report.html', REPORT);
    expect(f.urls.created[0]!.type).toBe('text/html;charset=utf-8');
  });

  it.each([
    ['a path', 'json', '../secrets.json', /not a path/],
    ['the wrong extension', 'html', 'report.pdf', /must end in \.html/],
    ['a hidden name', 'json', '.x.json', /start with a dot/],
  ] as const)('refuses %s with a one-line error and downloads nothing', async (_n, kind, name, message) => {
    const f = fakeWindow();
    const call = createBrowserReports(f.win).save(kind, name, '{}');
    await expect(call).rejects.toThrow(message);
    await expect(call).rejects.toThrow(/^Invalid report export request: suggestedName: [^\n]+$/);
    expect(f.created).toEqual([]);
  });
});

describe('browser reports: pdf', () => {
  it('prints the report in a hidden frame that runs no script, styled through a constructed sheet', async () => {
    const f = fakeWindow();
    await expect(createBrowserReports(f.win).pdf('drill-1.report.pdf', REPORT)).resolves.toEqual({
      saved: true,
    });
    const frame = f.created[0]!;
    expect(frame.tagName).toBe('iframe');
    expect(frame.attributes.get('sandbox')).toBe('allow-same-origin allow-modals');
    expect(frame.style.cssText).toContain('width:0');
    // Inline <style> would be refused by the inherited CSP: it is lifted out of the markup...
    expect(frame.srcdoc).not.toContain('<style');
    expect(frame.srcdoc).toContain('<h1>Report</h1>');
    // ...and applied as an adopted sheet made by the frame's own constructor.
    const realm = f.realms[0]!;
    expect(realm.document.adoptedStyleSheets).toHaveLength(1);
    expect(realm.document.adoptedStyleSheets[0]).toBeInstanceOf(realm.view.CSSStyleSheet);
    expect(realm.document.adoptedStyleSheets[0]!.text).toBe('body { color: #111; }');
    expect(realm.document.title).toBe('drill-1.report');
    expect(realm.view.print).toHaveBeenCalledTimes(1);
    expect(f.body).toEqual([frame]); // kept until the next print: some browsers print after print() returns
  });

  it('replaces the previous print frame', async () => {
    const f = fakeWindow();
    const reports = createBrowserReports(f.win);
    await reports.pdf('a.pdf', REPORT);
    await reports.pdf('b.pdf', REPORT);
    expect(f.body).toHaveLength(1);
    expect(f.body[0]).toBe(f.created[1]);
  });

  it('a frame that never loads is a clear error and is removed', async () => {
    const f = fakeWindow({ frameLoads: false });
    const call = createBrowserReports(f.win).pdf('a.pdf', REPORT);
    await Promise.resolve();
    f.timers.forEach((t) => t.fn());
    await expect(call).rejects.toThrow('Could not print the report: it did not load in time.');
    expect(f.body).toEqual([]);
  });

  it('a print that throws is a clear error and the frame is removed', async () => {
    const f = fakeWindow();
    const reports = createBrowserReports(f.win);
    const original = f.win.document.body.append.bind(f.win.document.body);
    f.win.document.body.append = ((el: FakeElement) => {
      original(el as never);
      (el.contentWindow as { print: () => void }).print = () => {
        throw new Error('printing is disabled');
      };
    }) as never;
    await expect(reports.pdf('a.pdf', REPORT)).rejects.toThrow(
      'Could not print the report: printing is disabled',
    );
    expect(f.body).toEqual([]);
  });

  it('refuses a name without .pdf and an empty report', async () => {
    const f = fakeWindow();
    await expect(createBrowserReports(f.win).pdf('a.html', REPORT)).rejects.toThrow(/must end in \.pdf/);
    await expect(createBrowserReports(f.win).pdf('a.pdf', '')).rejects.toThrow(/empty/);
    expect(f.created).toEqual([]);
  });
});

describe('splitStyles', () => {
  it('takes every <style> out, whatever its attributes and case', () => {
    expect(splitStyles('<STYLE media="print">a{}</STYLE ><p>x</p><style>b{}</style>')).toEqual({
      html: '<p>x</p>',
      css: 'a{}\nb{}',
    });
    expect(splitStyles('<p>no styles</p>')).toEqual({ html: '<p>no styles</p>', css: '' });
  });
});

describe('electron reports', () => {
  const bridge = () => ({
    saveReport: vi.fn<CascadeBridge['saveReport']>(async () => ({
      saved: true as const,
      path: '/home/t/r.json',
    })),
    saveReportPdf: vi.fn<CascadeBridge['saveReportPdf']>(async () => ({ saved: false as const })),
  });

  it('save and pdf go through the bridge verbs with the contract payloads', async () => {
    const b = bridge();
    const reports = createElectronReports(b);
    await expect(reports.save('json', 'r.json', '{}')).resolves.toEqual({
      saved: true,
      path: '/home/t/r.json',
    });
    expect(b.saveReport).toHaveBeenCalledWith({ kind: 'json', suggestedName: 'r.json', content: '{}' });
    await expect(reports.pdf('r.pdf', REPORT)).resolves.toEqual({ saved: false });
    expect(b.saveReportPdf).toHaveBeenCalledWith({ suggestedName: 'r.pdf', html: REPORT });
  });

  it("rejects with main's message, without Electron's wrapper", async () => {
    const b = bridge();
    b.saveReport.mockRejectedValue(
      new Error(
        "Error invoking remote method 'report:save': ReportExportError: Could not save the report to /x/r.json: EACCES: permission denied",
      ),
    );
    await expect(createElectronReports(b).save('json', 'r.json', '{}')).rejects.toThrow(
      /^Could not save the report to \/x\/r\.json: EACCES: permission denied$/,
    );
  });

  it('checks the request before crossing IPC', async () => {
    const b = bridge();
    await expect(createElectronReports(b).save('html', 'a/b.html', '')).rejects.toThrow(/not a path/);
    expect(b.saveReport).not.toHaveBeenCalled();
  });
});

describe('ipcErrorMessage', () => {
  it('strips the invoke wrapper and error class, keeps one line', () => {
    expect(ipcErrorMessage(new Error("Error invoking remote method 'x': Error: a\nb"))).toBe('a b');
    expect(ipcErrorMessage('plain')).toBe('plain');
  });
});
