/** Repository paths the launchers and the build share (resolved from this file, not from the cwd). */
import path from 'node:path';

/** Repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Build output root. */
export const DIST_DIR = path.join(REPO_ROOT, 'dist');
/** Bundled main process. */
export const MAIN_BUNDLE = path.join(DIST_DIR, 'main', 'index.cjs');
/** Bundled preload. */
export const PRELOAD_BUNDLE = path.join(DIST_DIR, 'main', 'preload.cjs');
/** Built renderer (what both Electron and browser mode serve). */
export const RENDERER_DIST = path.join(DIST_DIR, 'renderer');
/** Vite config of the renderer. */
export const RENDERER_VITE_CONFIG = path.join(REPO_ROOT, 'renderer', 'vite.config.mts');
