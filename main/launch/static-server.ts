/**
 * Browser mode's HTTP server (and a hosted team drill's): serves the built renderer from one directory, with
 * the same security headers the Electron protocol handler sends. The one owner of the HTTP side's defences:
 * the Host allow-list (DNS rebinding), the time limits (idle and slow sockets), and files resolved through
 * symbolic links that must stay inside the folder. node:http on purpose: a static server for one local
 * user does not justify a framework dependency.
 */
import { createReadStream, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mimeTypeFor, staticFileFor } from '../lib/static-files';
import { SECURITY_HEADERS } from '../window/csp';

/** Time limits of the HTTP side: slow or idle clients cannot hold sockets open. */
export interface ServerTimeouts {
  /** All request headers within this (slowloris). */
  headersMs: number;
  /** The whole request within this. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
  /** Any socket with no traffic for this long is destroyed (not upgraded ones: ws clears it on upgrade). */
  idleMs: number;
  /** How often Node checks the header and request limits (its default, 30 s, would let them run late). */
  checkEveryMs: number;
}

/** The limits every server of ours uses (browser mode and a hosted team drill). */
export const SERVER_TIMEOUTS: ServerTimeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  keepAliveMs: 5_000,
  idleMs: 60_000,
  checkEveryMs: 1_000,
};

/** Options for {@link createStaticServer}. */
export interface StaticServerOptions {
  /**
   * Answer only requests whose Host header this accepts (a LAN-hosted team drill passes its addresses).
   * Default: the loopback names with the port the request arrived on ({@link loopbackHosts}).
   */
  allowHost?: (host: string | undefined) => boolean;
  /** Time limits (default {@link SERVER_TIMEOUTS}; tests shorten them). */
  timeouts?: ServerTimeouts;
}

/**
 * The Host header values a server on `port` answers for: `127.0.0.1`, `localhost` and `[::1]`, and each of
 * `addresses` (a team drill's LAN addresses), with the port. Anything else is a request meant for another
 * site (DNS rebinding: a page whose own name now resolves to 127.0.0.1) and gets 421.
 */
export function loopbackHosts(port: number, addresses: readonly string[] = []): Set<string> {
  return new Set(['127.0.0.1', 'localhost', '[::1]', ...addresses].map((h) => `${h.toLowerCase()}:${port}`));
}

/** Whether a Host header is one of `hosts` (case-insensitive; a missing header never is). */
export function hostIn(hosts: ReadonlySet<string>, host: string | undefined): boolean {
  return host !== undefined && hosts.has(host.toLowerCase());
}

/** Apply `t` to `server`: header, request, keep-alive and idle limits. */
export function hardenTimeouts(server: http.Server, t: ServerTimeouts = SERVER_TIMEOUTS): void {
  server.headersTimeout = t.headersMs;
  server.requestTimeout = t.requestMs;
  server.keepAliveTimeout = t.keepAliveMs;
  server.setTimeout(t.idleMs, (socket) => socket.destroy());
}

/**
 * Create (but do not start) a server for the files under `root`: Host checked, time limits set, files
 * resolved through symbolic links and served only from inside `root` (main/lib/static-files.ts).
 */
export function createStaticServer(root: string, options: StaticServerOptions = {}): http.Server {
  const timeouts = options.timeouts ?? SERVER_TIMEOUTS;
  const allowHost =
    options.allowHost ?? ((host: string | undefined, port: number) => hostIn(loopbackHosts(port), host));
  const server = http.createServer({ connectionsCheckingInterval: timeouts.checkEveryMs }, (req, res) => {
    if (!allowHost(req.headers.host, req.socket.localPort ?? 0)) {
      sendText(res, 421, 'Misdirected request: this server answers only for its own addresses');
      return;
    }
    void handle(root, req, res).catch(() => {
      if (!res.headersSent) sendText(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  hardenTimeouts(server, timeouts);
  return server;
}

async function handle(root: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    sendText(res, 405, 'Method not allowed');
    return;
  }
  // Parse only the path: the Host header is client-controlled and irrelevant here.
  const rawPath = (req.url ?? '/').split(/[?#]/)[0]!;
  const file = rawPath.startsWith('/') ? await staticFileFor(root, rawPath) : null;
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
