/**
 * What the renderer needs from its host, whichever host it is. Settings types come from the preload
 * contract (the single source); only the renderer's own notion of "where am I" is defined here.
 */
import type { Settings, SettingsPatch } from './contract';
import type { SessionStorage } from './session-store';

export type { SessionStorage } from './session-store';

/** Which home the renderer booted in. */
export type PlatformKind = 'electron' | 'browser';

/** Name and version for the footer and about box, plus the shell they came from. */
export interface ShellInfo {
  readonly kind: PlatformKind;
  readonly name: string;
  readonly version: string;
  /** Electron's version, or null in a plain browser. */
  readonly electron: string | null;
}

/** The renderer's view of its host. One implementation per home, chosen once in `detectPlatform`. */
export interface Platform {
  readonly kind: PlatformKind;
  shellInfo(): Promise<ShellInfo>;
  readSettings(): Promise<Settings>;
  writeSettings(patch: SettingsPatch): Promise<Settings>;
  /** Saved drills and autosaves: the app's data folder (Electron) or IndexedDB (browser). */
  readonly sessions: SessionStorage;
}
