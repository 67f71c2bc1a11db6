/**
 * What `npm run pack:check` and the packaging test share: an Electron stand-in electron-builder can package
 * offline, the electron-builder run, and the checks on what came out.
 *
 * CONTENTS ONLY. The Electron binary cannot be downloaded on this machine, so electron-builder is given a
 * stand-in distribution (a tiny shell script plus a `version` file). That proves what goes into app.asar and
 * beside it, that the afterPack hook ran and set the fuses (the stand-in carries a fuse wire laid out as in
 * Electron's binary), and what the configuration says about file associations and updates. It does NOT
 * prove that the packaged app starts.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { extractFile, listPackage } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';

/** The sentinel @electron/fuses looks for in Electron's binary; the fuse wire follows it. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults for the eight V1 fuses, in wire order ('1' on, '0' off). */
const ELECTRON_DEFAULT_WIRE = '10110001';
/** Fuse states as bytes in the wire. */
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

/** The fuses the afterPack hook must have set, by wire index (see main/packaging/after-pack.cjs). */
export const EXPECTED_FUSES: readonly { index: number; name: string; on: boolean }[] = [
  { index: 0, name: 'RunAsNode', on: false },
  { index: 1, name: 'EnableCookieEncryption', on: true },
  { index: 2, name: 'EnableNodeOptionsEnvironmentVariable', on: false },
  { index: 3, name: 'EnableNodeCliInspectArguments', on: false },
  { index: 4, name: 'EnableEmbeddedAsarIntegrityValidation', on: true },
  { index: 5, name: 'OnlyLoadAppFromAsar', on: true },
  { index: 6, name: 'LoadBrowserProcessSpecificV8Snapshot', on: false },
  { index: 7, name: 'GrantFileProtocolExtraPrivileges', on: false },
];

/**
 * Write an Electron stand-in into `dir`: an `electron` executable (a shell script that exits, with a fuse
 * wire in Electron's layout and Electron's default states) and a `version` file.
 */
export function writeElectronStandIn(dir: string, version = 'v45.4.1'): void {
  mkdirSync(dir, { recursive: true });
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'latin1'),
    Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]),
    Buffer.from(ELECTRON_DEFAULT_WIRE, 'latin1'),
  ]);
  const script = Buffer.from(
    '#!/bin/sh\n# Electron stand-in for offline packaging checks; not a runnable app.\nexit 0\n# ',
  );
  writeFileSync(path.join(dir, 'electron'), Buffer.concat([script, wire, Buffer.from('\n')]));
  chmodSync(path.join(dir, 'electron'), 0o755);
  writeFileSync(path.join(dir, 'version'), version);
}

