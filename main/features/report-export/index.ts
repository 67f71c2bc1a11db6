/**
 * Report export feature: the after-action report saved where the user chooses, as the session JSON, the
 * self-contained HTML report, or a PDF of that report.
 *
 * Every export asks first (a save dialog modal to the window that asked, opening in the folder used last,
 * else Documents) and then writes atomically (temp file, fsync, rename), so a failed write never leaves a
 * half-written file in place of an existing one. The PDF is rendered by Chromium's own printing in a hidden,
 * locked-down window (see pdf-window.ts), which is destroyed whatever happens.
 *
 * Electron is injected (`setupReportExport({ app, dialog, BrowserWindow, session, webContents })` at boot),
 * so this module is plain Node and the tests drive it with fakes.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions, SaveDialogOptions } from 'electron';
import {
  REPORT_EXTENSIONS,
  ReportPdfPayloadSchema,
  ReportSavePayloadSchema,
  type ReportFileKind,
  type ReportSaveResult,
} from '../../preload/contract';
import { writeFileAtomic } from '../../lib/atomic-file';
import {
  isReportDocumentRequest,
  PDF_OPTIONS,
  PDF_PARTITION,
  PDF_TEMP_PREFIX,
  PDF_WINDOW_OPTIONS,
  withDocumentCsp,
} from './pdf-window';

export {
  PDF_OPTIONS,
  PDF_PARTITION,
  PDF_TEMP_PREFIX,
  PDF_WINDOW_OPTIONS,
  REPORT_DOCUMENT_CSP,
} from './pdf-window';

/** A window a dialog can be modal to (a BrowserWindow; opaque here). */
export type ParentWindow = object;

/** The parts of the hidden PDF window used here. */
export interface PdfWindowLike {
  loadURL(url: string): Promise<void>;
  readonly webContents: { printToPDF(options: PrintToPDFOptions): Promise<Uint8Array> };
  isDestroyed(): boolean;
  destroy(): void;
}

