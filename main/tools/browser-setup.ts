/**
 * Which Chromium the e2e suite drives, and how a fresh machine gets one: the decisions only, with the
 * machine passed in as a {@link BrowserProbe} so tests can play any machine without uninstalling anything.
 * main/tools/ensure-browser.ts runs them (before the suite), e2e/fixtures/chromium.ts reads the answer.
 *
 * Order, cheapest and most explicit first: `CHROMIUM_PATH`; a system Chromium or Chrome on PATH; the browser
 * in Playwright's own cache. If none is there: Playwright's installer (works wherever its CDN is reachable),
 * then, as root on Debian, the distribution's `chromium` (the only source on machines that reach nothing but
 * the npm registry and Debian's archive). Else one line saying exactly what to run.
 */
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';

/** What the decisions need to know about the machine. */
export interface BrowserProbe {
  env: Readonly<Record<string, string | undefined>>;
  platform: NodeJS.Platform;
  /** Running as root (uid 0): apt-get can be run without sudo. */
  isRoot: boolean;
  /** Debian or a derivative with apt-get on PATH. */
  hasApt: boolean;
  /** True if `file` exists and is executable. */
  isExecutable(file: string): boolean;
  /** First match of an executable `name` on PATH, or null. */
  which(name: string): string | null;
  /** Where Playwright's own Chromium would be (whether or not it is downloaded), or null if unknown. */
  playwrightExecutable: string | null;
  /** Absolute path of Playwright's CLI (node_modules/playwright-core/cli.js), or null. */
  playwrightCli: string | null;
  /** The Node binary running us (for Playwright's installer). */
  nodePath: string;
}

/** A browser the suite can use. `executablePath` undefined means "Playwright's own", found in its cache. */
export interface FoundBrowser {
  executablePath: string | undefined;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright';
  /** For the one line ensure-browser prints. */
  location: string;
}

/** {@link findBrowser}'s answer: a browser, nothing (install), or a mistake the user must fix. */
export type BrowserLookup =
  { kind: 'found'; browser: FoundBrowser } | { kind: 'missing' } | { kind: 'invalid'; message: string };

/** One way to install a browser: commands run in order, each as [program, ...args]. */
export interface InstallStep {
  what: string;
  commands: string[][];
}

/** Names a system Chromium or Chrome is installed under on Linux (Debian, Ubuntu, Fedora, Google's packages). */
export const SYSTEM_BROWSER_NAMES: readonly string[] = [
  'chromium',
  'chromium-browser',
  'google-chrome-stable',
  'google-chrome',
];

/** Where browsers live outside PATH on macOS and Windows. */
function platformBrowserPaths(probe: BrowserProbe): string[] {
  if (probe.platform === 'darwin') {
    return [
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    ];
  }
  if (probe.platform === 'win32') {
    const roots = [probe.env.PROGRAMFILES, probe.env['PROGRAMFILES(X86)'], probe.env.LOCALAPPDATA];
    return roots
      .filter((root): root is string => Boolean(root))
      .map((root) => path.win32.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'));
  }
  return [];
}

/** Find a browser without installing anything. */
export function findBrowser(probe: BrowserProbe): BrowserLookup {
  const fromEnv = probe.env.CHROMIUM_PATH?.trim();
  if (fromEnv) {
    // An explicit choice is never second-guessed: a wrong one is reported, not replaced by another browser.
    return probe.isExecutable(fromEnv)
      ? { kind: 'found', browser: { executablePath: fromEnv, source: 'CHROMIUM_PATH', location: fromEnv } }
      : {
          kind: 'invalid',
          message: `CHROMIUM_PATH is ${fromEnv}, which is not an executable file: fix it or unset it.`,
        };
  }
  for (const name of SYSTEM_BROWSER_NAMES) {
    const found = probe.which(name);
    if (found)
      return { kind: 'found', browser: { executablePath: found, source: 'system', location: found } };
  }
  for (const candidate of platformBrowserPaths(probe)) {
    if (probe.isExecutable(candidate)) {
      return { kind: 'found', browser: { executablePath: candidate, source: 'system', location: candidate } };
    }
  }
  if (probe.playwrightExecutable && probe.isExecutable(probe.playwrightExecutable)) {
    return {
      kind: 'found',
      browser: { executablePath: undefined, source: 'playwright', location: probe.playwrightExecutable },
    };
  }
  return { kind: 'missing' };
}

/** What to try, in order, when {@link findBrowser} finds nothing. */
export function installPlan(probe: BrowserProbe): InstallStep[] {
  const steps: InstallStep[] = [];
  if (probe.playwrightCli) {
    steps.push({
      what: "Playwright's Chromium (npx playwright install chromium)",
      commands: [[probe.nodePath, probe.playwrightCli, 'install', 'chromium']],
    });
  }
  if (probe.platform === 'linux' && probe.hasApt && probe.isRoot) {
    steps.push({
      what: "Debian's chromium (apt-get install chromium)",
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', 'chromium'],
      ],
    });
  }
  return steps;
}

/** The one line printed when nothing could be found or installed: exactly what to run. */
export function manualInstruction(probe: BrowserProbe): string {
  const set = 'or set CHROMIUM_PATH to a Chromium or Chrome executable';
  if (probe.platform === 'linux' && probe.hasApt) {
    const sudo = probe.isRoot ? '' : 'sudo ';
    return `e2e needs a Chromium and none could be installed: run \`${sudo}apt-get install -y chromium\` (${set}), then npm test again.`;
  }
  return `e2e needs a Chromium and none could be installed: run \`npx playwright install chromium\` where its download is reachable (${set}), then npm test again.`;
}

/** The real machine. */
export function systemProbe(env: NodeJS.ProcessEnv = process.env): BrowserProbe {
  const isExecutable = (file: string): boolean => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  const which = (name: string): string | null => {
    const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
    const names = process.platform === 'win32' ? [`${name}.exe`, name] : [name];
    for (const dir of dirs) {
      for (const candidate of names) {
        const file = path.join(dir, candidate);
        if (isExecutable(file)) return file;
      }
    }
    return null;
  };
  let playwrightExecutable: string | null = null;
  let playwrightCli: string | null = null;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    playwrightExecutable = chromium.executablePath();
    playwrightCli = path.join(path.dirname(require.resolve('playwright-core/package.json')), 'cli.js');
  } catch {
    // playwright-core missing: npm ci has not run; the suite cannot run either, and says so itself.
  }
  return {
    env,
    platform: process.platform,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasApt: existsSync('/etc/debian_version') && which('apt-get') !== null,
    isExecutable,
    which,
    playwrightExecutable,
    playwrightCli,
    nodePath: process.execPath,
  };
}
