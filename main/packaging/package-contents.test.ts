/**
 * Offline packaging check 2 of 2 — PACKAGE CONTENTS ONLY.
 *
 * This proves what electron-builder puts into app.asar under our `files` allow-list: the built main,
 * preload and renderer go in; sources, source maps and node_modules stay out. It does NOT prove that the
 * packaged app starts or works: the Electron binary cannot be downloaded here, so electronDist points at a
 * stand-in (a dummy `electron` executable plus a `version` file), and the "app" inside is a placeholder
 * dist/ built for this test.
 *
 * Why a temp copy of the project with a placeholder dist/ instead of the real one: the real build depends
 * on the renderer and takes longer; what is under test here is the packaging config, so the test feeds it
 * a known tree, including decoy sources and maps that must be left out. The real package.json and
 * electron-builder.yml are used, and node_modules is linked in so dependency collection runs for real.
 */
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { listPackage } from '@electron/asar';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

function runElectronBuilder(cwd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const cli = path.join(REPO_ROOT, 'node_modules', 'electron-builder', 'cli.js');
    const child = spawn(process.execPath, [cli, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('packaging contents (proves only what goes into app.asar, not that the app runs)', () => {
  const work = tempDir('cascade-pack-');
  const project = path.join(work, 'project');
  const electronDist = path.join(work, 'electron-stand-in');
  const output = path.join(work, 'release');
  let entries: string[] = [];

  beforeAll(async () => {
    // The real config, metadata, icons and scenario data.
    mkdirSync(project);
    copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(project, 'package.json'));
    copyFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), path.join(project, 'electron-builder.yml'));
    cpSync(path.join(REPO_ROOT, 'assets'), path.join(project, 'assets'), { recursive: true });
    write(path.join(project, 'assets', 'scenarios', 'placeholder.json'), '{}');
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'junction');
    // Placeholder build output...
    write(path.join(project, 'dist', 'main', 'index.cjs'), '"use strict";');
    write(path.join(project, 'dist', 'main', 'index.cjs.map'), '{}');
    write(path.join(project, 'dist', 'main', 'preload.cjs'), '"use strict";');
    write(path.join(project, 'dist', 'renderer', 'index.html'), '<!doctype html>');
    write(path.join(project, 'dist', 'renderer', 'assets', 'index.js'), 'export {};');
    // ...and decoys the allow-list must keep out.
    write(path.join(project, 'main', 'index.ts'), 'export {};');
    write(path.join(project, 'renderer', 'src', 'main.ts'), 'export {};');
    write(path.join(project, 'sim-core', 'src', 'model', 'index.ts'), 'export {};');
    write(path.join(project, 'tsconfig.base.json'), '{}');
    // The Electron stand-in: electron-builder copies this folder instead of downloading Electron.
    write(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    write(path.join(electronDist, 'version'), 'v45.4.1');

    const { code, output: log } = await runElectronBuilder(project, [
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ]);
    const asar = path.join(output, 'linux-unpacked', 'resources', 'app.asar');
    if (code !== 0 || !existsSync(asar)) throw new Error(`electron-builder failed (exit ${code}):\n${log}`);
    entries = listPackage(asar, { isPack: false }).map((entry) => entry.split(path.sep).join('/'));
  }, 180_000);

  it('contains the built main, preload and renderer', () => {
    expect(entries).toEqual(
      expect.arrayContaining([
        '/dist/main/index.cjs',
        '/dist/main/preload.cjs',
        '/dist/renderer/index.html',
        '/dist/renderer/assets/index.js',
        '/package.json',
        '/assets/scenarios/placeholder.json',
      ]),
    );
  });

  it('contains no TypeScript sources, source maps, node_modules or stray config', () => {
    expect(entries.filter((entry) => entry.endsWith('.ts'))).toEqual([]);
    expect(entries.filter((entry) => entry.endsWith('.map'))).toEqual([]);
    expect(entries.filter((entry) => entry.includes('node_modules'))).toEqual([]);
    expect(entries.filter((entry) => /^\/(main|renderer|sim-core|e2e)(\/|$)/.test(entry))).toEqual([]);
    expect(entries).not.toContain('/tsconfig.base.json');
  });
});
