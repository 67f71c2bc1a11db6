/**
 * Offline packaging check 1 of 2: electron-builder.yml is loaded by electron-builder's own config loader and
 * validated by its own validator against node_modules/app-builder-lib/scheme.json, exactly what
 * `electron-builder` does first (and where it fails fast on a bad config, before any download).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';

// app-builder-lib has no typings for these deep paths; the shapes used are tiny and checked at runtime.
type LoadedConfig = Record<string, unknown> & {
  appId?: string;
  productName?: string;
  files?: unknown[];
  linux?: { target?: unknown[]; category?: string; maintainer?: string };
  win?: { target?: unknown[] };
  mac?: { target?: unknown[] };
  directories?: { output?: string };
};
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: null): Promise<LoadedConfig>;
  validateConfiguration(config: LoadedConfig, debugLogger: unknown): Promise<void>;
}
// Loaded through createRequire: these are CommonJS internals of electron-builder, not an ESM API.
const load = createRequire(__filename);
const { getConfig, validateConfiguration } = load('app-builder-lib/out/util/config/config') as ConfigModule;
const { DebugLogger } = load('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

const REPO_ROOT = path.resolve(__dirname, '..', '..');

async function loadAndValidate(projectDir: string): Promise<LoadedConfig> {
  const config = await getConfig(projectDir, null, null);
  await validateConfiguration(config, new DebugLogger(false));
  return config;
}

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
});
