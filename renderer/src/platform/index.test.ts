import { describe, expect, it } from 'vitest';
import { detectPlatform, isCascadeBridge } from './index';

const fn = () => Promise.resolve();

describe('isCascadeBridge', () => {
  it('accepts an object with every verb', () => {
    expect(isCascadeBridge({ getAppInfo: fn, readSettings: fn, writeSettings: fn })).toBe(true);
  });

  it('rejects anything partial or foreign', () => {
    expect(isCascadeBridge(undefined)).toBe(false);
    expect(isCascadeBridge({ getAppInfo: fn })).toBe(false);
    expect(isCascadeBridge({ getAppInfo: fn, readSettings: fn, writeSettings: 'x' })).toBe(false);
  });
});

describe('detectPlatform', () => {
  it('chooses Electron when the preload bridge is present', () => {
    const win = { cascade: { getAppInfo: fn, readSettings: fn, writeSettings: fn } } as unknown as Window;
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
});
