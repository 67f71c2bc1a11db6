import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './template';

function roles(items: MenuItemConstructorOptions[]): string[] {
  return items.flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

describe('application menu', () => {
  it('has File (Quit), View (full screen, zoom), Window and Help (About) on Linux/Windows', () => {
    const template = buildMenuTemplate({ isDev: false, platform: 'linux', appName: 'Cascade Drill' });
    expect(template.map((item) => item.label ?? item.role)).toEqual(['&File', '&View', 'windowMenu', 'help']);
    expect(roles(template)).toEqual(
      expect.arrayContaining(['quit', 'togglefullscreen', 'resetZoom', 'zoomIn', 'zoomOut', 'about']),
    );
    const quit = (template[0]!.submenu as MenuItemConstructorOptions[])[0]!;
    expect(quit.accelerator).toBe('CmdOrCtrl+Q');
  });

  it('offers reload and DevTools only in development', () => {
    const prod = roles(buildMenuTemplate({ isDev: false, platform: 'win32', appName: 'x' }));
    const dev = roles(buildMenuTemplate({ isDev: true, platform: 'win32', appName: 'x' }));
    expect(prod).not.toContain('reload');
    expect(prod).not.toContain('toggleDevTools');
    expect(dev).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('puts About and Quit in the app menu on macOS', () => {
    const template = buildMenuTemplate({ isDev: false, platform: 'darwin', appName: 'Cascade Drill' });
    expect(template[0]!.label).toBe('Cascade Drill');
    expect(roles([template[0]!])).toEqual(expect.arrayContaining(['about', 'quit']));
  });
});
