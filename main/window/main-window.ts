/** The one application window, with the secure defaults spelled out rather than trusted to Electron's. */
import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-content';
import { MIN_SIZE, type Rect } from '../features/window-state';
import { DISABLED_BLINK_FEATURES } from './policy';

/** Inputs for {@link createMainWindow}. */
export interface MainWindowOptions {
  /** Absolute path of the bundled preload (dist/main/preload.cjs). */
  preloadPath: string;
  /** Initial size, and position when one was remembered and is visible. */
  bounds: Partial<Rect> & Pick<Rect, 'width' | 'height'>;
  isMaximized: boolean;
}

/** Create the main window and load the app into it; it is shown once the first frame is ready. */
export function createMainWindow({ preloadPath, bounds, isMaximized }: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...bounds,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Cascade Drill',
    backgroundColor: '#0b1420',
    // Shown on ready-to-show to avoid a white flash before the dark UI paints.
    show: false,
    // Written out literally (not built by a helper) so electronegativity, which reads this source, sees them.
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      disableBlinkFeatures: DISABLED_BLINK_FEATURES,
    },
  });
  win.once('ready-to-show', () => {
    if (isMaximized) win.maximize();
    win.show();
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
