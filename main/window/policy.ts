/**
 * Security policy for web contents and sessions, Electron-free so it can be tested with fakes: the
 * Electron objects are referenced by type only (erased at build time).
 */
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-content';

/**
 * Blink features switched off in every window we create (`webPreferences.disableBlinkFeatures`). Auxclick:
 * a middle-click must not open anything, and `auxclick` handlers are a way around the window-open denial
 * that electronegativity rightly flags.
 */
export const DISABLED_BLINK_FEATURES = 'Auxclick';

/**
 * Schemes a page of ours may load from. Everything else, above all http(s), is cancelled: the app ships
 * all its content and must never pull remote code or leak requests. `devtools:` keeps DevTools working
 * in development; `blob:`/`data:` are local by construction.
 */
const ALLOWED_SCHEMES = new Set(['app:', 'blob:', 'data:', 'devtools:']);

/** True if a request for `url` may proceed. */
export function isAllowedRequestUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    if (protocol === 'app:') return isAppUrl(url);
    return ALLOWED_SCHEMES.has(protocol);
  } catch {
    return false;
  }
}

/**
 * Lock down one WebContents: no navigation away from where it was loaded, no new windows, no webviews.
 * Registered for every WebContents the app creates, not only the main window, so nothing slips through.
 */
export function hardenWebContents(contents: Pick<WebContents, 'on' | 'setWindowOpenHandler'>): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/**
 * Lock down a session: every permission request and check is denied (the drill needs no camera, location,
 * notifications...), and any request to a non-local scheme is cancelled.
 */
export function hardenSession(
  ses: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'webRequest'>,
): void {
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onBeforeRequest((details, callback) =>
    callback({ cancel: !isAllowedRequestUrl(details.url) }),
  );
}
