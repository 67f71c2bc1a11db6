import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, IPC_CHANNELS, ipcContract, SettingsSchema, type CascadeBridge } from './contract';

describe('IPC contract', () => {
  it('maps every channel to a distinct bridge verb', () => {
    const verbs = IPC_CHANNELS.map((channel) => ipcContract[channel].verb);
    expect(new Set(verbs).size).toBe(verbs.length);
    expect(verbs.sort()).toEqual([
      'autosaveSession',
      'closeSession',
      'discardAutosave',
      'getAppInfo',
      'listSessions',
      'loadSession',
      'readSettings',
      'recoverableSessions',
      'saveReport',
      'saveReportPdf',
      'saveSession',
      'writeSettings',
    ]);
  });

  it('has complete, valid default settings', () => {
    expect(SettingsSchema.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
  });

  it('stays importable by the renderer: no runtime imports besides zod and the pure session schema', () => {
    const source = readFileSync(path.join(__dirname, 'contract.ts'), 'utf8');
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)]
      .filter((match) => !match[1])
      .map((match) => match[2]);
    expect(imports).toEqual(['zod', '../../sim-core/src/sessions/schema']);
  });

  it('derives the bridge type from the contract (compile-time check)', () => {
    // If the contract and the bridge type drift apart, this assignment stops compiling (tsc -p main).
    const bridge: CascadeBridge = {
      getAppInfo: async () => ({ name: 'n', version: 'v', electron: 'e', platform: 'p' }),
      readSettings: async () => DEFAULT_SETTINGS,
      writeSettings: async (patch) => ({ ...DEFAULT_SETTINGS, ...patch }),
      saveSession: async () => Promise.reject(new Error('unused')),
      loadSession: async () => Promise.reject(new Error('unused')),
      listSessions: async () => [],
      recoverableSessions: async () => [],
      autosaveSession: async () => Promise.reject(new Error('unused')),
      closeSession: async () => Promise.reject(new Error('unused')),
      discardAutosave: async () => null,
      saveReport: async () => ({ saved: false }),
      saveReportPdf: async () => ({ saved: false }),
    };
    expect(Object.keys(bridge)).toHaveLength(IPC_CHANNELS.length);
  });
});
