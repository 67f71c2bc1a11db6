/**
 * One running Cascade Drill per user: a second launch hands over to the first (which comes to the front)
 * and quits, so two windows never race to write the same settings and bounds files. The second launch's
 * command line is forwarded, so double-clicking a session file while the app runs opens it there.
 */
import type { App } from 'electron';

/**
 * Take the single-instance lock. Returns `false` in a second instance, which has already been told to quit
 * and must not continue booting; in the first instance, `onSecondLaunch` runs whenever another launch is
 * attempted, with that launch's arguments and working directory (to resolve relative file paths).
 */
export function setupSingleInstance(
  app: Pick<App, 'requestSingleInstanceLock' | 'quit' | 'on'>,
  onSecondLaunch: (argv: string[], workingDirectory: string) => void,
): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', (_event, argv, workingDirectory) => onSecondLaunch(argv, workingDirectory));
  return true;
}
