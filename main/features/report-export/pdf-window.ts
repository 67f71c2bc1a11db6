/**
 * The hidden window that turns the HTML after-action report into a PDF, and the rules that lock it down.
 *
 * The report is built from session text a trainee typed (escaped, but still untrusted in principle), so the
 * window that renders it is treated like a hostile page: no preload, no Node, sandboxed, isolated, with
 * JavaScript switched off, in its own in-memory session whose every request is cancelled except the one
 * report document, and with a CSP inside the document that forbids fetching anything at all. It never
 * shows on screen (offscreen rendering) and lives only as long as one `printToPDF` call.
 *
 * Electron-free: Electron types are referenced by type only, so tests import these constants directly.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserWindowConstructorOptions, PrintToPDFOptions } from 'electron';
import { withCspMeta } from '../../window/csp';
import { DISABLED_BLINK_FEATURES } from '../../window/policy';

/** Prefix of the private temp folders a PDF is rendered in (`mkdtemp`; the start-up sweep removes stale ones). */
export const PDF_TEMP_PREFIX = 'cascade-report-';

/**
 * The session the PDF windows use. No `persist:` prefix, so it lives in memory only: no cookies, cache or
 * storage reach the disk, and the app session's handlers and data are not shared with report content.
 */
export const PDF_PARTITION = 'cascade-report-pdf';

/**
 * The PDF window: never shown, A4-ish viewport (794 x 1123 CSS px is A4 at 96 dpi), and every
 * webPreference that matters spelled out rather than left to Electron's defaults.
 */
export const PDF_WINDOW_OPTIONS = {
  show: false,
  width: 794,
  height: 1123,
  title: 'Cascade Drill report',
  webPreferences: {
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
    disableBlinkFeatures: DISABLED_BLINK_FEATURES,
  },
} as const satisfies BrowserWindowConstructorOptions;

/** What the issue asks of the PDF: backgrounds (score colours, chart) printed, A4 paper. */
export const PDF_OPTIONS = { printBackground: true, pageSize: 'A4' } as const satisfies PrintToPDFOptions;

/**
 * CSP put into the report document before it is loaded: nothing may be fetched (`default-src 'none'`);
 * only the report's own inline `<style>` and inline `data:` images and fonts are allowed. Scripts are off
 * twice over (no script-src, and `javascript: false`).
 */
export const REPORT_DOCUMENT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

/**
 * `html` with {@link REPORT_DOCUMENT_CSP} as the first element of its `<head>` (a meta CSP only governs
 * what follows it), or right after the doctype when there is no `<head>` tag.
 */
export function withDocumentCsp(html: string): string {
  return withCspMeta(html, REPORT_DOCUMENT_CSP);
}

/**
 * True if a request in the PDF session is for `file` itself (the report document) and nothing else.
 * Compares file paths rather than URL strings, so percent-encoding and (on Windows) drive-letter case
 * cannot make the document itself look foreign.
 */
export function isReportDocumentRequest(url: string, file: string, platform = process.platform): boolean {
  let requested: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'file:' || parsed.search !== '' || parsed.hash !== '') return false;
    requested = fileURLToPath(parsed);
  } catch {
    return false;
  }
  const a = path.resolve(requested);
  const b = path.resolve(file);
  return platform === 'win32' ? a.toLowerCase() === b.toLowerCase() : a === b;
}
