/**
 * The build: main + preload bundled by esbuild, renderer by Vite. Shared by `npm run build` (main/build.ts)
 * and the launchers, which build on demand or reuse a build that is newer than every source file.
 */
import { spawn } from 'node:child_process';
import { promises as fs, statSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { build as esbuild, type Message } from 'esbuild';
import { META_CONTENT_SECURITY_POLICY, withCspMeta } from '../window/csp';
import { MAIN_BUNDLE, PRELOAD_BUNDLE, RENDERER_DIST, RENDERER_VITE_CONFIG, REPO_ROOT } from './paths';

/** A build step failed; `message` is one line meant for the terminal. */
export class BuildError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BuildError';
  }
}

/** Where progress lines go (stdout by default; tests pass a collector). */
export type Log = (line: string) => void;

/** Electron 45 ships Node 22; targeting it keeps modern syntax untranspiled. */
const NODE_TARGET = 'node22';

/** Run the whole build. Resolves when dist/ is complete; rejects with {@link BuildError}. */
export async function runBuild(log: Log = (line) => console.log(line)): Promise<void> {
  const started = process.hrtime.bigint();
  log('build: main process (esbuild) ...');
  await bundleNode(path.join(REPO_ROOT, 'main', 'index.ts'), MAIN_BUNDLE, 'main');
  log('build: preload (esbuild, single file for the sandbox) ...');
  await bundleNode(path.join(REPO_ROOT, 'main', 'preload', 'index.ts'), PRELOAD_BUNDLE, 'preload');
  log('build: renderer (vite) ...');
  await buildRenderer();
  await writeDocumentCsp(path.join(RENDERER_DIST, 'index.html'));
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  log(`build: done in ${(ms / 1000).toFixed(1)} s -> dist/main, dist/renderer`);
}

async function bundleNode(entry: string, outfile: string, what: string): Promise<void> {
  try {
    await esbuild({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: NODE_TARGET,
      // Provided by the Electron runtime; everything else (zod, our modules) is inlined, so the packaged
      // app needs no node_modules and the sandboxed preload needs no relative require.
      external: ['electron'],
      sourcemap: 'linked',
      // zod makes the bundles large; minifying roughly thirds the preload every page load parses.
      minify: true,
      logLevel: 'silent',
    });
  } catch (error) {
    throw new BuildError(`build failed: ${what}: ${firstEsbuildError(error)}`);
  }
}

function firstEsbuildError(error: unknown): string {
  const errors = (error as { errors?: Message[] }).errors;
  const first = errors?.[0];
  if (!first) return error instanceof Error ? error.message : String(error);
  const where = first.location
    ? `${first.location.file}:${first.location.line}:${first.location.column}: `
    : '';
  return `${where}${first.text}`;
}

async function buildRenderer(): Promise<void> {
  try {
    await fs.access(RENDERER_VITE_CONFIG);
  } catch {
    throw new BuildError(
      `build failed: renderer: ${path.relative(REPO_ROOT, RENDERER_VITE_CONFIG)} does not exist`,
    );
  }
  const viteBin = path.join(REPO_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const args = [viteBin, 'build', '-c', RENDERER_VITE_CONFIG, '--logLevel', 'warn'];
  const { code, output } = await run(process.execPath, args);
  if (output.trim()) process.stderr.write(indent(output));
  if (code !== 0)
    throw new BuildError(`build failed: renderer: vite exited with code ${code} (output above)`);
  try {
    await fs.access(path.join(RENDERER_DIST, 'index.html'));
  } catch {
    throw new BuildError('build failed: renderer: vite finished but dist/renderer/index.html is missing');
  }
}

/**
 * Put the app's CSP into the built document itself (main/window/csp.ts stays the one definition), so the
 * policy holds wherever index.html is loaded from, not only where our servers add the header.
 */
export async function writeDocumentCsp(indexHtml: string): Promise<void> {
  const html = await fs.readFile(indexHtml, 'utf8');
  const withMeta = withCspMeta(html);
  if (!withMeta.includes(META_CONTENT_SECURITY_POLICY) || !/<head[\s>]/i.test(html)) {
    throw new BuildError(`build failed: renderer: ${indexHtml} has no <head> to carry the CSP`);
  }
  await fs.writeFile(indexHtml, withMeta);
}

function run(command: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    // Output is collected, not streamed: on success Vite (at --logLevel warn) says only what matters.
    // Colour codes only help when our own stderr is a terminal; in CI logs they are noise.
    const env = process.stderr.isTTY
      ? { ...process.env, FORCE_COLOR: '1' }
      : { ...process.env, NO_COLOR: '1' };
    const child = spawn(command, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n')
    .concat('\n');
}

/** Inputs whose change makes a build stale. */
const SOURCE_DIRS = ['main', 'renderer', 'sim-core/src', 'assets'];
const SOURCE_FILES = ['package.json'];

/**
 * True if every output exists and is newer than every source file, so a launcher may skip the build.
 * Cheap (a stat walk); errs towards rebuilding.
 */
export function isBuildFresh(): boolean {
  const outputs = [MAIN_BUNDLE, PRELOAD_BUNDLE, path.join(RENDERER_DIST, 'index.html')];
  let oldestOutput = Infinity;
  for (const file of outputs) {
    const mtime = mtimeOf(file);
    if (mtime === null) return false;
    oldestOutput = Math.min(oldestOutput, mtime);
  }
  const newestSource = Math.max(
    0,
    ...SOURCE_FILES.map((file) => mtimeOf(path.join(REPO_ROOT, file)) ?? 0),
    ...SOURCE_DIRS.map((dir) => newestMtime(path.join(REPO_ROOT, dir))),
  );
  return newestSource < oldestOutput;
}

function mtimeOf(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return null;
  }
}

function newestMtime(dir: string): number {
  let newest = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    // Tests do not go into the build; editing one should not force a rebuild.
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, mtimeOf(full) ?? 0);
  }
  return newest;
}
