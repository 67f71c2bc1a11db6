import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate, recentLabel, type MenuActions } from './template';

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

  it('has Open…, Open Recent (newest first, clearable) and Help → Show Logs / Copy Diagnostics', () => {
    const calls: string[] = [];
    const actions: MenuActions = {
      openFile: () => calls.push('open'),
      recentFiles: ['/drills/b.cdsession', '/drills/a & b.cdsession'],
      openRecent: (file) => calls.push(`recent ${file}`),
      clearRecent: () => calls.push('clear'),
      showLogs: () => calls.push('logs'),
      copyDiagnostics: () => calls.push('diag'),
    };
    const template = buildMenuTemplate({ isDev: false, platform: 'linux', appName: 'x', actions });
    const file = template[0]!.submenu as MenuItemConstructorOptions[];
    expect(file.map((item) => item.label ?? item.role ?? item.type)).toEqual([
      '&Open Session File…',
      'Open &Recent',
      'separator',
      'quit',
    ]);
    expect(file[0]!.accelerator).toBe('CmdOrCtrl+O');
    const recent = file[1]!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((item) => item.label ?? item.type)).toEqual([
      'b.cdsession  —  /drills',
      'a && b.cdsession  —  /drills',
      'separator',
      '&Clear Recently Opened',
    ]);
    const click = (item: MenuItemConstructorOptions): void => (item.click as () => void)();
    click(file[0]!);
    click(recent[1]!);
    click(recent[3]!);
    const help = template.at(-1)?.submenu as MenuItemConstructorOptions[];
    expect(help.map((item) => item.label ?? item.role ?? item.type)).toEqual([
      'Show &Logs',
      '&Copy Diagnostics',
      'separator',
      'about',
    ]);
    click(help[0]!);
    click(help[1]!);
    expect(calls).toEqual(['open', 'recent /drills/a & b.cdsession', 'clear', 'logs', 'diag']);
  });

  it('says when there is nothing recent, and offers updates only with a configured feed', () => {
    const base: MenuActions = {
      openFile() {},
      recentFiles: [],
      openRecent() {},
      clearRecent() {},
      showLogs() {},
      copyDiagnostics() {},
    };
    const template = buildMenuTemplate({ isDev: false, platform: 'darwin', appName: 'x', actions: base });
    const file = template[1]!.submenu as MenuItemConstructorOptions[];
    const recent = file[1]!.submenu as MenuItemConstructorOptions[];
    expect(recent[0]!).toEqual({ label: 'No recent session files', enabled: false });
    expect(recent.at(-1)?.enabled).toBe(false);
    const help = (t: MenuItemConstructorOptions[]) =>
      (t.at(-1)?.submenu as MenuItemConstructorOptions[]).map((i) => i.label);
    expect(help(template)).not.toContain('Check for &Updates…');
    const withFeed = buildMenuTemplate({
      isDev: false,
      platform: 'darwin',
      appName: 'x',
      actions: { ...base, checkForUpdates() {} },
    });
    expect(help(withFeed)).toContain('Check for &Updates…');
    expect(recentLabel('C:\\Drills\\one.cdsession')).toBe('one.cdsession  —  C:\\Drills');
  });
});
