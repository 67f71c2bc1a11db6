/**
 * Boot order, the same in Electron and in a browser: pick the platform, read settings and URL options,
 * start the screen flow, install the test hook and bench hook when asked. Only `platform/` knows which
 * home this is.
 */
import { detectPlatform } from './platform';
import { startApp } from './screens/app';
import { startTeamApp } from './screens/team-app';
import { parseTeamHash } from './team-url';
import { installTestHook, testHookRequested } from './test-hook';
import { parseUrlOptions } from './url-options';

/** Boots the app into `root`. Failures end up on screen and in the console, never as a blank page. */
export async function boot(root: HTMLElement, win: Window): Promise<void> {
  const platform = detectPlatform(win);
  const [info, settings] = await Promise.all([platform.shellInfo(), platform.readSettings()]);
  const url = parseUrlOptions(win.location.search);
  const reducedMotion = settings.reducedMotion || win.matchMedia('(prefers-reduced-motion: reduce)').matches;
  win.document.documentElement.dataset.platform = platform.kind;
  win.document.documentElement.classList.toggle('reduced-motion', reducedMotion);

  const team = parseTeamHash(win.location.hash);
  if (team) {
    const seat = startTeamApp(root, win, team, {
      reducedMotion,
      footer: `${info.name} ${info.version} · team drill`,
    });
    if (testHookRequested(win.location.search)) installTestHook(win, seat.probe);
    root.removeAttribute('aria-busy');
    return;
  }
  const app = startApp(root, {
    seed: url.seed,
    scale: url.scale,
    reducedMotion,
    projector: url.projector,
    footer: `${info.name} ${info.version} · ${info.electron ? `Electron ${info.electron}` : 'browser mode'}`,
    onProjector: () => undefined,
  });
  if (testHookRequested(win.location.search)) installTestHook(win, app.probe);
  if (url.bench)
    Object.defineProperty(win, '__bench', {
      value: { get: () => app.bench() },
      writable: false,
      enumerable: false,
    });
  root.removeAttribute('aria-busy');
}
