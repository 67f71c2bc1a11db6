import type { CascadeBridge, CascadeBridgeEvents } from './contract';
import { createElectronReports } from './reports';
import type { Platform } from './types';

/** Electron mode: everything goes through the preload bridge; main validates and persists. */
export function createElectronPlatform(bridge: CascadeBridge & Partial<CascadeBridgeEvents>): Platform {
  const onOpenSessionFile = bridge.onOpenSessionFile;
  return {
    ...(onOpenSessionFile ? { onOpenSessionFile: (listener) => onOpenSessionFile(listener) } : {}),
    kind: 'electron',
    shellInfo: async () => {
      const info = await bridge.getAppInfo();
      return { kind: 'electron', name: info.name, version: info.version, electron: info.electron };
    },
    readSettings: () => bridge.readSettings(),
    writeSettings: (patch) => bridge.writeSettings(patch),
    sessions: {
      save: (s) => bridge.saveSession(s),
      load: (id) => bridge.loadSession(id),
      list: () => bridge.listSessions(),
      recoverable: () => bridge.recoverableSessions(),
      autosave: (s) => bridge.autosaveSession(s),
      close: (s) => bridge.closeSession(s),
      discardAutosave: async (id) => void (await bridge.discardAutosave(id)),
    },
    reports: createElectronReports(bridge),
  };
}
