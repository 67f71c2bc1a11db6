/** Electron edge of the application menu. */
import { app, Menu } from 'electron';
import { buildMenuTemplate, type MenuActions } from './template';

/** Install the native menu and the About panel's contents; returns a function that rebuilds the menu. */
export function setupAppMenu(isDev: boolean, actions?: () => MenuActions): () => void {
  app.setAboutPanelOptions({
    applicationName: 'Cascade Drill',
    applicationVersion: app.getVersion(),
    copyright: 'Cascade Drill team',
    credits: 'An incident-training simulator of the Skype December 2010 outage.',
  });
  const install = (): void =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        buildMenuTemplate({
          isDev,
          platform: process.platform,
          appName: app.getName(),
          actions: actions?.(),
        }),
      ),
    );
  install();
  return install;
}