/** Run electron-builder's CLI for an unpacked Linux app with the stand-in; resolves with its exit code and output. */
export function runElectronBuilder(
  repoRoot: string,
  projectDir: string,
  electronDist: string,
  outputDir: string,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const cli = path.join(repoRoot, 'node_modules', 'electron-builder', 'cli.js');
    const args = [
      cli,
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${outputDir}`,
    ];
    const child = spawn(process.execPath, args, { cwd: projectDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

/** What the checks found. `problems` empty means the package is as documented. */
export interface PackageReport {
  problems: string[];
  /** Entries of app.asar, as '/dir/file' (files only). */
  files: string[];
  asarBytes: number;
  /** Fuse states read back from the packaged binary, by name. */
  fuses: Record<string, boolean | 'unknown'>;
}

/** What must be in the package, beyond the fixed build outputs. */
export interface PackageExpectations {
  /** Scenario file names (from assets/scenarios) that must be in the asar. */
  scenarios: string[];
  /** Executable name inside linux-unpacked (package.json `name` unless configured). */
  executableName: string;
}

/** Files that must be in app.asar whatever the build produced. */
const REQUIRED = [
  '/package.json',
  '/dist/main/index.cjs',
  '/dist/main/preload.cjs',
  '/dist/renderer/index.html',
];

/** What must never ship, with why (the reason is printed). */
const FORBIDDEN: readonly { pattern: RegExp; what: string }[] = [
  { pattern: /\.(ts|tsx|mts|cts)$/, what: 'TypeScript source' },
  { pattern: /\.map$/, what: 'source map' },
  { pattern: /(^|\/)node_modules(\/|$)/, what: 'node_modules (dependencies are bundled)' },
  { pattern: /\.(test|spec)\.[cm]?[jt]s$/, what: 'test' },
  {
    pattern: /^\/(main|renderer|sim-core|e2e|docs|scripts|test-results|release|\.ci|\.git)\//,
    what: 'source or repo folder',
  },
  {
    pattern:
      /^\/(tsconfig[^/]*\.json|eslint\.config\.[cm]?js|vitest\.config\.[cm]?ts|electron-builder\.yml|package-lock\.json)$/,
    what: 'dev config',
  },
];

/** Check `unpackedDir` (release/linux-unpacked). Never throws for a bad package: every finding is a problem line. */
export async function checkPackage(unpackedDir: string, expect: PackageExpectations): Promise<PackageReport> {
  const problems: string[] = [];
  const asar = path.join(unpackedDir, 'resources', 'app.asar');
  if (!existsSync(asar)) {
    return { problems: [`no app.asar at ${asar}`], files: [], asarBytes: 0, fuses: {} };
  }
  const asarBytes = statSync(asar).size;
  const all = listPackage(asar, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
  // listPackage lists folders too; a file is an entry no other entry lies under.
  const files = all.filter((entry) => !all.some((other) => other.startsWith(`${entry}/`)));

  for (const required of REQUIRED) {
    if (!files.includes(required)) problems.push(`missing ${required}`);
  }
  if (!files.some((file) => /^\/dist\/renderer\/assets\/[^/]+\.js$/.test(file))) {
    problems.push('missing the renderer bundle (/dist/renderer/assets/*.js)');
  }
  for (const scenario of expect.scenarios) {
    if (!files.includes(`/assets/scenarios/${scenario}`)) problems.push(`missing scenario ${scenario}`);
  }
  for (const file of files) {
    const hit = FORBIDDEN.find(({ pattern }) => pattern.test(file));
    if (hit) problems.push(`ships a ${hit.what}: ${file}`);
  }

  // The entry point resolves: package.json `main` names a file in the asar.
  try {
    const pkg = JSON.parse(extractFile(asar, 'package.json').toString('utf8')) as { main?: unknown };
    const main =
      typeof pkg.main === 'string' ? `/${path.posix.normalize(pkg.main).replace(/^\.?\//, '')}` : null;
    if (!main) problems.push('package.json in the asar has no "main"');
    else if (!files.includes(main)) problems.push(`package.json "main" is ${main}, which is not in the asar`);
    if ('devDependencies' in pkg) problems.push('package.json in the asar still lists devDependencies');
  } catch (error) {
    problems.push(`package.json in the asar is unreadable: ${String(error)}`);
  }
  // The document carries its CSP (written by the build from main/window/csp.ts).
  if (files.includes('/dist/renderer/index.html')) {
    const html = extractFile(asar, 'dist/renderer/index.html').toString('utf8');
    if (!/<meta http-equiv="Content-Security-Policy"/.test(html))
      problems.push('index.html has no CSP <meta>');
  }
  // No update feed is built in (the organisation configures one at install time).
  if (existsSync(path.join(unpackedDir, 'resources', 'app-update.yml'))) {
    problems.push(
      'resources/app-update.yml exists: a built-in update feed, but updates must be off by default',
    );
  }

  const fuses: Record<string, boolean | 'unknown'> = {};
  const binary = path.join(unpackedDir, expect.executableName);
  try {
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    for (const fuse of EXPECTED_FUSES) {
      const state = wire[fuse.index];
      fuses[fuse.name] = state === FUSE_ON ? true : state === FUSE_OFF ? false : 'unknown';
      if (fuses[fuse.name] !== fuse.on) {
        problems.push(`fuse ${fuse.name} is ${String(fuses[fuse.name])}, expected ${fuse.on ? 'on' : 'off'}`);
      }
    }
  } catch (error) {
    problems.push(
      `cannot read the fuses of ${binary}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return { problems, files, asarBytes, fuses };
}

/** Total bytes of every file under `dir`. */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.isFile()) total += statSync(full).size;
  }
  return total;
}
