/**
 * Updates through electron-updater, from a feed the installing organisation configures; off by default.
 *
 * Labs are often offline and a drill must never change under its participants, so:
 * - No feed is built into the package (electron-builder `publish: null`, no app-update.yml). Updates are on
 *   only where an administrator puts a feed file on the machine ({@link updateFeedFile}):
 *   `{ "url": "https://updates.example.org/cascade-drill/", "checkOnStart": true }` (https only; a
 *   generic electron-builder feed: latest.yml / latest-linux.yml / latest-mac.yml beside the installers).
 * - Nothing is downloaded or installed without the user saying so: `autoDownload` and
 *   `autoInstallOnAppQuit` are off. A found update is offered in a dialog; once downloaded, the user
 *   chooses "Restart and install" (which warns that a running drill ends) or "When I quit". The app is never
 *   replaced while it runs unless the user asked for exactly that.
 *
 * Electron-free: electron-updater's autoUpdater and the dialog come in as small interfaces.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The organisation's feed file, machine-wide (administrators write it; users cannot point it elsewhere). */
export function updateFeedFile(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') {
    return path.win32.join(env.ProgramData ?? 'C:\\ProgramData', 'Cascade Drill', 'update-feed.json');
  }
  if (platform === 'darwin') return '/Library/Application Support/Cascade Drill/update-feed.json';
  return '/etc/cascade-drill/update-feed.json';
}

const FeedSchema = z.strictObject({
  url: z
    .url({ protocol: /^https$/, error: 'the feed url must be an https:// address' })
    .max(2048, 'the feed url is longer than 2048 characters'),
  checkOnStart: z.boolean().default(true),
});

/** What the feed file says. */
export type UpdateFeed =
  | { kind: 'off'; reason: string }
  | { kind: 'on'; url: string; checkOnStart: boolean }
  | { kind: 'invalid'; message: string };

/** Read the feed file. Missing means off (the default); present but wrong is `invalid`, never a guess. */
export function loadUpdateFeed(
  file: string,
  read: (file: string) => string = (f) => readFileSync(f, 'utf8'),
): UpdateFeed {
  let text: string;
  try {
    text = read(file);
  } catch {
    return { kind: 'off', reason: `no update feed is configured (${file})` };
  }
  if (text.length > 64 * 1024) return { kind: 'invalid', message: `${file} is larger than 64 KB` };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', message: `${file} is not valid JSON` };
  }
  const parsed = FeedSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    return { kind: 'invalid', message: `${file}: ${where}${issue?.message ?? 'invalid'}` };
  }
  return { kind: 'on', url: parsed.data.url, checkOnStart: parsed.data.checkOnStart };
}

/** The slice of electron-updater's autoUpdater used here. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<{ isUpdateAvailable?: boolean; updateInfo: { version: string } } | null>;
  downloadUpdate(): Promise<unknown>;
  quitAndInstall(): void;
}

/** Asks the user; resolves with the index of the button chosen. */
export type Ask = (options: { message: string; detail: string; buttons: string[] }) => Promise<number>;

/** The update feature: what Help → Check for Updates… and the start-up check call. */
export interface Updates {
  /** `interactive`: the user asked, so "you are up to date" and failures are said too. */
  check(interactive: boolean): Promise<void>;
}

/** Set up updates on a configured feed. Call only for `{ kind: 'on' }`. */
export function setupUpdates(
  updater: UpdaterLike,
  feed: Extract<UpdateFeed, { kind: 'on' }>,
  deps: {
    currentVersion: string;
    ask: Ask;
    tell: (message: string, detail?: string) => void;
    log: (m: string) => void;
  },
): Updates {
  updater.autoDownload = false;
  updater.autoInstallOnAppQuit = false;
  updater.setFeedURL({ provider: 'generic', url: feed.url });
  let busy = false;
  return {
    async check(interactive) {
      if (busy) return;
      busy = true;
      try {
        const result = await updater.checkForUpdates();
        const version = result?.updateInfo.version;
        if (!result || result.isUpdateAvailable === false || !version || version === deps.currentVersion) {
          if (interactive) deps.tell(`Cascade Drill ${deps.currentVersion} is up to date.`);
          return;
        }
        const download = await deps.ask({
          message: `Cascade Drill ${version} is available (you have ${deps.currentVersion}).`,
          detail: 'Download it now? Nothing is installed until you choose to.',
          buttons: ['Download', 'Not now'],
        });
        if (download !== 0) return;
        await updater.downloadUpdate();
        const install = await deps.ask({
          message: `Cascade Drill ${version} is downloaded.`,
          detail:
            'Restarting now ends any drill in progress (it is autosaved and can be resumed). ' +
            'Or it is installed the next time you quit.',
          buttons: ['When I quit', 'Restart and install now'],
        });
        if (install === 1) updater.quitAndInstall();
        else updater.autoInstallOnAppQuit = true;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        deps.log(`update check failed: ${message}`);
        if (interactive) deps.tell('Could not check for updates.', message.split('\n')[0]);
      } finally {
        busy = false;
      }
    },
  };
}
