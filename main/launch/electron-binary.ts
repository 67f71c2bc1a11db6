/**
 * Find the Electron executable without touching `require('electron')`.
 *
 * Electron 45 downloads its binary lazily the first time its package is required; offline that prints
 * "Downloading Electron binary..." and throws. So we replicate the package's own lookup (path.txt, the
 * ELECTRON_OVERRIDE_DIST_PATH override, node_modules/electron/dist) with plain stat calls and decide
 * quietly whether Electron can run here.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Result of {@link findElectronBinary}. */
export type ElectronLookup = { found: true; executable: string } | { found: false; reason: string };

/** Executable name inside an Electron dist folder when path.txt is absent (it is written on download). */
export function defaultExecutableName(platform: NodeJS.Platform): string {
  if (platform === 'win32') return 'electron.exe';
  if (platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/**
 * Look for a runnable Electron. `packageDir` is node_modules/electron (or `null` if not installed).
 * Never downloads and never throws.
 */
export function findElectronBinary(
  packageDir: string | null,
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
): ElectronLookup {
  let executableName = defaultExecutableName(platform);
  if (packageDir) {
    const pathFile = path.join(packageDir, 'path.txt');
    if (existsSync(pathFile)) {
      try {
        executableName = readFileSync(pathFile, 'utf8').trim() || executableName;
      } catch {
        // Unreadable path.txt: fall back to the platform default name.
      }
    }
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const executable = path.join(override, executableName);
    return existsSync(executable)
      ? { found: true, executable }
      : { found: false, reason: `ELECTRON_OVERRIDE_DIST_PATH has no ${executableName}` };
  }
  if (!packageDir) return { found: false, reason: 'the electron package is not installed' };
  const executable = path.join(packageDir, 'dist', executableName);
  return existsSync(executable)
    ? { found: true, executable }
    : { found: false, reason: 'binary not downloadable offline' };
}

/** node_modules/electron of this project, or `null`. Resolves package.json only: that does not trigger a download. */
export function electronPackageDir(): string | null {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return null;
  }
}
