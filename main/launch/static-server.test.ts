import { mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { CONTENT_SECURITY_POLICY } from '../window/csp';
import { createStaticServer, listen, PortInUseError } from './static-server';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// http.request sends the path verbatim (fetch would normalise "..": that would hide traversal attempts).
function request(port: number, rawPath: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method }, (res) => {
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
    // Outside the root: must never be served.
    writeFileSync(path.join(base, 'secret.txt'), 'TOP SECRET');
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

  it('reports a port in use as PortInUseError', async () => {
    const second = createStaticServer(root);
    await expect(listen(second, port)).rejects.toThrow(PortInUseError);
    await expect(listen(second, port)).rejects.toThrow(`Port ${port} on 127.0.0.1 is already in use`);
  });
});
