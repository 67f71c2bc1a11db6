/**
 * User settings, stored as JSON in userData. Plain Node: the IPC layer wires it to the renderer, tests use
 * it with a temp directory.
 */
import path from 'node:path';
import { writeFileAtomic, readJsonLenient } from '../../lib/atomic-file';
import {
  DEFAULT_SETTINGS,
  SettingsPatchSchema,
  SettingsSchema,
  type Settings,
  type SettingsPatch,
} from '../../preload/contract';

/** File name of the settings file inside the userData directory. */
export const SETTINGS_FILE = 'settings.json';

/**
 * Turn whatever was on disk into complete settings. Valid fields survive, invalid or unknown ones fall back
 * to their defaults one by one, so one bad value (say, from a newer version) does not reset everything.
 */
export function parseSettings(raw: unknown): Settings {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ...DEFAULT_SETTINGS };
  const whole = SettingsSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const record = raw as Record<string, unknown>;
  const result: Settings = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(SettingsSchema.shape) as (keyof Settings)[]) {
    const field = SettingsSchema.shape[key].safeParse(record[key]);
    if (field.success) (result as Record<keyof Settings, unknown>)[key] = field.data;
  }
  return result;
}

/** Read/patch access to the settings file. */
export interface SettingsStore {
  /** Current settings; defaults if the file is missing or corrupt. */
  read(): Promise<Settings>;
  /** Validate `patch` (throws on invalid input), merge it into the stored settings and persist atomically. */
  write(patch: unknown): Promise<Settings>;
}

/**
 * Create the settings store for `userDataDir`. Writes are serialised through one promise chain so two quick
 * patches cannot interleave their read-merge-write and lose an update.
 */
export function setupSettings(userDataDir: string): SettingsStore {
  const file = path.join(userDataDir, SETTINGS_FILE);
  let queue: Promise<unknown> = Promise.resolve();

  const read = async (): Promise<Settings> => parseSettings(await readJsonLenient(file));

  const write = (patch: unknown): Promise<Settings> => {
    // Parse before queueing: a bad payload is rejected at once and never touches the file.
    const result = SettingsPatchSchema.safeParse(patch);
    if (!result.success) {
      const issue = result.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
      return Promise.reject(
        new Error(`invalid settings patch${where}: ${issue?.message ?? 'invalid input'}`),
      );
    }
    const parsed: SettingsPatch = result.data;
    const next = queue.then(async () => {
      const merged: Settings = { ...(await read()), ...parsed };
      await writeFileAtomic(file, `${JSON.stringify(merged, null, 2)}\n`);
      return merged;
    });
    queue = next.catch(() => undefined);
    return next;
  };

  return { read, write };
}
