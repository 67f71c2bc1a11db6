// @ts-check
/**
 * electron-builder's afterPack hook: flip Electron's fuses in the packaged binary, before it is signed
 * (electron-builder signs after this hook). Plain CommonJS because electron-builder `require`s it.
 *
 * Fuses are switches compiled into the Electron binary that no code, argument or environment variable can
 * turn back on at run time:
 * - RunAsNode off: `ELECTRON_RUN_AS_NODE=1 cascade-drill script.js` no longer turns the signed app into a
 *   general-purpose Node interpreter.
 * - NODE_OPTIONS off and --inspect/--inspect-brk off: nobody can inject code or attach a debugger to the
 *   main process of an installed app.
 * - Embedded asar integrity on, and only-load-from-asar on: the app runs only from app.asar, whose hash is
 *   checked at start (Electron enforces the hash on macOS and Windows; on Linux the fuse has no effect yet).
 * - Cookie encryption on (we keep no cookies, but it costs nothing), file:// extra privileges off
 *   (content comes from app://; the PDF window's file: document needs none), no browser-specific V8
 *   snapshot.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- electron-builder loads hooks with require() */
const path = require('node:path');
const { flipFuses, FuseVersion, FuseV1Options } = require('@electron/fuses');

/** Every fuse @electron/fuses knows, set explicitly (index -> enabled). */
const FUSES = {
  [FuseV1Options.RunAsNode]: false,
  [FuseV1Options.EnableCookieEncryption]: true,
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
};

/**
 * The packaged Electron binary (the file or .app whose fuse wire is flipped).
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string }, executableName?: string } }} context
 */
function electronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const product = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') {
    return path.join(appOutDir, `${product}.app`);
  }
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${product}.exe`);
  return path.join(appOutDir, packager.executableName ?? product);
}

/** @param {{ appOutDir: string, electronPlatformName: string, arch: number, packager: { appInfo: { productFilename: string }, executableName?: string } }} context */
async function afterPack(context) {
  const binary = electronBinary(context);
  await flipFuses(binary, {
    version: FuseVersion.V1,
    // Flipping fuses breaks the ad-hoc signature of Apple-silicon builds; re-sign them ad hoc (a real
    // signature, where configured, is applied by electron-builder afterwards). Arch 3 is arm64.
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === 3,
    ...FUSES,
  });
}

module.exports = { default: afterPack, afterPack, FUSES, electronBinary };
