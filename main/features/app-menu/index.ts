/** Electron edge of the application menu. */
import { app, Menu } from 'electron';
import { buildMenuTemplate } from './template';

/** Install the native menu and the About panel's contents. */
export function setupAppMenu(isDev: boolean): void {
  app.setAboutPanelOptions({
    applicationName: 'Cascade Drill',
    applicationVersion: app.getVersion(),
    copyright: 'Cascade Drill team',
    credits: 'An incident-training simulator of the Skype December 2010 outage.',
  });
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate({ isDev, platform: process.platform, appName: app.getName() })),
  );
}
