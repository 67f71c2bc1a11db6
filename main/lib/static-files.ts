/**
 * Mapping of request paths to files under the built renderer directory, shared by the `app://` protocol
 * handler and the browser-mode HTTP server so both resolve, refuse and label files identically
 * ({@link staticFileFor} is the one entry point both use).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content-Type for a file name; unknown extensions are served as opaque bytes. */
export function mimeTypeFor(fileName: string): string {
  return MIME_TYPES[path.extname(fileName).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Resolve a URL pathname (as sent, still percent-encoded) to an absolute file path inside `root`, or `null`
 * if it is malformed or would escape `root`. `/` maps to `index.html`. The containment check runs on the
 * decoded, resolved path, which is what defeats `..`, `%2e%2e`, encoded slashes and absolute-path tricks.
 */
export function resolveStaticPath(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null;
  }
  // A NUL byte or a backslash has no business in our URLs; refusing them keeps Windows path rules out of it.
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const relative = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const absoluteRoot = path.resolve(root);
  const resolved = path.resolve(absoluteRoot, `.${path.posix.normalize(`/${relative}`)}`);
  return within(absoluteRoot, resolved) ? resolved : null;
}

/** `child` lies strictly under `root` (both absolute). */
function within(root: string, child: string): boolean {
  const inside = path.relative(root, child);
  return inside !== '' && !inside.startsWith('..') && !path.isAbsolute(inside);
}

/**
 * The real file a URL pathname serves, or `null`: {@link resolveStaticPath}, then symbolic links resolved
 * (`realpath`) and the result checked again against the real root, so a link inside the folder (to a file or
 * a directory) can never serve anything outside it. Missing files are `null` too.
 */
export async function staticFileFor(root: string, urlPathname: string): Promise<string | null> {
  const file = resolveStaticPath(root, urlPathname);
  if (!file) return null;
  try {
    const [realRoot, real] = await Promise.all([fs.realpath(root), fs.realpath(file)]);
    return within(realRoot, real) ? real : null;
  } catch {
    return null;
  }
}
