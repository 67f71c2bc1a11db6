import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { APP_ENTRY_URL, appProtocolResponse, isAppUrl } from './app-content';
import { CONTENT_SECURITY_POLICY, CSP_DIRECTIVES } from './csp';
import { hardenSession, hardenWebContents, isAllowedRequestUrl } from './policy';

describe('CSP', () => {
  it('forbids eval and inline script, and confines everything to self', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|unsafe-inline/);
    expect(CSP_DIRECTIVES['default-src']).toEqual(["'self'"]);
    expect(CSP_DIRECTIVES['script-src']).toEqual(["'self'"]);
    expect(CSP_DIRECTIVES['worker-src']).toEqual(["'self'", 'blob:']);
    expect(CSP_DIRECTIVES['object-src']).toEqual(["'none'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*/);
  });
});

describe('app:// content', () => {
  const root = path.join(tempDir(), 'renderer');
  beforeAll(() => {
    mkdirSync(path.join(root, 'assets'), { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, 'assets', 'main.js'), 'export {}');
    writeFileSync(path.join(root, '..', 'secret.txt'), 'TOP SECRET');
  });

  it('recognises only app://cascade URLs as ours', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://cascade/assets/x.js')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://cascade/index.html')).toBe(false);
    expect(isAppUrl('garbage')).toBe(false);
  });

  it('serves files with the CSP and the right MIME type', async () => {
    const reply = await appProtocolResponse(root, new Request('app://cascade/assets/main.js'));
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(reply.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await reply.text()).toBe('export {}');
  });

  it('maps the entry URL and / to index.html', async () => {
    expect((await appProtocolResponse(root, new Request(APP_ENTRY_URL))).status).toBe(200);
    expect((await appProtocolResponse(root, new Request('app://cascade/'))).status).toBe(200);
  });

  it('answers 404 for missing files, other hosts and escapes from the root', async () => {
    for (const url of [
      'app://cascade/missing.js',
      'app://other/index.html',
      'app://cascade/%2e%2e/secret.txt',
      'app://cascade/..%2fsecret.txt',
      'app://cascade/assets',
    ]) {
      const reply = await appProtocolResponse(root, new Request(url));
      expect(reply.status, url).toBe(404);
      expect(await reply.text()).not.toContain('TOP SECRET');
    }
  });
});

describe('app:// and symbolic links', () => {
  const root = path.join(tempDir(), 'renderer');
  beforeAll(() => {
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'index.html'), '<!doctype html>');
    writeFileSync(path.join(root, '..', 'secret.txt'), 'TOP SECRET');
    symlinkSync(path.join(root, '..', 'secret.txt'), path.join(root, 'leak.txt'));
    symlinkSync(path.join(root, '..'), path.join(root, 'up'));
  });

  it('never serves a file outside the folder through a link inside it', async () => {
    for (const url of ['app://cascade/leak.txt', 'app://cascade/up/secret.txt']) {
      const reply = await appProtocolResponse(root, new Request(url));
      expect(reply.status, url).toBe(404);
      expect(await reply.text()).not.toContain('TOP SECRET');
    }
    expect((await appProtocolResponse(root, new Request(APP_ENTRY_URL))).status).toBe(200);
  });
});

describe('request policy', () => {
  it.each([
    ['app://cascade/index.html', true],
    ['blob:app://cascade/1234', true],
    ['data:image/png;base64,AAAA', true],
    ['devtools://devtools/bundled/inspector.html', true],
    ['app://elsewhere/x.js', false],
    ['https://example.com/x.js', false],
    ['http://127.0.0.1:5170/', false],
    ['file:///etc/passwd', false],
    ['ws://localhost/', false],
    ['not a url', false],
  ])('%s -> allowed %s', (url, allowed) => {
    expect(isAllowedRequestUrl(url)).toBe(allowed);
  });
});

describe('hardening', () => {
  it('blocks navigation, redirects and webviews, and denies new windows', () => {
    const listeners = new Map<string, (event: { preventDefault(): void }) => void>();
    let openHandler: (() => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (event: { preventDefault(): void }) => void) =>
        listeners.set(name, listener),
      setWindowOpenHandler: (handler: () => { action: string }) => (openHandler = handler),
    };
    hardenWebContents(contents as unknown as Parameters<typeof hardenWebContents>[0]);
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const preventDefault = vi.fn();
      listeners.get(name)?.({ preventDefault });
      expect(preventDefault, name).toHaveBeenCalledOnce();
    }
    expect(openHandler?.()).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check, and cancels remote requests', () => {
    let requestHandler:
      ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void) | undefined;
    let checkHandler: (() => boolean) | undefined;
    let beforeRequest: ((details: { url: string }, cb: (r: { cancel: boolean }) => void) => void) | undefined;
    const ses = {
      setPermissionRequestHandler: (h: typeof requestHandler) => (requestHandler = h),
      setPermissionCheckHandler: (h: typeof checkHandler) => (checkHandler = h),
      webRequest: { onBeforeRequest: (h: typeof beforeRequest) => (beforeRequest = h) },
    };
    hardenSession(ses as unknown as Parameters<typeof hardenSession>[0]);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      requestHandler?.({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(checkHandler?.()).toBe(false);
    const decide = (url: string): boolean | undefined => {
      let cancel: boolean | undefined;
      beforeRequest?.({ url }, (result) => (cancel = result.cancel));
      return cancel;
    };
    expect(decide('https://cdn.example/pixi.js')).toBe(true);
    expect(decide('app://cascade/index.html')).toBe(false);
  });
});
