/**
 * The Content-Security-Policy of Cascade Drill, in one place.
 *
 * Both homes of the renderer send it as a response header: the `app://` protocol handler inside Electron
 * and the 127.0.0.1 server of browser mode. One string means the browser-mode e2e run tests the policy
 * the desktop app ships with. The build also writes it into dist/renderer/index.html as a `<meta>`
 * ({@link withCspMeta}), so the policy holds wherever the document is loaded from (a file opened by hand,
 * a server that drops headers). A meta policy cannot carry `frame-ancestors`; the header still does.
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

/** Directives browsers ignore in a `<meta>` policy (with a console warning); they stay header-only. */
const HEADER_ONLY_DIRECTIVES = new Set(['frame-ancestors', 'report-uri', 'report-to', 'sandbox']);

/** The policy as written into the document's `<meta http-equiv>`: the header's, minus header-only directives. */
export const META_CONTENT_SECURITY_POLICY: string = Object.entries(CSP_DIRECTIVES)
  .filter(([directive]) => !HEADER_ONLY_DIRECTIVES.has(directive))
  .map(([directive, sources]) => `${directive} ${sources.join(' ')}`)
  .join('; ');

/**
 * `html` with a CSP `<meta http-equiv>` as the first element of its `<head>` (a meta policy only governs
 * what follows it), or right after the doctype when there is no `<head>` tag. A policy already in the
 * document stays (several policies only ever add restrictions).
 */
export function withCspMeta(html: string, policy: string = META_CONTENT_SECURITY_POLICY): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy.replace(/"/g, '&quot;')}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) {
    const end = head.index + head[0].length;
    return `${html.slice(0, end)}${meta}${html.slice(end)}`;
  }
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  const at = doctype ? doctype[0].length : 0;
  return `${html.slice(0, at)}<head>${meta}</head>${html.slice(at)}`;
}
