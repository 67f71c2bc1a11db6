/**
 * Boot order, the same in Electron and in a browser: pick the platform, read settings, start the sim
 * host, mount the drill screen. Only `platform/` knows which home this is.
 */
import { detectPlatform } from './platform';
import { createWorkerSimHost } from './host/sim-host';
import { createDrillScreen } from './screens/drill-screen';
import { installTestHook, testHookRequested } from './test-hook';

/** Placeholder run: a small network (1% of full size), a fixed seed, a few simulated minutes per frame. */
const PLACEHOLDER = { seed: 20101222, scale: 0.01, ticksPerFrame: 4 } as const;

/** Boots the app into `root`. Failures end up on screen and in the console, never as a blank page. */
export async function boot(root: HTMLElement, win: Window): Promise<void> {
  const platform = detectPlatform(win);
  const [info, settings] = await Promise.all([platform.shellInfo(), platform.readSettings()]);
  const reducedMotion = settings.reducedMotion || win.matchMedia('(prefers-reduced-motion: reduce)').matches;
  win.document.documentElement.dataset.platform = platform.kind;

  const screen = createDrillScreen(root, {
    host: createWorkerSimHost(),
    ...PLACEHOLDER,
    reducedMotion,
    footer: `${info.name} ${info.version} · ${info.electron ? `Electron ${info.electron}` : 'browser mode'}`,
  });
  if (testHookRequested(win.location.search)) installTestHook(win, screen.probe);
  await screen.start();
  root.removeAttribute('aria-busy');
}
