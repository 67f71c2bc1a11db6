import { describe, expect, it, vi } from 'vitest';
import { ipcContract } from './contract';
import { detectPlatform, isCascadeBridge } from './index';

const fn = () => Promise.resolve();
/** An object with every bridge verb of the contract. */
const fullBridge = (): Record<string, unknown> =>
  Object.fromEntries(Object.values(ipcContract).map((c) => [c.verb, fn]));

describe('isCascadeBridge', () => {
  it('accepts an object with every verb', () => {
    expect(isCascadeBridge(fullBridge())).toBe(true);
  });

  it('rejects anything partial or foreign', () => {
    expect(isCascadeBridge(undefined)).toBe(false);
    expect(isCascadeBridge({ getAppInfo: fn })).toBe(false);
    expect(isCascadeBridge({ getAppInfo: fn, readSettings: fn, writeSettings: fn })).toBe(false);
    expect(isCascadeBridge({ ...fullBridge(), saveSession: 'x' })).toBe(false);
  });
});

describe('detectPlatform', () => {
  it('chooses Electron when the preload bridge is present', () => {
    const win = { cascade: fullBridge() } as unknown as Window;
    expect(detectPlatform(win).kind).toBe('electron');
  });

  it('chooses the browser otherwise, even without usable storage', () => {
    const win = {
      get localStorage(): Storage {
        throw new Error('denied');
      },
    } as unknown as Window;
    expect(detectPlatform(win).kind).toBe('browser');
  });

  it('gives both homes a reports member; Electron exports through the bridge', async () => {
    const saveReport = vi.fn(async () => ({ saved: false }));
    const win = { cascade: { ...fullBridge(), saveReport } } as unknown as Window;
    const reports = detectPlatform(win).reports;
    await expect(reports.save('json', 'a.json', '{}')).resolves.toEqual({ saved: false });
    expect(saveReport).toHaveBeenCalledWith({ kind: 'json', suggestedName: 'a.json', content: '{}' });
    expect(typeof detectPlatform({} as Window).reports.pdf).toBe('function');
  });
});
