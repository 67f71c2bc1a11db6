import { existsSync, promises as fsp, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions, SaveDialogOptions } from 'electron';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_REPORT_CHARS } from '../../preload/contract';
import { InvalidPayloadError, makeIpcListener } from '../../ipc/register';
import { reportIpcHandlers } from '../../ipc/report-export';
import { UntrustedSenderError, type SenderEventLike } from '../../ipc/sender';
import { tempDir } from '../../test/temp-dir';
import {
  PDF_PARTITION,
  REPORT_DOCUMENT_CSP,
  ReportExportError,
  setupReportExport,
  type ParentWindow,
  type PdfSessionLike,
  type ReportExportElectron,
  type ReportExportOptions,
} from './index';

const OUR_ID = 7;
const caller = { senderId: OUR_ID };
const isOurs = (id: number): boolean => id === OUR_ID;
const event = (overrides: Partial<SenderEventLike> = {}): SenderEventLike => ({
  sender: { id: OUR_ID },
  senderFrame: { url: 'app://cascade/index.html', parent: null },
  ...overrides,
});
const PDF_BYTES = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x2d]); // "%PDF-"

/** One fake hidden window: records what it was asked to do, loads by reading the file it is pointed at. */
class FakePdfWindow {
  static behaviour: {
    load: (url: string) => Promise<void>;
    print: (options: PrintToPDFOptions) => Promise<Uint8Array>;
  };
  readonly options: BrowserWindowConstructorOptions;
  loadedUrl: string | null = null;
  loadedHtml: string | null = null;
  printedWith: PrintToPDFOptions | null = null;
  destroyed = false;
  readonly webContents = {
    printToPDF: (options: PrintToPDFOptions): Promise<Uint8Array> => {
      this.printedWith = options;
      return FakePdfWindow.behaviour.print(options);
    },
  };
  constructor(options: BrowserWindowConstructorOptions, created: FakePdfWindow[]) {
    this.options = options;
    created.push(this);
  }
  async loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    this.loadedHtml = readFileSync(fileURLToPath(url), 'utf8');
    return FakePdfWindow.behaviour.load(url);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
  }
}

/** Electron as the feature sees it, with a dialog that answers `answer` and one window of ours (id 7). */
function fakeElectron(answer: { canceled: boolean; filePath?: string }) {
  const parent: ParentWindow = { name: 'main window' };
  const ourContents = { id: OUR_ID };
  const windows: FakePdfWindow[] = [];
  const dialogCalls: { window: ParentWindow; options: SaveDialogOptions }[] = [];
  let beforeRequest: ((url: string) => boolean) | null = null;
  let permission: ((p: string) => boolean) | null = null;
  const pdfSession: PdfSessionLike = {
    setPermissionRequestHandler: (handler) => {
      permission = (p) => {
        let granted: boolean | null = null;
        handler({}, p, (g) => (granted = g));
        return granted === true;
      };
    },
    setPermissionCheckHandler: () => undefined,
    webRequest: {
      onBeforeRequest: (listener) => {
        beforeRequest = (url) => {
          let cancel: boolean | undefined;
          listener({ url }, (response) => (cancel = response.cancel));
          return cancel !== true;
        };
      },
    },
  };
  FakePdfWindow.behaviour = { load: async () => undefined, print: async () => PDF_BYTES };
  const electron: ReportExportElectron = {
    app: { getPath: (name) => (name === 'documents' ? '/home/trainee/Documents' : '/home/trainee') },
    dialog: {
      showSaveDialog: async (window, options) => {
        dialogCalls.push({ window, options });
        return answer;
      },
    },
    BrowserWindow: class {
      constructor(options: BrowserWindowConstructorOptions) {
        return new FakePdfWindow(options, windows);
      }
      static fromWebContents(contents: unknown): ParentWindow | null {
        return contents === ourContents ? parent : null;
      }
    } as unknown as ReportExportElectron['BrowserWindow'],
    webContents: { fromId: (id) => (id === OUR_ID ? ourContents : undefined) },
    session: {
      fromPartition: (partition) => {
        expect(partition).toBe(PDF_PARTITION);
        return pdfSession;
      },
    },
  };
  return {
    electron,
    parent,
    windows,
    dialogCalls,
    allows: (url: string) => beforeRequest!(url),
    grants: (p: string) => permission!(p),
  };
}

const dir = tempDir('cascade-report-export-');
const tmpRoot = tempDir('cascade-report-tmp-');
const setup = (f: ReturnType<typeof fakeElectron>, options: ReportExportOptions = {}) =>
  setupReportExport(f.electron, { tempRoot: tmpRoot, ...options });
