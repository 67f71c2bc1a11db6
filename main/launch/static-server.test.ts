import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { CONTENT_SECURITY_POLICY } from '../window/csp';
import { createStaticServer, listen, PortInUseError, SERVER_TIMEOUTS } from './static-server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// http.request sends the path verbatim (fetch would normalise "..": that would hide traversal attempts).
function request(port: number, rawPath: string, method = 'GET', hostHeader?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers = hostHeader === undefined ? {} : { Host: hostHeader };
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('static server', () => {
  const base = tempDir();
  const root = path.join(base, 'renderer');
  const server = createStaticServer(root);
  let port = 0;

  beforeAll(async () => {
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    for (const name of ['a.js', 'a.css', 'a.json', 'a.wasm', 'a.png', 'a.svg', 'a.woff2', 'a.unknownext']) {
      writeFileSync(path.join(root, 'assets', name), 'x');
    }
    // Outside the root: must never be served, not even through a symbolic link inside it.
    writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
    symlinkSync(path.join(base, 'secret.txt'), path.join(root, 'leak.txt'));
    symlinkSync(base, path.join(root, 'up'));
    symlinkSync(path.join(root, 'index.html'), path.join(root, 'home.html'));
    port = await listen(server, 0);
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves index.html at / with the CSP header and security headers', async () => {
    const reply = await request(port, '/');
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('<title>t</title>');
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
  });

  it.each([
    ['a.js', 'text/javascript; charset=utf-8'],
    ['a.css', 'text/css; charset=utf-8'],
    ['a.json', 'application/json; charset=utf-8'],
    ['a.wasm', 'application/wasm'],
    ['a.png', 'image/png'],
    ['a.svg', 'image/svg+xml'],
    ['a.woff2', 'font/woff2'],
    ['a.unknownext', 'application/octet-stream'],
  ])('labels %s as %s', async (name, type) => {
    const reply = await request(port, `/assets/${name}?v=1`);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe(type);
  });

  it.each([
    '/../secret.txt',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%5csecret.txt',
    '/assets/%00.js',
    '/%E0%A4%A',
    '//etc/passwd',
  ])('blocks traversal attempt %s', async (attempt) => {
    const reply = await request(port, attempt);
    expect(reply.status).toBe(404);
    expect(reply.body).not.toContain('TOP SECRET');
    expect(reply.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers 404 for missing files and directories', async () => {
    expect((await request(port, '/nope.js')).status).toBe(404);
    expect((await request(port, '/assets')).status).toBe(404);
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await request(port, '/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect((await request(port, '/index.html', 'POST')).status).toBe(405);
  });

  it('never follows a symbolic link out of its folder (a link inside it to a file inside it is fine)', async () => {
    for (const p of ['/leak.txt', '/up/secret.txt']) {
      const reply = await request(port, p);
      expect(reply.status, p).toBe(404);
      expect(reply.body).not.toContain('TOP SECRET');
    }
    expect((await request(port, '/home.html')).body).toContain('<title>t</title>');
  });

  it('answers only for its own host names: any other Host header (DNS rebinding) gets 421', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `[::1]:${port}`])
      expect((await request(port, '/', 'GET', host)).status, host).toBe(200);
    for (const host of [
      `evil.example:${port}`,
      'localhost',
      `127.0.0.1:${port + 1}`,
      `attacker.localhost.evil:${port}`,
    ]) {
      const reply = await request(port, '/', 'GET', host);
      expect(reply.status, host).toBe(421);
      expect(reply.body).not.toContain('<title>');
    }
  });

  it('closes idle sockets and sockets that send their headers too slowly', async () => {
    expect(server.headersTimeout).toBe(SERVER_TIMEOUTS.headersMs);
    expect(server.requestTimeout).toBe(SERVER_TIMEOUTS.requestMs);
    expect(server.keepAliveTimeout).toBe(SERVER_TIMEOUTS.keepAliveMs);
    expect(server.timeout).toBe(SERVER_TIMEOUTS.idleMs);
    const quick = createStaticServer(root, {
      timeouts: { headersMs: 300, requestMs: 300, keepAliveMs: 100, idleMs: 200, checkEveryMs: 50 },
    });
    const p = await listen(quick, 0);
    const closedAfter = (trickle: boolean) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        const socket = net.connect(p, '127.0.0.1');
        let timer: NodeJS.Timeout | undefined;
        if (trickle) {
          socket.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n');
          // One header byte every 50 ms: never idle, never finished.
          timer = setInterval(() => socket.write('X'), 50);
        }
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(timer);
          resolve(performance.now() - t0);
        });
      });
    try {
      const idle = await closedAfter(false);
      expect(idle).toBeGreaterThanOrEqual(150);
      expect(idle).toBeLessThan(2000);
      const slow = await closedAfter(true);
      expect(slow).toBeGreaterThanOrEqual(250);
      expect(slow).toBeLessThan(2000);
    } finally {
      quick.close();
      quick.closeAllConnections();
    }
  });

  it('reports a port in use as PortInUseError', async () => {
    const second = createStaticServer(root);
    await expect(listen(second, port)).rejects.toThrow(PortInUseError);
    await expect(listen(second, port)).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  });
});
