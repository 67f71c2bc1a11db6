/** The hardening electronegativity checks for: a CSP inside the document, and Auxclick off on every window. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { PDF_WINDOW_OPTIONS, withDocumentCsp } from '../features/report-export/pdf-window';
import { writeDocumentCsp } from '../launch/build-app';
import { tempDir } from '../test/temp-dir';
import { CONTENT_SECURITY_POLICY, META_CONTENT_SECURITY_POLICY, withCspMeta } from './csp';
import { createMainWindow } from './main-window';
import { DISABLED_BLINK_FEATURES } from './policy';

const created: { webPreferences?: Record<string, unknown> }[] = [];
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: { webPreferences?: Record<string, unknown> }) {
      created.push(options);
    }
    once(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve();
    }
  },
}));

const VITE_INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Cascade Drill</title>
    <script type="module" crossorigin src="./assets/index-abc.js"></script>
  </head>
  <body><div id="app"></div></body>
</html>`;

describe('CSP in the document', () => {
  it('is the header policy minus what a <meta> cannot carry', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(CONTENT_SECURITY_POLICY.split('; ').filter((d) => !d.startsWith('frame-ancestors'))).toEqual(
      META_CONTENT_SECURITY_POLICY.split('; '),
    );
  });

  it('comes first in <head>, before any script', () => {
    const html = withCspMeta(VITE_INDEX);
    const meta = `<meta http-equiv="Content-Security-Policy" content="${META_CONTENT_SECURITY_POLICY}">`;
    expect(html.indexOf(meta)).toBe(html.indexOf('<head>') + '<head>'.length);
    expect(html.indexOf(meta)).toBeLessThan(html.indexOf('<script'));
    expect(html.replace(meta, '')).toBe(VITE_INDEX);
  });

  it('gets a <head> where the document has none', () => {
    expect(withCspMeta('<!doctype html><p>x', "default-src 'none'")).toBe(
      `<!doctype html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><p>x`,
    );
  });

  it('is written into the built index.html by the build, which refuses a document without <head>', async () => {
    const dir = tempDir();
    const index = path.join(dir, 'index.html');
    writeFileSync(index, VITE_INDEX);
    await writeDocumentCsp(index);
    expect(readFileSync(index, 'utf8')).toContain(META_CONTENT_SECURITY_POLICY);
    writeFileSync(index, '<p>no head</p>');
    await expect(writeDocumentCsp(index)).rejects.toThrow(/no <head>/);
  });

  it('the report document keeps its own, stricter policy', () => {
    expect(withDocumentCsp('<html><head></head></html>')).toContain("default-src 'none'");
  });
});

describe('Auxclick is off on every window', () => {
  it('the main window', () => {
    createMainWindow({
      preloadPath: '/app/preload.cjs',
      bounds: { width: 1280, height: 800 },
      isMaximized: false,
    });
    const prefs = created[0]!.webPreferences ?? {};
    expect(prefs.disableBlinkFeatures).toBe('Auxclick');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      preload: '/app/preload.cjs',
    });
  });

  it('the PDF window', () => {
    expect(PDF_WINDOW_OPTIONS.webPreferences.disableBlinkFeatures).toBe(DISABLED_BLINK_FEATURES);
  });
});