const html =
  '<!doctype html>\n<html><head><title>r</title><style>p{color:red}</style></head><body><p>ok</p></body></html>';

afterEach(() => vi.restoreAllMocks());

describe('report:save', () => {
  it('returns saved: false on cancel and writes nothing', async () => {
    const f = fakeElectron({ canceled: true, filePath: '' });
    const writeFile = vi.fn();
    const reports = setup(f, { writeFile });
    await expect(
      reports.save({ kind: 'json', suggestedName: 'drill-1.session.json', content: '{}' }, caller),
    ).resolves.toEqual({ saved: false });
    expect(writeFile).not.toHaveBeenCalled();
  });

  it("asks modal to the caller's window, in Documents, with the kind's filter, then writes the file", async () => {
    const file = path.join(dir, 'drill-1.report.html');
    const f = fakeElectron({ canceled: false, filePath: file });
    const reports = setup(f);
    await expect(
      reports.save({ kind: 'html', suggestedName: 'drill-1.report.html', content: '<p>é</p>' }, caller),
    ).resolves.toEqual({ saved: true, path: file });
    expect(readFileSync(file, 'utf8')).toBe('<p>é</p>');
    expect(f.dialogCalls).toHaveLength(1);
    expect(f.dialogCalls[0]!.window).toBe(f.parent);
    expect(f.dialogCalls[0]!.options).toMatchObject({
      defaultPath: path.join('/home/trainee/Documents', 'drill-1.report.html'),
      filters: [{ name: 'HTML report', extensions: ['html', 'htm'] }],
      properties: expect.arrayContaining(['showOverwriteConfirmation']),
    });
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('opens the next dialog in the folder used last', async () => {
    const file = path.join(dir, 'first.session.json');
    const f = fakeElectron({ canceled: false, filePath: file });
    const reports = setup(f);
    await reports.save({ kind: 'json', suggestedName: 'first.session.json', content: '{}' }, caller);
    await reports.save({ kind: 'json', suggestedName: 'second.session.json', content: '{}' }, caller);
    expect(f.dialogCalls[1]!.options.defaultPath).toBe(path.join(dir, 'second.session.json'));
  });

  it('a failed write is a one-line error and leaves the existing file intact', async () => {
    const file = path.join(dir, 'existing.report.html');
    writeFileSync(file, 'previous report');
    vi.spyOn(fsp, 'rename').mockRejectedValue(new Error('EIO: i/o error,\nrename'));
    const reports = setup(fakeElectron({ canceled: false, filePath: file }));
    const call = reports.save({ kind: 'html', suggestedName: 'x.html', content: 'new report' }, caller);
    await expect(call).rejects.toThrow(ReportExportError);
    await expect(call).rejects.toThrow(`Could not save the report to ${file}: EIO: i/o error, rename`);
    await call.catch((e: Error) => expect(e.message).not.toContain('\n'));
    expect(readFileSync(file, 'utf8')).toBe('previous report');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses when the asking window is gone', async () => {
    const reports = setup(fakeElectron({ canceled: true }));
    await expect(
      reports.save({ kind: 'json', suggestedName: 'a.json', content: '{}' }, { senderId: 99 }),
    ).rejects.toThrow(/window that asked is gone/);
  });
});

describe('report channels over IPC', () => {
  const listeners = (f: ReturnType<typeof fakeElectron>) => {
    const h = reportIpcHandlers(setup(f));
    return {
      save: makeIpcListener('report:save', h['report:save'], isOurs),
      pdf: makeIpcListener('report:pdf', h['report:pdf'], isOurs),
    };
  };

  it('passes the caller through to the dialog', async () => {
    const f = fakeElectron({ canceled: true });
    await expect(
      listeners(f).save(event(), { kind: 'json', suggestedName: 'a.json', content: '{}' }),
    ).resolves.toEqual({ saved: false });
    expect(f.dialogCalls[0]!.window).toBe(f.parent);
  });

  it.each([
    ['a path as the name', { kind: 'json', suggestedName: '../../.bashrc.json', content: '' }, /not a path/],
    ['a Windows path', { kind: 'json', suggestedName: 'C:\\x\\a.json', content: '' }, /not a path/],
    [
      'the wrong extension',
      { kind: 'json', suggestedName: 'a.html', content: '' },
      /must end in \.cdsession or \.json/,
    ],
    ['no name before the extension', { kind: 'html', suggestedName: '.html', content: '' }, /dot|end in/],
    ['a hidden file', { kind: 'html', suggestedName: '.profile.html', content: '' }, /start with a dot/],
    ['a control character', { kind: 'html', suggestedName: 'a\u0000.html', content: '' }, /control/],
    ['an unknown kind', { kind: 'exe', suggestedName: 'a.exe', content: '' }, /invalid payload/],
    ['an extra key', { kind: 'json', suggestedName: 'a.json', content: '', path: '/etc' }, /invalid payload/],
    ['content that is not text', { kind: 'json', suggestedName: 'a.json', content: 42 }, /invalid payload/],
    [
      'content over the size limit',
      { kind: 'json', suggestedName: 'a.json', content: 'x'.repeat(MAX_REPORT_CHARS + 1) },
      /larger than 16 MiB/,
    ],
  ])('report:save rejects %s with a clear error and shows no dialog', async (_name, payload, message) => {
    const f = fakeElectron({ canceled: true });
    const call = listeners(f).save(event(), payload);
    await expect(call).rejects.toThrow(InvalidPayloadError);
    await expect(listeners(f).save(event(), payload)).rejects.toThrow(message);
    expect(f.dialogCalls).toHaveLength(0);
  });

  it.each([
    ['a wrong extension', { suggestedName: 'a.html', html }, /must end in \.pdf/],
    ['an empty report', { suggestedName: 'a.pdf', html: '' }, /empty/],
    ['a missing report', { suggestedName: 'a.pdf' }, /invalid payload/],
  ])('report:pdf rejects %s and opens no window', async (_name, payload, message) => {
    const f = fakeElectron({ canceled: false, filePath: path.join(dir, 'x.pdf') });
    await expect(listeners(f).pdf(event(), payload)).rejects.toThrow(message);
    expect(f.dialogCalls).toHaveLength(0);
    expect(f.windows).toHaveLength(0);
  });

  it('the feature itself rejects a bad payload too (it is callable outside IPC)', async () => {
    const reports = setup(fakeElectron({ canceled: true }));
    await expect(
      reports.save({ kind: 'json', suggestedName: 'a/b.json', content: '' }, caller),
    ).rejects.toThrow(/Invalid report export request: suggestedName: a file name, not a path/);
  });

  it('refuses a foreign sender, a subframe and remote content before any dialog', async () => {
    const f = fakeElectron({ canceled: false, filePath: path.join(dir, 'never.pdf') });
    const l = listeners(f);
    for (const ev of [
      event({ sender: { id: 99 } }),
      event({ senderFrame: { url: 'app://cascade/x.html', parent: {} } }),
      event({ senderFrame: { url: 'https://evil.example/', parent: null } }),
    ]) {
      await expect(l.save(ev, { kind: 'json', suggestedName: 'a.json', content: '{}' })).rejects.toThrow(
        UntrustedSenderError,
      );
      await expect(l.pdf(ev, { suggestedName: 'a.pdf', html })).rejects.toThrow(UntrustedSenderError);
    }
    expect(f.dialogCalls).toHaveLength(0);
    expect(f.windows).toHaveLength(0);
  });
});

describe('report:pdf', () => {
  it('renders in a locked-down hidden window, prints A4 with backgrounds, saves, closes the window', async () => {
    const file = path.join(dir, 'drill-1.report.pdf');
    const f = fakeElectron({ canceled: false, filePath: file });
    const reports = setup(f);
    await expect(reports.pdf({ suggestedName: 'drill-1.report.pdf', html }, caller)).resolves.toEqual({
      saved: true,
      path: file,
    });
    expect(readFileSync(file)).toEqual(Buffer.from(PDF_BYTES));
    expect(f.dialogCalls[0]!.options.filters).toEqual([{ name: 'PDF report', extensions: ['pdf'] }]);

    expect(f.windows).toHaveLength(1);
    const win = f.windows[0]!;
    expect(win.options.show).toBe(false);
    expect(win.options.webPreferences).toEqual({
      partition: PDF_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      javascript: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      plugins: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
      disableDialogs: true,
      offscreen: true,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(win.options.webPreferences).not.toHaveProperty('preload');
    expect(win.printedWith).toEqual({ printBackground: true, pageSize: 'A4' });
    expect(win.destroyed).toBe(true);

    // The document loaded was a private temp file holding the report behind a fetch-nothing CSP...
    expect(win.loadedUrl).toMatch(/^file:\/\//);
    expect(win.loadedHtml).toContain(
      `<head><meta http-equiv="Content-Security-Policy" content="${REPORT_DOCUMENT_CSP}">`,
    );
    expect(win.loadedHtml).toContain('<body><p>ok</p></body>');
    // ...that is gone again.
    expect(existsSync(fileURLToPath(win.loadedUrl!))).toBe(false);
    expect(readdirSync(tmpRoot)).toEqual([]);
  });

  it('lets the PDF session load only the report being rendered; denies every permission', async () => {
    const f = fakeElectron({ canceled: false, filePath: path.join(dir, 'r.pdf') });
    const reports = setup(f);
    let during: Record<string, boolean> = {};
    FakePdfWindow.behaviour.load = async (url) => {
      const sibling = pathToFileURL(path.join(path.dirname(fileURLToPath(url)), 'other.html')).href;
      during = {
        document: f.allows(url),
        sibling: f.allows(sibling),
        etc: f.allows('file:///etc/passwd'),
        https: f.allows('https://example.com/track.png'),
        query: f.allows(`${url}?x=1`),
      };
    };
    await reports.pdf({ suggestedName: 'r.pdf', html }, caller);
    expect(during).toEqual({ document: true, sibling: false, etc: false, https: false, query: false });
    expect(f.allows(f.windows[0]!.loadedUrl!)).toBe(false); // not once the render is over
    expect(f.grants('media')).toBe(false);
  });

  it('cancel shows no window', async () => {
    const f = fakeElectron({ canceled: true, filePath: '' });
    await expect(setup(f).pdf({ suggestedName: 'r.pdf', html }, caller)).resolves.toEqual({ saved: false });
    expect(f.windows).toHaveLength(0);
  });

  it.each([
    ['the load fails', 'load', /Could not make the PDF: ERR_BLOCKED/],
    ['printing fails', 'print', /Could not make the PDF: printing failed/],
    ['the load hangs', 'hang', /Could not make the PDF: the report did not load within/],
  ] as const)(
    'when %s: a clear error, window closed, nothing written, temp gone',
    async (_n, what, message) => {
      const file = path.join(dir, `failed-${what}.pdf`);
      writeFileSync(file, 'earlier pdf');
      const f = fakeElectron({ canceled: false, filePath: file });
      if (what === 'load')
        FakePdfWindow.behaviour.load = () => Promise.reject(new Error('ERR_BLOCKED_BY_CLIENT'));
      if (what === 'print')
        FakePdfWindow.behaviour.print = () => Promise.reject(new Error('printing failed'));
      if (what === 'hang') FakePdfWindow.behaviour.load = () => new Promise(() => undefined);
      const call = setup(f, { timeoutMs: 50 }).pdf({ suggestedName: 'r.pdf', html }, caller);
      await expect(call).rejects.toThrow(ReportExportError);
      await expect(call).rejects.toThrow(message);
      expect(f.windows).toHaveLength(1);
      expect(f.windows[0]!.destroyed).toBe(true);
      expect(readFileSync(file, 'utf8')).toBe('earlier pdf');
      expect(readdirSync(tmpRoot)).toEqual([]);
    },
  );

  it('a failed write leaves the existing PDF intact (the window is already closed)', async () => {
    const file = path.join(dir, 'kept.pdf');
    writeFileSync(file, 'earlier pdf');
    const f = fakeElectron({ canceled: false, filePath: file });
    const writeFile = vi.fn().mockRejectedValue(new Error('ENOSPC: no space left on device'));
    await expect(setup(f, { writeFile }).pdf({ suggestedName: 'r.pdf', html }, caller)).rejects.toThrow(
      `Could not save the report to ${file}: ENOSPC: no space left on device`,
    );
    expect(readFileSync(file, 'utf8')).toBe('earlier pdf');
    expect(f.windows[0]!.destroyed).toBe(true);
  });

  it('a window that cannot even be created is a clear error, and the temp file is removed', async () => {
    const f = fakeElectron({ canceled: false, filePath: path.join(dir, 'never.pdf') });
    f.electron.BrowserWindow = class {
      constructor() {
        throw new Error('no display');
      }
      static fromWebContents = (): ParentWindow => f.parent;
    } as unknown as ReportExportElectron['BrowserWindow'];
    await expect(setup(f).pdf({ suggestedName: 'r.pdf', html }, caller)).rejects.toThrow(
      'Could not make the PDF: no display',
    );
    expect(readdirSync(tmpRoot)).toEqual([]);
  });
});
