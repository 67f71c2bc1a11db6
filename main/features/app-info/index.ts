/** Facts about the running shell that the renderer shows (About box, debrief footer, bug reports). */
import type { App } from 'electron';
import type { AppInfo } from '../../preload/contract';

/** Build the {@link AppInfo} answer from the app object and the process it runs in. */
export function setupAppInfo(
  app: Pick<App, 'getName' | 'getVersion'>,
  proc: { versions: NodeJS.ProcessVersions; platform: NodeJS.Platform } = process,
): () => AppInfo {
  // Fixed for the life of the process, so computed once.
  const info: AppInfo = {
    name: app.getName(),
    version: app.getVersion(),
    electron: proc.versions.electron ?? 'unknown',
    platform: proc.platform,
  };
  return () => ({ ...info });
}
