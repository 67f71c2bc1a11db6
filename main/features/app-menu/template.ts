/**
 * The native menu as data. Standard roles wherever one exists, because roles bring the platform's own
 * labels, accelerators and behaviour (and work with the window focused or not). Electron-free apart from
 * types, so tests can read the template.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** What the menu's own items do (the Electron edge supplies them). Optional so a bare menu still builds. */
export interface MenuActions {
  openFile(): void;
  /** Newest first. */
  recentFiles: readonly string[];
  openRecent(file: string): void;
  clearRecent(): void;
  showLogs(): void;
  copyDiagnostics(): void;
  /** Present only when the organisation configured an update feed. */
  checkForUpdates?: () => void;
}

/** Menu label of a recent file: its name, then its folder (two files of one name stay apart). */
export function recentLabel(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const name = file.slice(slash + 1);
  const folder = slash > 0 ? file.slice(0, slash) : '';
  // `&` marks an access key in menu labels; double it so names show as written.
  return `${name}${folder ? `  —  ${folder}` : ''}`.replace(/&/g, '&&');
}

/** Inputs that change the menu. */
export interface MenuOptions {
  /** Development build: adds reload and DevTools, which a drill participant must not trip over. */
  isDev: boolean;
  platform: NodeJS.Platform;
  appName: string;
  actions?: MenuActions;
}

/** Build the application menu template. */
export function buildMenuTemplate({
  isDev,
  platform,
  appName,
  actions,
}: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const fileItems: MenuItemConstructorOptions[] = actions
    ? [
        { label: '&Open Session File…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFile() },
        {
          label: 'Open &Recent',
          submenu: [
            ...(actions.recentFiles.length === 0
              ? [{ label: 'No recent session files', enabled: false }]
              : actions.recentFiles.map((file) => ({
                  label: recentLabel(file),
                  click: () => actions.openRecent(file),
                }))),
            { type: 'separator' },
            {
              label: '&Clear Recently Opened',
              enabled: actions.recentFiles.length > 0,
              click: () => actions.clearRecent(),
            },
          ],
        },
        { type: 'separator' },
      ]
    : [];
  const helpItems: MenuItemConstructorOptions[] = actions
    ? [
        { label: 'Show &Logs', click: () => actions.showLogs() },
        { label: '&Copy Diagnostics', click: () => actions.copyDiagnostics() },
        ...(actions.checkForUpdates
          ? [{ label: 'Check for &Updates…', click: actions.checkForUpdates } as MenuItemConstructorOptions]
          : []),
      ]
    : [];
  const devItems: MenuItemConstructorOptions[] = isDev
    ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }]
    : [];
  const template: MenuItemConstructorOptions[] = [
    // macOS puts About/Hide/Quit in the app menu; elsewhere Quit lives under File and About under Help.
    ...(isMac
      ? [
          {
            label: appName,
            submenu: [
              { role: 'about' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: '&File',
      submenu: [...fileItems, isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' }],
    },
    {
      label: '&View',
      submenu: [
        ...devItems,
        { role: 'togglefullscreen' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        ...helpItems,
        ...(isMac
          ? []
          : [...(helpItems.length ? [{ type: 'separator' } as const] : []), { role: 'about' } as const]),
      ],
    },
  ];
  return template;
}
