import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { defaultExecutableName, findElectronBinary } from './electron-binary';

describe('findElectronBinary', () => {
  it('reports a package without a downloaded binary as missing, without throwing', () => {
    const pkg = tempDir();
    expect(findElectronBinary(pkg, {}, 'linux')).toEqual({
      found: false,
      reason: 'binary not downloadable offline',
    });
  });

  it('finds dist/<path.txt> when the binary was downloaded', () => {
    const pkg = tempDir();
    mkdirSync(path.join(pkg, 'dist'));
    writeFileSync(path.join(pkg, 'path.txt'), 'electron');
    writeFileSync(path.join(pkg, 'dist', 'electron'), '');
    expect(findElectronBinary(pkg, {}, 'linux')).toEqual({
      found: true,
      executable: path.join(pkg, 'dist', 'electron'),
    });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const pkg = tempDir();
    const override = tempDir();
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'linux').found).toBe(false);
    writeFileSync(path.join(override, 'electron'), '');
    expect(findElectronBinary(pkg, { ELECTRON_OVERRIDE_DIST_PATH: override }, 'linux')).toEqual({
      found: true,
      executable: path.join(override, 'electron'),
    });
  });

  it('handles an uninstalled electron package', () => {
    expect(findElectronBinary(null, {}, 'linux')).toEqual({
      found: false,
      reason: 'the electron package is not installed',
    });
  });

  it('knows each platform executable name', () => {
    expect(defaultExecutableName('win32')).toBe('electron.exe');
    expect(defaultExecutableName('darwin')).toBe('Electron.app/Contents/MacOS/Electron');
    expect(defaultExecutableName('linux')).toBe('electron');
  });
});
