/**
 * Offline packaging check 1 of 2: electron-builder.yml is loaded by electron-builder's own config loader and
 * validated by its own validator against node_modules/app-builder-lib/scheme.json, exactly what
 * `electron-builder` does first (and where it fails fast on a bad config, before any download).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { checkBuilderConfig, loadBuilderConfig } from './builder-config';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const loadAndValidate = loadBuilderConfig;

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s schema', async () => {
    const config = await loadAndValidate(REPO_ROOT);
    expect(config.appId).toBe('org.cascadedrill.app');
    expect(config.productName).toBe('Cascade Drill');
    expect(config.directories?.output).toBe('release');
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Education');
    expect(config.linux?.maintainer).toBeTruthy();
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.mac?.target).toEqual(['dmg']);
  });

  it('lists files as an allow-list of built output and data only', async () => {
    const { files } = await loadAndValidate(REPO_ROOT);
    // The loader normalises `files` to [{ filter: [...] }]; accept both shapes.
    const patterns = (files ?? []).flatMap((entry) =>
      typeof entry === 'string' ? [entry] : ((entry as { filter?: string[] }).filter ?? []),
    );
    const included = patterns.filter((pattern) => !pattern.startsWith('!'));
    expect(patterns).toContain('!**/node_modules/**');
    expect(included.sort()).toEqual([
      'assets/scenarios/**',
      'dist/main/**',
      'dist/renderer/**',
      'package.json',
    ]);
  });

  it('the validator really rejects a broken config (so the test above can fail)', async () => {
    const dir = tempDir();
    copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
    const yml = readFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), 'utf8');
    writeFileSync(path.join(dir, 'electron-builder.yml'), `${yml}\nnotAnOption: true\n`);
    await expect(loadAndValidate(dir)).rejects.toThrow(/Invalid configuration object/);
  });

  it('associates session files, has no built-in update feed and flips the fuses, as documented', async () => {
    const config = await loadAndValidate(REPO_ROOT);
    expect(checkBuilderConfig(config).problems).toEqual([]);
    expect(
      checkBuilderConfig({ ...config, publish: { provider: 'generic', url: 'https://x' } }).problems,
    ).toEqual(['publish is set: updates must have no built-in feed']);
    expect(
      checkBuilderConfig({
        ...config,
        fileAssociations: [{ ext: 'cdsession', mimeType: 'application/json' }],
      }).problems,
    ).toEqual([expect.stringMatching(/MIME type is not application\/vnd\.cascadedrill\.session\+json/)]);
  });
});

describe('afterPack hook', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const hook = require('./after-pack.cjs') as {
    electronBinary(context: object): string;
  };
  const context = (electronPlatformName: string) => ({
    appOutDir: '/out',
    electronPlatformName,
    packager: { appInfo: { productFilename: 'Cascade Drill' }, executableName: 'cascade-drill' },
  });

  it('finds the Electron binary on each platform', () => {
    expect(hook.electronBinary(context('linux'))).toBe(path.join('/out', 'cascade-drill'));
    expect(hook.electronBinary(context('win32'))).toBe(path.join('/out', 'Cascade Drill.exe'));
    expect(hook.electronBinary(context('darwin'))).toBe(path.join('/out', 'Cascade Drill.app'));
  });
});
