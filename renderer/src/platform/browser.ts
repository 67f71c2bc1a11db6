import type { SettingsPatch } from './contract';
import { createBrowserReports, type ReportWindow } from './reports';
import { applySettingsPatch, parseStoredSettingsJson } from './settings';
import { createSessionStorage, memoryKeyValueStore, type KeyValueStore } from './session-store';
import type { Platform } from './types';

const SETTINGS_KEY = 'cascade-drill.settings.v1';

/**
 * Browser mode: settings in localStorage, sessions in IndexedDB (`sessionKv`; in memory when the browser
 * offers none, so a drill still runs but is not kept), reports as downloads and the browser's print dialog
 * (through `win`, read only when a report is exported), name and version from build constants.
 */
export function createBrowserPlatform(
  storage: Storage | undefined,
  sessionKv?: KeyValueStore,
  win?: ReportWindow,
): Platform {
  const read = () => parseStoredSettingsJson(safeGet(storage, SETTINGS_KEY));
  return {
    kind: 'browser',
    sessions: createSessionStorage(sessionKv ?? memoryKeyValueStore()),
    reports: createBrowserReports(win ?? (globalThis as unknown as ReportWindow)),
    shellInfo: () =>
      Promise.resolve({ kind: 'browser', name: __APP_NAME__, version: __APP_VERSION__, electron: null }),
    readSettings: () => Promise.resolve(read()),
    writeSettings: async (patch: SettingsPatch) => {
      const next = applySettingsPatch(read(), patch);
      try {
        storage?.setItem(SETTINGS_KEY, JSON.stringify(next));
      } catch {
        // Storage can be full or disabled (private windows); losing a preference is not worth a crash.
      }
      return next;
    },
  };
}

function safeGet(storage: Storage | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
