import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../preload/contract';
import { tempDir } from '../../test/temp-dir';
import { parseSettings, setupSettings, SETTINGS_FILE } from './index';

describe('parseSettings', () => {
  it('gives defaults for non-objects', () => {
    for (const raw of [undefined, null, 42, 'dark', [1]])
      expect(parseSettings(raw)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid fields and resets only the invalid ones', () => {
    expect(parseSettings({ theme: 'light', reducedMotion: 'yes', lastScenarioId: 'skype-2010' })).toEqual({
      theme: 'light',
      reducedMotion: false,
      lastScenarioId: 'skype-2010',
    });
  });

  it('drops unknown keys', () => {
    expect(parseSettings({ theme: 'dark', injected: '<script>' })).toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'dark',
    });
  });
});

describe('settings store', () => {
  it('reads defaults when the file is missing or corrupt', async () => {
    const dir = tempDir();
    const store = setupSettings(dir);
    expect(await store.read()).toEqual(DEFAULT_SETTINGS);
    writeFileSync(path.join(dir, SETTINGS_FILE), '{ not json');
    expect(await store.read()).toEqual(DEFAULT_SETTINGS);
  });

  it('merges a patch, persists it and survives a new store instance', async () => {
    const dir = tempDir();
    const written = await setupSettings(dir).write({ theme: 'dark' });
    expect(written).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark' });
    expect(await setupSettings(dir).read()).toEqual(written);
    expect(JSON.parse(readFileSync(path.join(dir, SETTINGS_FILE), 'utf8'))).toEqual(written);
  });

  it('applies quick successive patches in order without losing one', async () => {
    const dir = tempDir();
    const store = setupSettings(dir);
    await Promise.all([store.write({ theme: 'light' }), store.write({ reducedMotion: true })]);
    expect(await store.read()).toEqual({ ...DEFAULT_SETTINGS, theme: 'light', reducedMotion: true });
  });

  it('rejects invalid patches and leaves the file untouched', async () => {
    const dir = tempDir();
    const store = setupSettings(dir);
    await store.write({ reducedMotion: true });
    const before = readFileSync(path.join(dir, SETTINGS_FILE), 'utf8');
    await expect(store.write({ theme: 'neon' })).rejects.toThrow();
    await expect(store.write({ unknownKey: 1 })).rejects.toThrow();
    await expect(store.write({ lastScenarioId: '../../etc/passwd' })).rejects.toThrow();
    await expect(store.write('theme=dark')).rejects.toThrow();
    expect(readFileSync(path.join(dir, SETTINGS_FILE), 'utf8')).toBe(before);
  });
});