/** The slice of a session the PDF window's session is locked down with. */
export interface PdfSessionLike {
  setPermissionRequestHandler(
    handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
  readonly webRequest: {
    onBeforeRequest(
      listener: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void,
    ): void;
  };
}

/** The slice of Electron the feature uses; main/index.ts passes Electron's own objects. */
export interface ReportExportElectron {
  app: { getPath(name: 'documents' | 'home'): string };
  dialog: {
    showSaveDialog(
      window: ParentWindow,
      options: SaveDialogOptions,
    ): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  };
  BrowserWindow: {
    new (options: BrowserWindowConstructorOptions): PdfWindowLike;
    fromWebContents(contents: never): ParentWindow | null;
  };
  webContents: { fromId(id: number): unknown };
  session: { fromPartition(partition: string): PdfSessionLike };
}

/** Knobs for tests; the defaults are what the app uses. */
export interface ReportExportOptions {
  /** Replaces the target file atomically. Default: main/lib/atomic-file's `writeFileAtomic`. */
  writeFile?: (file: string, data: string | Uint8Array) => Promise<void>;
  /** Where the PDF window's private temp folder is made. Default: the OS temp folder. */
  tempRoot?: string;
  /** Longest wait for the report to load and for printToPDF, each. Default 30 s. */
  timeoutMs?: number;
}

/** Who asked (the IPC layer's call context). */
export interface ExportCaller {
  readonly senderId: number;
}

/** What the IPC channels call. Payloads are `unknown` and parsed here (the contract parsed them once too). */
export interface ReportExport {
  /** `report:save`: JSON or HTML text, through a save dialog, written atomically. */
  save(payload: unknown, caller: ExportCaller): Promise<ReportSaveResult>;
  /** `report:pdf`: the HTML report printed to an A4 PDF in a hidden window, then saved likewise. */
  pdf(payload: unknown, caller: ExportCaller): Promise<ReportSaveResult>;
}

/** A failed export, with a one-line message meant for the user. */
export class ReportExportError extends Error {
  constructor(message: string) {
    super(oneLine(message));
    this.name = 'ReportExportError';
  }
}

const DIALOG_TEXT: Record<ReportFileKind, { title: string; filter: string }> = {
  json: { title: 'Export session JSON', filter: 'Session JSON' },
  html: { title: 'Export HTML report', filter: 'HTML report' },
  pdf: { title: 'Export PDF report', filter: 'PDF report' },
};

/**
 * Create the feature. Locks down the PDF windows' session once, here, so a request from a report document
 * is cancelled unless it is that document.
 */
export function setupReportExport(
  electron: ReportExportElectron,
  options: ReportExportOptions = {},
): ReportExport {
  const writeFile =
    options.writeFile ??
    ((file: string, data: string | Uint8Array) =>
      writeFileAtomic(file, data, { mode: 0o666, sweepStale: true }));
  const tempRoot = options.tempRoot ?? os.tmpdir();
  const timeoutMs = options.timeoutMs ?? 30_000;
  /** Report documents being rendered right now: the only files the PDF session may load. */
  const documents = new Set<string>();
  let lastFolder: string | null = null;

  const pdfSession = electron.session.fromPartition(PDF_PARTITION);
  pdfSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  pdfSession.setPermissionCheckHandler(() => false);
  pdfSession.webRequest.onBeforeRequest((details, callback) => {
    const allowed = [...documents].some((file) => isReportDocumentRequest(details.url, file));
    callback({ cancel: !allowed });
  });

  function parentOf(caller: ExportCaller): ParentWindow {
    const contents = electron.webContents.fromId(caller.senderId);
    const win = contents ? electron.BrowserWindow.fromWebContents(contents as never) : null;
    if (!win) throw new ReportExportError('Could not export the report: the window that asked is gone.');
    return win;
  }

  function startFolder(): string {
    if (lastFolder) return lastFolder;
    try {
      return electron.app.getPath('documents');
    } catch {
      return electron.app.getPath('home'); // Linux desktops without a Documents folder
    }
  }

  /** The save dialog; the chosen path, or null when the user cancelled. */
  async function ask(
    parent: ParentWindow,
    kind: ReportFileKind,
    suggestedName: string,
  ): Promise<string | null> {
    const text = DIALOG_TEXT[kind];
    const choice = await electron.dialog.showSaveDialog(parent, {
      title: text.title,
      defaultPath: path.join(startFolder(), suggestedName),
      filters: [{ name: text.filter, extensions: [...REPORT_EXTENSIONS[kind]] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    return choice.canceled || !choice.filePath ? null : choice.filePath;
  }

  async function write(file: string, data: string | Uint8Array): Promise<ReportSaveResult> {
    try {
      await writeFile(file, data);
    } catch (error) {
      throw new ReportExportError(`Could not save the report to ${file}: ${messageOf(error)}`);
    }
    lastFolder = path.dirname(file);
    return { saved: true, path: file };
  }

  /** Render `html` to PDF bytes in a fresh hidden window; the window and its temp folder never outlive this. */
  async function render(html: string): Promise<Uint8Array> {
    const folder = await fs.mkdtemp(path.join(tempRoot, PDF_TEMP_PREFIX));
    const file = path.join(folder, 'report.html');
    let win: PdfWindowLike | null = null;
    documents.add(file);
    try {
      await fs.writeFile(file, withDocumentCsp(html), { encoding: 'utf8', mode: 0o600 });
      win = new electron.BrowserWindow(PDF_WINDOW_OPTIONS);
      // A file rather than a data: URL: Chromium refuses URLs over 2 MB, and a long report can be bigger.
      await within(win.loadURL(pathToFileURL(file).href), timeoutMs, 'the report did not load');
      return await within(win.webContents.printToPDF(PDF_OPTIONS), timeoutMs, 'printing did not finish');
    } catch (error) {
      throw new ReportExportError(`Could not make the PDF: ${messageOf(error)}`);
    } finally {
      documents.delete(file);
      if (win && !win.isDestroyed()) win.destroy();
      await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  return {
    async save(payload, caller) {
      const { kind, suggestedName, content } = parse(ReportSavePayloadSchema, payload);
      const file = await ask(parentOf(caller), kind, suggestedName);
      return file === null ? { saved: false } : write(file, content);
    },
    async pdf(payload, caller) {
      const { suggestedName, html } = parse(ReportPdfPayloadSchema, payload);
      // Ask first: a cancelled dialog costs no rendering.
      const file = await ask(parentOf(caller), 'pdf', suggestedName);
      if (file === null) return { saved: false };
      return write(file, await render(html));
    },
  };
}

/** Parse `payload`, or throw a ReportExportError naming the first problem. */
function parse<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  payload: unknown,
): T {
  const result = schema.safeParse(payload);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new ReportExportError(`Invalid report export request: ${where}${issue?.message ?? 'invalid input'}`);
}

/** `promise`, or a rejection saying `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${Math.round(ms / 1000)} s`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
