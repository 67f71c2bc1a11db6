/**
 * The Content-Security-Policy of Cascade Drill, in one place.
 *
 * Both homes of the renderer send it as a response header: the `app://` protocol handler inside Electron
 * and the 127.0.0.1 server of browser mode. One string means the browser-mode e2e run tests the policy
 * the desktop app ships with.
 *
 * Why each relaxation exists:
 * - `worker-src blob:`: the sim host may start its Web Worker from a blob URL.
 * - `img-src data: blob:`: Pixi's asset loader probes image formats with tiny data: URLs and may turn
 *   canvases into blob: textures. Images cannot run code.
 * - `connect-src blob:`: fetching those blob: textures back.
 * There is deliberately no `'unsafe-eval'` (Pixi runs without eval once `pixi.js/unsafe-eval` is imported),
 * no `'unsafe-inline'`, and no `'wasm-unsafe-eval'` (no WebAssembly is shipped yet; add it here, and only
 * here, if that changes).
 */

/** Directive name -> sources. Kept as data so tests can assert on single directives. */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'media-src': ["'none'"],
  'object-src': ["'none'"],
  'frame-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** The policy as a header value. */
export const CONTENT_SECURITY_POLICY: string = Object.entries(CSP_DIRECTIVES)
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/**
 * Headers sent with every app response, in Electron and in browser mode. Besides the CSP: no MIME sniffing
 * (a mislabelled file must not become a script) and no referrer leaks.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
