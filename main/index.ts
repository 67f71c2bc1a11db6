/**
 * Electron main process: the boot order, and nothing else. Each step lives in window/, ipc/ or
 * features/<x>/; read this file top to bottom to know what happens when the app starts.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, screen, session, webContents } from 'electron';
import { setupAppInfo } from './features/app-info';
import { setupAppMenu } from './features/app-menu';
import { setupReportExport } from './features/report-export';
import { setupSessions } from './features/sessions';
import { setupSettings } from './features/settings';
import { setupSingleInstance } from './features/single-instance';
import { setupWindowState } from './features/window-state';
import { setupIpc } from './ipc';
import { reportIpcHandlers } from './ipc/report-export';
import { sessionIpcHandlers } from './ipc/sessions';
import { registerAppScheme, serveAppProtocol } from './window/app-protocol';
import { createMainWindow } from './window/main-window';
import { hardenSession, hardenWebContents } from './window/policy';

// Bundled to dist/main/index.cjs; the renderer build sits beside it in dist/renderer (also inside app.asar).
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
const PRELOAD_PATH = path.join(__dirname, 'preload.cjs');
const IS_DEV = !app.isPackaged;

let mainWindow: BrowserWindow | null = null;

// 1. Before ready: the privileged scheme, the single-instance lock, and hardening of every WebContents.
registerAppScheme();
if (setupSingleInstance(app, focusMainWindow)) {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
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
  setupAppMenu(IS_DEV);

  const initial = await windowState.load(screen.getAllDisplays().map((display) => display.workArea));
  mainWindow = createMainWindow({ preloadPath: PRELOAD_PATH, ...initial });
  windowState.track(mainWindow);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
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
