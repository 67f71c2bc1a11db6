/**
 * Electron main process: the boot order, and nothing else. Each step lives in window/, ipc/ or
 * features/<x>/; read this file top to bottom to know what happens when the app starts.
 */
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, clipboard, dialog, screen, session, shell, webContents } from 'electron';
import { setupAppInfo } from './features/app-info';
import { setupAppMenu } from './features/app-menu';
import { setupReportExport } from './features/report-export';
import { setupSessions } from './features/sessions';
import { setupSettings } from './features/settings';
import { setupSingleInstance } from './features/single-instance';
import { sweepStartupTemps } from './features/temp-sweep';
import { setupWindowState } from './features/window-state';
import { attachWebContentsLogging, captureMainErrors, createAppLog, diagnosticsText } from './features/logs';
import { createFileOpener, sessionPathsFromArgv } from './features/open-file';
import { setupRecentFiles } from './features/recent-files';
import { loadUpdateFeed, setupUpdates, updateFeedFile, type Updates } from './features/updates';
import { setupIpc } from './ipc';
import { sendEvent } from './ipc/events';
import { reportIpcHandlers } from './ipc/report-export';
import { sessionIpcHandlers } from './ipc/sessions';
import { registerAppScheme, serveAppProtocol } from './window/app-protocol';
import { createMainWindow } from './window/main-window';
import { hardenSession, hardenWebContents } from './window/policy';
import { SESSION_FILE_EXTENSION } from './preload/contract';
import { builtinScenario } from '../sim-core/src/scenario/index';
import { modelVersion } from '../sim-core/src/scoring/version';

// Bundled to dist/main/index.cjs; the renderer build sits beside it in dist/renderer (also inside app.asar).
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const IS_DEV = !app.isPackaged;

let mainWindow: BrowserWindow | null = null;
let rememberFile: (file: string) => void = () => {};

// 0. Errors of both processes go to <userData>/logs from the first line on.
const log = createAppLog(path.join(app.getPath('userData'), 'logs'));
captureMainErrors(log);

// Session files from the desktop: validated, then handed to the window (queued until its page loads).
const opener = createFileOpener({
  send: (file) => {
    if (mainWindow && !mainWindow.isDestroyed())
      sendEvent(mainWindow.webContents, 'files:open-session', file);
  },
  showError: (message) => {
    const options = { type: 'warning' as const, message, buttons: ['OK'] };
    void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
  },
  remember: (file) => rememberFile(file),
  focus: focusMainWindow,
});
const openFromArgv = (argv: string[], cwd: string): void =>
  sessionPathsFromArgv(argv, cwd).forEach((file) => void opener.open(file));

// 1. Before ready: the privileged scheme, the single-instance lock (a second launch forwards its files),
//    macOS's open-file, and hardening and error logging of every WebContents.
registerAppScheme();
if (
  setupSingleInstance(app, (argv, cwd) => {
    focusMainWindow();
    openFromArgv(argv, cwd);
  })
) {
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void opener.open(file);
  });
  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents);
    attachWebContentsLogging(contents, log);
  });
  // A drill app with one window: closing it ends the session on every platform, macOS included.
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(boot)
    .catch((error: unknown) => fail(error));
}

