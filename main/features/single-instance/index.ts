/**
 * One running Cascade Drill per user: a second launch hands over to the first (which comes to the front)
 * and quits, so two windows never race to write the same settings and bounds files.
 */
import type { App } from 'electron';

/**
 * Take the single-instance lock. Returns `false` in a second instance, which has already been told to quit
 * and must not continue booting; in the first instance, `focusExisting` runs whenever another launch is
 * attempted.
 */
export function setupSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  focusExisting: () => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focusExisting());
  return true;
}
