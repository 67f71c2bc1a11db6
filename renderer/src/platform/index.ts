/**
 * The one place that knows whether the renderer runs inside Electron or in a plain browser. Everything
 * else asks the returned {@link Platform} and boots the same way in both.
 */
import { BRIDGE_KEY, ipcContract, type CascadeBridge } from './contract';
import { createBrowserPlatform } from './browser';
import { createElectronPlatform } from './electron';
import { openIndexedDbStore } from './indexeddb';
import type { ReportWindow } from './reports';
import type { Platform } from './types';

export type {
  ExportResult,
  Platform,
  PlatformKind,
  ReportExports,
  ReportKind,
  SessionStorage,
  ShellInfo,
} from './types';

/** Bridge verbs, derived from the contract so a new channel needs no edit here. */
const VERBS: readonly string[] = Object.values(ipcContract).map((c) => c.verb);

/** True when `value` has every bridge verb as a function (the preload's contextBridge object). */
export function isCascadeBridge(value: unknown): value is CascadeBridge {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const v = value as Record<string, unknown>;
  return VERBS.every((verb) => typeof v[verb] === 'function');
}

/** Picks the platform: the preload bridge on `window.cascade` means Electron, its absence a browser. */
export function detectPlatform(win: Window): Platform {
  const bridge: unknown = (win as unknown as Record<string, unknown>)[BRIDGE_KEY];
  if (isCascadeBridge(bridge)) return createElectronPlatform(bridge);
  let storage: Storage | undefined;
  try {
    storage = win.localStorage;
  } catch {
    storage = undefined; // access can throw under strict storage policies
  }
  let idb: IDBFactory | undefined;
  try {
    idb = win.indexedDB ?? undefined;
  } catch {
    idb = undefined; // likewise: some privacy modes throw on access
  }
  // `window` is the global object: it carries URL and the timers the report download uses.
  return createBrowserPlatform(
    storage,
    idb ? openIndexedDbStore(idb) : undefined,
    win as unknown as ReportWindow,
  );
}