// 2. After ready: content, security, persistence, IPC, menu, then the window.
async function boot(): Promise<void> {
  hardenSession(session.defaultSession);
  serveAppProtocol(RENDERER_ROOT);

  const userData = app.getPath('userData');
  // What a crash left behind: temp files in the data folders, PDF render folders (before anything writes).
  await sweepStartupTemps(userData, os.tmpdir()).catch((e: unknown) => console.error('[temp sweep]', e));
  const settings = setupSettings(userData);
  const windowState = setupWindowState(userData);
  const appInfo = setupAppInfo(app);
  const reports = setupReportExport({ app, dialog, BrowserWindow, session, webContents });

  setupIpc(
    {
      'app:get-info': appInfo,
      'settings:read': () => settings.read(),
      'settings:write': (patch) => settings.write(patch),
      ...sessionIpcHandlers(setupSessions(userData, (e) => console.error('[sessions]', e))),
      ...reportIpcHandlers(reports),
    },
    (id) => mainWindow !== null && !mainWindow.isDestroyed() && mainWindow.webContents.id === id,
  );
  const recent = setupRecentFiles(userData, () => refreshMenu());
  rememberFile = (file) => {
    recent.add(file);
    app.addRecentDocument(file);
  };
  const updates = await startUpdates();
  const refreshMenu = setupAppMenu(IS_DEV, () => ({
    openFile: () => void chooseSessionFile(),
    recentFiles: recent.list(),
    openRecent: (file) => void opener.open(file),
    clearRecent: () => {
      recent.clear();
      app.clearRecentDocuments();
    },
    showLogs: () => {
      mkdirSync(log.folder, { recursive: true });
      void shell.openPath(log.folder);
    },
    copyDiagnostics,
    ...(updates ? { checkForUpdates: () => void updates.check(true) } : {}),
  }));

  const initial = await windowState.load(screen.getAllDisplays().map((display) => display.workArea));
  mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, ...initial });
  windowState.track(mainWindow);
  mainWindow.webContents.on('did-finish-load', () => opener.windowReady());
  mainWindow.on('closed', () => {
    opener.windowGone();
    mainWindow = null;
  });
  // Windows and Linux pass a double-clicked file on the command line of the first launch.
  openFromArgv(process.argv.slice(1), process.cwd());
}

/** File → Open Session File…: the same checks as a double-click. */
async function chooseSessionFile(): Promise<void> {
  const options = {
    title: 'Open a session file',
    properties: ['openFile' as const],
    filters: [{ name: 'Cascade Drill session', extensions: [SESSION_FILE_EXTENSION, 'json'] }],
  };
  const result = await (mainWindow
    ? dialog.showOpenDialog(mainWindow, options)
    : dialog.showOpenDialog(options));
  if (!result.canceled && result.filePaths[0]) await opener.open(result.filePaths[0]);
}

/** Help → Copy Diagnostics: versions, platform, the last logged errors; no session content. */
function copyDiagnostics(): void {
  let model = 'unknown';
  try {
    model = modelVersion(builtinScenario('skype-2010'));
  } catch (error) {
    log.error('main', error);
  }
  const text = diagnosticsText(
    {
      appName: app.getName(),
      appVersion: app.getVersion(),
      modelVersion: model,
      electron: process.versions.electron ?? 'unknown',
      chrome: process.versions.chrome ?? 'unknown',
      node: process.versions.node,
      platform: process.platform,
      arch: process.arch,
      osRelease: os.release(),
      logFile: log.file,
    },
    log.recentEntries(20),
  );
  clipboard.writeText(text);
  const options = {
    type: 'info' as const,
    message: 'Diagnostics copied to the clipboard.',
    detail: text,
    buttons: ['OK'],
  };
  void (mainWindow ? dialog.showMessageBox(mainWindow, options) : dialog.showMessageBox(options));
}

/** Updates, only from a feed the organisation configured and only in the packaged app; null when off. */
async function startUpdates(): Promise<Updates | null> {
  const feed = loadUpdateFeed(updateFeedFile(process.platform, process.env));
  if (feed.kind === 'invalid') log.error('main', `updates are off: ${feed.message}`);
  if (feed.kind !== 'on' || !app.isPackaged) return null;
  const { autoUpdater } = await import('electron-updater');
  const ask = async (o: { message: string; detail: string; buttons: string[] }): Promise<number> => {
    const options = { type: 'question' as const, ...o, defaultId: 0, cancelId: o.buttons.length - 1 };
    const answer = await (mainWindow
      ? dialog.showMessageBox(mainWindow, options)
      : dialog.showMessageBox(options));
    return answer.response;
  };
  const updates = setupUpdates(autoUpdater, feed, {
    currentVersion: app.getVersion(),
    ask,
    tell: (message, detail) => void dialog.showMessageBox({ type: 'info', message, detail, buttons: ['OK'] }),
    log: (message) => log.error('main', message),
  });
  // Checked once the window is up; it only ever asks, never installs on its own.
  if (feed.checkOnStart) setTimeout(() => void updates.check(false), 15_000);
  return updates;
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function fail(error: unknown): void {
  console.error(`Cascade Drill failed to start: ${error instanceof Error ? error.message : String(error)}`);
  app.exit(1);
}
