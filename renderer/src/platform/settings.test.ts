import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from './contract';
import { applySettingsPatch, parseStoredSettings, parseStoredSettingsJson } from './settings';

describe('parseStoredSettings', () => {
  it('keeps a valid object', () => {
    const s = { theme: 'dark', reducedMotion: true, lastScenarioId: 'skype-2010' };
    expect(parseStoredSettings(s)).toEqual(s);
  });

  it('falls back to defaults for anything that is not an object', () => {
    expect(parseStoredSettings(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettings('yes')).toEqual(DEFAULT_SETTINGS);
  });

  it('loses only the bad field', () => {
    expect(parseStoredSettings({ theme: 'neon', reducedMotion: true })).toEqual({
      ...DEFAULT_SETTINGS,
      reducedMotion: true,
    });
  });
});

describe('parseStoredSettingsJson', () => {
  it('survives missing and malformed JSON', () => {
    expect(parseStoredSettingsJson(null)).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettingsJson('{not json')).toEqual(DEFAULT_SETTINGS);
    expect(parseStoredSettingsJson('{"reducedMotion":true}')).toEqual({
      ...DEFAULT_SETTINGS,
      reducedMotion: true,
    });
  });
});

describe('applySettingsPatch', () => {
  it('merges a valid patch and keeps omitted keys', () => {
    const cur = { ...DEFAULT_SETTINGS, theme: 'dark' as const };
    expect(applySettingsPatch(cur, { reducedMotion: true })).toEqual({ ...cur, reducedMotion: true });
  });

  it('rejects unknown keys and bad values, as the Electron side does', () => {
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { theem: 'dark' })).toThrow();
    expect(() => applySettingsPatch(DEFAULT_SETTINGS, { reducedMotion: 'yes' })).toThrow();
  });
});
