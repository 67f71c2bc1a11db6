import { describe, expect, it } from 'vitest';
import { findBrowser, installPlan, manualInstruction, type BrowserProbe } from './browser-setup';

const PW = '/root/.cache/ms-playwright/chromium-1255/chrome-linux64/chrome';

/** A machine with the given executables and PATH entries. */
function machine(over: Partial<BrowserProbe> & { files?: string[]; onPath?: Record<string, string> } = {}) {
  const files = new Set(over.files ?? []);
  const onPath = over.onPath ?? {};
  const probe: BrowserProbe = {
    env: {},
    platform: 'linux',
    isRoot: false,
    hasApt: false,
    isExecutable: (file) => files.has(file),
    which: (name) => onPath[name] ?? null,
    playwrightExecutable: PW,
    playwrightCli: '/repo/node_modules/playwright-core/cli.js',
    nodePath: '/usr/bin/node',
    ...over,
  };
  return probe;
}

describe('findBrowser', () => {
  it('takes CHROMIUM_PATH first, even when a system Chromium exists', () => {
    const probe = machine({
      env: { CHROMIUM_PATH: '/opt/chrome/chrome' },
      files: ['/opt/chrome/chrome', PW],
      onPath: { chromium: '/usr/bin/chromium' },
    });
    expect(findBrowser(probe)).toEqual({
      kind: 'found',
      browser: {
        executablePath: '/opt/chrome/chrome',
        source: 'CHROMIUM_PATH',
        location: '/opt/chrome/chrome',
      },
    });
  });

  it('reports a CHROMIUM_PATH that is not there instead of quietly using another browser', () => {
    const probe = machine({
      env: { CHROMIUM_PATH: '/nope/chrome' },
      onPath: { chromium: '/usr/bin/chromium' },
    });
    const lookup = findBrowser(probe);
    expect(lookup.kind).toBe('invalid');
    expect(lookup.kind === 'invalid' && lookup.message).toContain('/nope/chrome');
  });

  it('ignores an empty CHROMIUM_PATH', () => {
    const probe = machine({ env: { CHROMIUM_PATH: '  ' }, onPath: { chromium: '/usr/bin/chromium' } });
    expect(findBrowser(probe)).toMatchObject({ kind: 'found', browser: { source: 'system' } });
  });

  it('prefers a system Chromium over a Chrome and over Playwright’s cache', () => {
    const probe = machine({
      files: [PW],
      onPath: { 'google-chrome': '/usr/bin/google-chrome', 'chromium-browser': '/usr/bin/chromium-browser' },
    });
    expect(findBrowser(probe)).toMatchObject({
      kind: 'found',
      browser: { executablePath: '/usr/bin/chromium-browser', source: 'system' },
    });
  });

  it('finds Chrome in /Applications on macOS', () => {
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    const probe = machine({ platform: 'darwin', files: [chrome] });
    expect(findBrowser(probe)).toMatchObject({ kind: 'found', browser: { executablePath: chrome } });
  });

  it('falls back to Playwright’s own browser, leaving the executable to Playwright', () => {
    expect(findBrowser(machine({ files: [PW] }))).toEqual({
      kind: 'found',
      browser: { executablePath: undefined, source: 'playwright', location: PW },
    });
  });

  it('finds nothing on a fresh machine', () => {
    expect(findBrowser(machine())).toEqual({ kind: 'missing' });
    expect(findBrowser(machine({ playwrightExecutable: null }))).toEqual({ kind: 'missing' });
  });
});

describe('installPlan', () => {
  it('as root on Debian: Playwright’s installer, then apt-get', () => {
    const plan = installPlan(machine({ isRoot: true, hasApt: true }));
    expect(plan.map((step) => step.commands)).toEqual([
      [['/usr/bin/node', '/repo/node_modules/playwright-core/cli.js', 'install', 'chromium']],
      [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'chromium'],
      ],
    ]);
  });

  it('never runs apt-get without root, nor off Debian', () => {
    for (const probe of [
      machine({ isRoot: false, hasApt: true }),
      machine({ isRoot: true, hasApt: false }),
      machine({ isRoot: true, hasApt: true, platform: 'darwin' }),
    ]) {
      expect(installPlan(probe).flatMap((step) => step.commands.map((c) => c[0]))).not.toContain('apt-get');
    }
  });

  it('has nothing to try without Playwright’s CLI off Debian', () => {
    expect(installPlan(machine({ playwrightCli: null }))).toEqual([]);
  });
});

describe('manualInstruction', () => {
  it('is one line naming the exact command for the machine', () => {
    const debianUser = manualInstruction(machine({ hasApt: true }));
    expect(debianUser).toContain('`sudo apt-get install -y chromium`');
    expect(manualInstruction(machine({ platform: 'darwin' }))).toContain('`npx playwright install chromium`');
    expect(manualInstruction(machine({ hasApt: true, isRoot: true }))).toContain(
      'run `apt-get install -y chromium`',
    );
    for (const line of [debianUser, manualInstruction(machine())]) {
      expect(line).not.toContain('\n');
      expect(line).toContain('CHROMIUM_PATH');
    }
  });
});
