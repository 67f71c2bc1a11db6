/**
 * What the `app://` scheme serves, without Electron: the origin constants the IPC sender check relies on
 * and the request -> Response mapping (the Electron edge in app-protocol.ts only registers it). Built on
 * the WHATWG Request/Response that Node and Electron share, so tests call it directly.
 */
import { promises as fs } from 'node:fs';
import { mimeTypeFor, staticFileFor } from '../lib/static-files';
import { SECURITY_HEADERS } from './csp';

/** Our privileged scheme. A custom scheme (not file://) gives the app a real origin for the CSP and IPC checks. */
export const APP_SCHEME = 'app';
/** The single host under {@link APP_SCHEME}; anything else is not ours. */
export const APP_HOST = 'cascade';
/** URL the main window loads. */
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * True if `url` is a page of ours (`app://cascade/...`). Compares scheme and host, not `URL.origin`:
 * WHATWG URL reports origin "null" for custom schemes, which would make every app:// URL look alike.
 */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Answer one `app://` request from the files under `rendererRoot`. */
export async function appProtocolResponse(rendererRoot: string, request: Request): Promise<Response> {
  const notFound = (): Response =>
    new Response('Not found', {
      status: 404,
      headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  if (!isAppUrl(request.url)) return notFound();
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', {
      status: 405,
      headers: { ...SECURITY_HEADERS, Allow: 'GET, HEAD' },
    });
  }
  // Resolved through symbolic links and checked against the real root: nothing outside it is served.
  const file = await staticFileFor(rendererRoot, new URL(request.url).pathname);
  if (!file) return notFound();
  try {
    // The renderer's files are small; reading whole keeps the handler simple and the Response exact-length.
    const body = await fs.readFile(file);
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': mimeTypeFor(file),
        'Content-Length': String(body.length),
      },
    });
  } catch {
    return notFound();
  }
}
