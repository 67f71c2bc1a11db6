/**
 * What the renderer needs from its host, whichever host it is. Settings types come from the preload
 * contract (the single source); only the renderer's own notion of "where am I" is defined here.
 */
import type {
  OpenedSessionFile,
  ReportSavePayload,
  ReportSaveResult,
  Settings,
  SettingsPatch,
} from './contract';
import type { SessionStorage } from './session-store';

export type { SessionStorage } from './session-store';

/** Which home the renderer booted in. */
export type PlatformKind = 'electron' | 'browser';

/** Name and version for the footer and about box, plus the shell they came from. */
export interface ShellInfo {
  readonly kind: PlatformKind;
  readonly name: string;
  readonly version: string;
  /** Electron's version, or null in a plain browser. */
  readonly electron: string | null;
}

/** What `reports.save` writes: the session as JSON, or the self-contained HTML report. */
export type ReportKind = ReportSavePayload['kind'];

/**
 * Outcome of a report export. In Electron, `{ saved: true, path }` once the file is written where the user
 * chose, `{ saved: false }` when they cancelled the save dialog. In a browser, `{ saved: true }` means the
 * download or the print dialog was handed to the browser: whether the user then kept the file is the
 * browser's business and cannot be observed. Failures reject with an Error whose message is one line,
 * fit to show the user.
 */
export type ExportResult = ReportSaveResult | { readonly saved: true; readonly path?: undefined };

/** Saving the after-action report: Electron's save dialog and printToPDF, or the browser's download and print. */
export interface ReportExports {
  /**
   * Save `content` as a `kind` file. `suggestedName` is a bare file name with the kind's extension
   * (`.json`; `.html`/`.htm`), at most 200 characters, not starting with a dot; `content` at most 16 Mi
   * characters. A name or content outside those rules rejects without showing anything.
   */
  save(kind: ReportKind, suggestedName: string, content: string): Promise<ExportResult>;
  /**
   * Turn the self-contained HTML report into a PDF: an A4 PDF saved through a dialog in Electron; the
   * browser's print dialog on the report (where "Save as PDF" is one choice) in a browser.
   * `suggestedName` ends in `.pdf`.
   */
  pdf(suggestedName: string, html: string): Promise<ExportResult>;
}

/** The renderer's view of its host. One implementation per home, chosen once in `detectPlatform`. */
export interface Platform {
  readonly kind: PlatformKind;
  shellInfo(): Promise<ShellInfo>;
  readSettings(): Promise<Settings>;
  writeSettings(patch: SettingsPatch): Promise<Settings>;
  /** Saved drills and autosaves: the app's data folder (Electron) or IndexedDB (browser). */
  readonly sessions: SessionStorage;
  /** After-action report export (JSON, HTML, PDF). */
  readonly reports: ReportExports;
  /**
   * Session files the desktop opens in the app (double-click, File → Open, Open Recent), already validated
   * by main; returns the unsubscribe. Absent in a browser, which has no such files.
   */
  readonly onOpenSessionFile?: (listener: (file: OpenedSessionFile) => void) => () => void;
}
