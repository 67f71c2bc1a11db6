/**
 * Logs a user can send: main-process and renderer errors go to a small rotating log file in the app's data
 * folder (`<userData>/logs/main.log`, then main.1.log … main.3.log; never the network). Help → Show Logs
 * opens the folder; Help → Copy Diagnostics puts the app and model version, the platform and the last
 * errors on the clipboard.
 *
 * What is written is error text only (messages and stacks), each entry one line with control characters
 * escaped, so a log line cannot forge another or carry terminal escapes. No session content: the app does
 * not log session files, notes or names, and the diagnostics carry nothing but the log's error lines.
 *
 * Electron-free: the file system is Node's; the Electron edges (console-message, clipboard, shell) are
 * wired in main/index.ts through {@link attachWebContentsLogging} and the menu actions.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

/** Rotate when the current file would pass this many bytes. */
export const LOG_MAX_BYTES = 512 * 1024;
/** Rotated files kept besides the current one. */
export const LOG_KEEP = 3;
/** Longest entry written; a longer one is cut (a runaway stack or message must not fill the file). */
const MAX_ENTRY_CHARS = 4000;

/** Where an entry came from. */
export type LogSource = 'main' | 'renderer' | 'preload';

/** The log. */
export interface AppLog {
  /** Folder holding the log files. */
  readonly folder: string;
  /** The file being written now. */
  readonly file: string;
  error(source: LogSource, message: unknown): void;
  /** The last `count` entries of the current and previous file, oldest first. */
  recentEntries(count: number): string[];
}

/** One line: timestamp, source, the text with every control character (newlines included) escaped. */
export function formatEntry(now: Date, source: LogSource, message: unknown): string {
  const raw =
    message instanceof Error ? (message.stack ?? `${message.name}: ${message.message}`) : String(message);
  const cut = raw.length > MAX_ENTRY_CHARS ? `${raw.slice(0, MAX_ENTRY_CHARS)}… (cut)` : raw;
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  const escaped = cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) =>
    c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return `${now.toISOString()} error ${source}: ${escaped}`;
}

/** Open (create) the log in `folder`. `now` is injectable for tests. */
export function createAppLog(
  folder: string,
  options: { maxBytes?: number; keep?: number; now?: () => Date } = {},
): AppLog {
  const maxBytes = options.maxBytes ?? LOG_MAX_BYTES;
  const keep = options.keep ?? LOG_KEEP;
  const now = options.now ?? (() => new Date());
  const file = path.join(folder, 'main.log');
  const rotated = (n: number): string => path.join(folder, `main.${n}.log`);
  const sizeOf = (f: string): number => {
    try {
      return statSync(f).size;
    } catch {
      return 0;
    }
  };
  const rotate = (): void => {
    rmSync(rotated(keep), { force: true });
    for (let n = keep - 1; n >= 1; n--) {
      try {
        renameSync(rotated(n), rotated(n + 1));
      } catch {
        // That generation does not exist yet.
      }
    }
    renameSync(file, rotated(1));
  };
  const readLines = (f: string): string[] => {
    try {
      return readFileSync(f, 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return {
    folder,
    file,
    error(source, message) {
      const line = `${formatEntry(now(), source, message)}\n`;
      try {
        mkdirSync(folder, { recursive: true });
        if (sizeOf(file) > 0 && sizeOf(file) + Buffer.byteLength(line) > maxBytes) rotate();
        appendFileSync(file, line, { mode: 0o600 });
      } catch {
        // Logging must never take the app down (a full disk, a read-only folder): the entry is lost.
      }
    },
    recentEntries(count) {
      return [...readLines(rotated(1)), ...readLines(file)].slice(-count);
    },
  };
}

/** Facts for Help → Copy Diagnostics. */
export interface DiagnosticsFacts {
  appName: string;
  appVersion: string;
  modelVersion: string;
  electron: string;
  chrome: string;
  node: string;
  platform: string;
  arch: string;
  osRelease: string;
  logFile: string;
}

/** The diagnostics text: versions, platform, where the log is, the last errors. No session content. */
export function diagnosticsText(facts: DiagnosticsFacts, lastErrors: readonly string[]): string {
  return [
    `${facts.appName} ${facts.appVersion}`,
    `model version: ${facts.modelVersion}`,
    `Electron ${facts.electron}, Chrome ${facts.chrome}, Node ${facts.node}`,
    `platform: ${facts.platform} ${facts.arch} (${facts.osRelease})`,
    `log file: ${facts.logFile}`,
    lastErrors.length === 0
      ? 'last errors: none logged'
      : `last errors (${lastErrors.length}, oldest first):`,
    ...lastErrors.map((line) => `  ${line}`),
  ].join('\n');
}

/** The WebContents events the log listens to (a structural slice of Electron's WebContents). */
export interface LoggableWebContents {
  on(event: 'console-message', listener: (details: { level: string; message: string }) => void): unknown;
  on(event: 'render-process-gone', listener: (event: unknown, details: { reason: string }) => void): unknown;
  on(event: 'preload-error', listener: (event: unknown, preloadPath: string, error: Error) => void): unknown;
}

/** Log a window's console errors, its crashes and a failing preload. */
export function attachWebContentsLogging(contents: LoggableWebContents, log: AppLog): void {
  contents.on('console-message', (details) => {
    if (details.level === 'error') log.error('renderer', details.message);
  });
  contents.on('render-process-gone', (_event, details) =>
    log.error('renderer', `the window's process ended: ${details.reason}`),
  );
  contents.on('preload-error', (_event, preloadPath, error) =>
    log.error('preload', `${path.basename(preloadPath)}: ${error.message}`),
  );
}

/** Log the main process's uncaught errors and rejected promises, and everything it prints with console.error. */
export function captureMainErrors(log: AppLog, proc: NodeJS.Process = process, con: Console = console): void {
  const original = con.error.bind(con);
  proc.on('uncaughtException', (error) => {
    log.error('main', error);
    original('Uncaught exception in the main process:', error);
  });
  proc.on('unhandledRejection', (reason) => {
    log.error('main', reason);
    original('Unhandled rejection in the main process:', reason);
  });
  con.error = (...args: unknown[]) => {
    log.error('main', args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));
    original(...args);
  };
}
