/**
 * The native menu as data. Standard roles wherever one exists, because roles bring the platform's own
 * labels, accelerators and behaviour (and work with the window focused or not). Electron-free apart from
 * types, so tests can read the template.
 */
import type { MenuItemConstructorOptions } from 'electron';

/** Inputs that change the menu. */
export interface MenuOptions {
  /** Development build: adds reload and DevTools, which a drill participant must not trip over. */
  isDev: boolean;
  platform: NodeJS.Platform;
  appName: string;
}

/** Build the application menu template. */
export function buildMenuTemplate({ isDev, platform, appName }: MenuOptions): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
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
    { label: '&File', submenu: [isMac ? { role: 'close' } : { role: 'quit', accelerator: 'CmdOrCtrl+Q' }] },
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
    { role: 'help', submenu: isMac ? [] : [{ role: 'about' }] },
  ];
  return template;
}
