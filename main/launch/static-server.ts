/**
 * Browser mode's HTTP server: serves the built renderer from one directory on loopback only, with the same
 * security headers the Electron protocol handler sends. node:http on purpose: a static server for one local
 * user does not justify a framework dependency.
 */
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mimeTypeFor, resolveStaticPath } from '../lib/static-files';
import { SECURITY_HEADERS } from '../window/csp';

/** Options for {@link createStaticServer}. */
export interface StaticServerOptions {
  /** Answer only requests whose Host header this accepts (a LAN-hosted team drill: no DNS rebinding). */
  allowHost?: (host: string | undefined) => boolean;
}

/** Create (but do not start) a server for the files under `root`. */
export function createStaticServer(root: string, options: StaticServerOptions = {}): http.Server {
  return http.createServer((req, res) => {
    if (options.allowHost && !options.allowHost(req.headers.host)) {
      sendText(res, 421, 'Misdirected request: this server answers only for its own addresses');
      return;
    }
    void handle(root, req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
}

async function handle(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method not allowed');
    return;
  }
  // Parse only the path: the Host header is client-controlled and irrelevant here.
  const rawPath = (req.url ?? '/').split(/[?#]/)[0]!;
  const file = rawPath.startsWith('/') ? resolveStaticPath(root, rawPath) : null;
  if (!file) {
    sendText(res, 404, 'Not found');
    return;
  }
  let stat;
  try {
    stat = await fs.stat(file);
  } catch {
    sendText(res, 404, 'Not found');
    return;
  }
  if (!stat.isFile()) {
    sendText(res, 404, 'Not found');
    return;
  }
  res.writeHead(200, {
    ...SECURITY_HEADERS,
    'Content-Type': mimeTypeFor(file),
    'Content-Length': String(stat.size),
    // A local dev/drill server: always revalidate so a rebuild is picked up on reload.
    'Cache-Control': 'no-cache',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  const stream = createReadStream(file);
  stream.on('error', () => res.destroy());
  stream.pipe(res);
}

function sendText(res: http.ServerResponse, status: number, body: string): void {
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
  });
  res.end(body);
}

/** Thrown by {@link listen} when the port is taken, so launchers can print one clear line. */
export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(`Port ${port} on 127.0.0.1 is already in use; pick another with --port N.`);
    this.name = 'PortInUseError';
  }
}

/**
 * Start `server` on 127.0.0.1:`port` (loopback; a hosted team drill passes `0.0.0.0`, the LAN, for as long as
 * it is hosted) and resolve with the bound port (useful with port 0 in tests).
 */
export function listen(server: http.Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
