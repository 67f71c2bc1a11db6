import { describe, expect, it } from 'vitest';
import { isReportDocumentRequest, REPORT_DOCUMENT_CSP, withDocumentCsp } from './pdf-window';

const META = `<meta http-equiv="Content-Security-Policy" content="${REPORT_DOCUMENT_CSP}">`;

describe('withDocumentCsp', () => {
  it('puts the CSP first in <head>, before the report styles', () => {
    expect(withDocumentCsp('<!doctype html><html><head lang="en"><style>p{}</style></head>')).toBe(
      `<!doctype html><html><head lang="en">${META}<style>p{}</style></head>`,
    );
  });

  it('adds a head after the doctype when there is none', () => {
    expect(withDocumentCsp('<!DOCTYPE html><p>x</p>')).toBe(`<!DOCTYPE html><head>${META}</head><p>x</p>`);
    expect(withDocumentCsp('<p>x</p>')).toBe(`<head>${META}</head><p>x</p>`);
  });

  it('does not mistake <header> for <head>', () => {
    expect(withDocumentCsp('<header>x</header>')).toBe(`<head>${META}</head><header>x</header>`);
  });

  it('forbids fetching anything and running scripts', () => {
    expect(REPORT_DOCUMENT_CSP).toContain("default-src 'none'");
    expect(REPORT_DOCUMENT_CSP).not.toMatch(/script-src|https?:|\*/);
  });
});

describe('isReportDocumentRequest', () => {
  it('matches the file itself, percent-encoded or not', () => {
    expect(isReportDocumentRequest('file:///tmp/a%20b/report.html', '/tmp/a b/report.html', 'linux')).toBe(
      true,
    );
    expect(isReportDocumentRequest('file:///tmp/x/report.html', '/tmp/x/report.html', 'linux')).toBe(true);
  });

  it.each([
    ['another file', 'file:///tmp/x/other.html'],
    ['a parent-relative trick', 'file:///tmp/x/../y/report.html'],
    ['a query', 'file:///tmp/x/report.html?a=1'],
    ['a fragment', 'file:///tmp/x/report.html#a'],
    ['https', 'https://example.com/tmp/x/report.html'],
    ['a data URL', 'data:text/html,hi'],
    ['garbage', 'not a url'],
  ])('refuses %s', (_name, url) => {
    expect(isReportDocumentRequest(url, '/tmp/x/report.html', 'linux')).toBe(false);
  });
});
