/**
 * After-action report export in the renderer's two homes.
 *
 * Electron: through the preload bridge to main's `report:save` / `report:pdf` (a save dialog, an atomic
 * write, printToPDF in a locked-down hidden window). Browser: a download for JSON and HTML, and the
 * browser's own print dialog on the report for PDF.
 *
 * Both check the request against the same contract schema first, so a bad name or an oversized report fails
 * the same way, with the same one-line message, wherever the app runs.
 *
 * Printing in a browser: the report goes into a hidden `<iframe srcdoc>` sandboxed without `allow-scripts`
 * (nothing in it can run), with `allow-same-origin` so this code can style it and `allow-modals` so its
 * print dialog may open. A srcdoc document inherits the app's CSP, which refuses inline `<style>`; so the
 * report's styles are taken out of the markup and applied as a constructed stylesheet, which the CSP does
 * not govern.
 */
import {
  ReportPdfPayloadSchema,
  ReportSavePayloadSchema,
  type CascadeBridge,
  type ReportPdfPayload,
  type ReportSavePayload,
} from './contract';
import type { ExportResult, ReportExports, ReportKind } from './types';

/** How long a browser may take to lay out the report before printing is given up. */
const PRINT_LOAD_TIMEOUT_MS = 10_000;
/** Marks the print frame so the next print replaces it. */
const PRINT_FRAME_ATTR = 'data-report-print';
/** Media types of the downloads. */
const MIME: Record<ReportKind, string> = {
  json: 'application/json',
  html: 'text/html;charset=utf-8',
};

/** A request that fails the contract, as the one-line message main would give. */
export class ReportRequestError extends Error {
  constructor(message: string) {
    super(message.replace(/\s+/g, ' ').trim());
    this.name = 'ReportRequestError';
  }
}

/** `report:save`'s payload, checked; throws a {@link ReportRequestError}. */
export function checkSaveRequest(
  kind: ReportKind,
  suggestedName: string,
  content: string,
): ReportSavePayload {
  return check(ReportSavePayloadSchema.safeParse({ kind, suggestedName, content }));
}

/** `report:pdf`'s payload, checked; throws a {@link ReportRequestError}. */
export function checkPdfRequest(suggestedName: string, html: string): ReportPdfPayload {
  return check(ReportPdfPayloadSchema.safeParse({ suggestedName, html }));
}

function check<T>(
  result:
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: PropertyKey[]; message: string }[] } },
): T {
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
  throw new ReportRequestError(`Invalid report export request: ${where}${issue?.message ?? 'invalid input'}`);
}

/**
 * The message of an error that crossed `ipcRenderer.invoke`, without the wrapper Electron adds
 * ("Error invoking remote method 'report:save': ReportExportError: ..."), on one line.
 */
export function ipcErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  return raw
    .replace(/^Error invoking remote method '[^']*': /, '')
    .replace(/^[A-Za-z]*Error: /, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Electron mode: main shows the dialog, writes the file, renders the PDF. */
export function createElectronReports(
  bridge: Pick<CascadeBridge, 'saveReport' | 'saveReportPdf'>,
): ReportExports {
  const call = async (run: () => Promise<ExportResult>): Promise<ExportResult> => {
    try {
      return await run();
    } catch (error) {
      throw new Error(ipcErrorMessage(error), { cause: error });
    }
  };
  return {
    save: async (kind, suggestedName, content) => {
      const payload = checkSaveRequest(kind, suggestedName, content);
      return call(() => bridge.saveReport(payload));
    },
    pdf: async (suggestedName, html) => {
      const payload = checkPdfRequest(suggestedName, html);
      return call(() => bridge.saveReportPdf(payload));
    },
  };
}

/** The parts of `window` the browser implementation uses (tests pass a fake). */
export type ReportWindow = Pick<Window, 'document' | 'setTimeout' | 'clearTimeout'> & {
  readonly URL: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
};

/** Browser mode: a download for JSON and HTML, the browser's print dialog for PDF. */
export function createBrowserReports(win: ReportWindow): ReportExports {
  return {
    save: async (kind, suggestedName, content) => {
      const payload = checkSaveRequest(kind, suggestedName, content);
      downloadText(win, payload.suggestedName, payload.content, MIME[kind]);
      return { saved: true };
    },
    pdf: async (suggestedName, html) => {
      const payload = checkPdfRequest(suggestedName, html);
      await printHtml(win, payload.html, payload.suggestedName.replace(/\.pdf$/i, ''));
      return { saved: true };
    },
  };
}

/**
 * Offer `text` as a file download named `name`: a Blob URL on a hidden `<a download>`, clicked, then the URL
 * revoked once the browser has had time to start the download.
 */
export function downloadText(win: ReportWindow, name: string, text: string, type: string): void {
  const url = win.URL.createObjectURL(new Blob([text], { type }));
  const doc = win.document;
  const a = doc.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.hidden = true;
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    win.setTimeout(() => win.URL.revokeObjectURL(url), 10_000);
  }
}

/**
 * The report's `<style>` elements taken out of its markup, their text joined. (`<style>` is raw text in
 * HTML: it ends at the first `</style`, which is exactly what the pattern matches.)
 */
export function splitStyles(html: string): { html: string; css: string } {
  const css: string[] = [];
  const rest = html.replace(/<style\b[^>]*>([\s\S]*?)<\/style\s*>/gi, (_all, text: string) => {
    css.push(text);
    return '';
  });
  return { html: rest, css: css.join('\n') };
}

/**
 * Open the browser's print dialog on `html` (a self-contained report) in a hidden, script-less frame titled
 * `title` (browsers offer the title as the PDF's file name). The frame stays until the next print, since some
 * browsers print asynchronously after `print()` returns; it is 0 x 0 and inert.
 */
export async function printHtml(win: ReportWindow, html: string, title: string): Promise<void> {
  const doc = win.document;
  doc.querySelector(`iframe[${PRINT_FRAME_ATTR}]`)?.remove();
  const { html: markup, css } = splitStyles(html);
  const frame = doc.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
  frame.setAttribute(PRINT_FRAME_ATTR, '');
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'After-action report (for printing)';
  frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0';
  const loaded = new Promise<void>((resolve, reject) => {
    const timer = win.setTimeout(
      () => reject(new Error('Could not print the report: it did not load in time.')),
      PRINT_LOAD_TIMEOUT_MS,
    );
    frame.addEventListener(
      'load',
      () => {
        win.clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
  frame.srcdoc = markup;
  doc.body.append(frame);
  try {
    await loaded;
    const view = frame.contentWindow as (Window & typeof globalThis) | null;
    const report = frame.contentDocument;
    if (!view || !report) throw new Error('Could not print the report: its frame is not accessible.');
    if (css) {
      // Constructed in the frame's own realm: a document only adopts sheets made by its own constructor.
      const sheet = new view.CSSStyleSheet();
      sheet.replaceSync(css);
      report.adoptedStyleSheets = [sheet];
    }
    if (title) report.title = title;
    view.focus();
    view.print();
  } catch (error) {
    frame.remove();
    throw error instanceof Error && error.message.startsWith('Could not print')
      ? error
      : new Error(`Could not print the report: ${error instanceof Error ? error.message : String(error)}`, {
          cause: error,
        });
  }
}
