/**
 * Offline packaging check 2 of 2 — PACKAGE CONTENTS ONLY.
 *
 * This proves what electron-builder puts into app.asar under our `files` allow-list, and that the afterPack
 * hook sets the fuses, using the same checks as `npm run pack:check` (pack-contents.ts). It does NOT prove
 * that the packaged app starts or works: the Electron binary cannot be downloaded here, so electronDist
 * points at a stand-in, and the "app" inside is a placeholder dist/ built for this test.
 *
 * Why a temp copy of the project with a placeholder dist/ instead of the real one: the real build depends
 * on the renderer and takes longer (pack:check does that); what is under test here is the packaging config,
 * so the test feeds it a known tree, including decoy sources and maps that must be left out. The real
 * package.json, electron-builder.yml and afterPack hook are used, and node_modules is linked in so
 * dependency collection runs for real.
 */
import { copyFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { checkPackage, runElectronBuilder, writeElectronStandIn, type PackageReport } from './pack-contents';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

function write(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

describe('packaging contents (proves only what goes into app.asar, not that the app runs)', () => {
  const work = tempDir('cascade-pack-');
  const project = path.join(work, 'project');
  const electronDist = path.join(work, 'electron-stand-in');
  const output = path.join(work, 'release');
  const unpacked = path.join(output, 'linux-unpacked');
  let report: PackageReport;

  beforeAll(async () => {
    // The real config, hook, metadata, icons and scenario data.
    mkdirSync(project);
    copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(project, 'package.json'));
    copyFileSync(path.join(REPO_ROOT, 'electron-builder.yml'), path.join(project, 'electron-builder.yml'));
    mkdirSync(path.join(project, 'main', 'packaging'), { recursive: true });
    copyFileSync(
      path.join(REPO_ROOT, 'main', 'packaging', 'after-pack.cjs'),
      path.join(project, 'main', 'packaging', 'after-pack.cjs'),
    );
    cpSync(path.join(REPO_ROOT, 'assets'), path.join(project, 'assets'), { recursive: true });
    write(path.join(project, 'assets', 'scenarios', 'placeholder.json'), '{}');
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(project, 'node_modules'), 'junction');
    // Placeholder build output...
    write(path.join(project, 'dist', 'main', 'index.cjs'), '"use strict";');
    write(path.join(project, 'dist', 'main', 'index.cjs.map'), '{}');
    write(path.join(project, 'dist', 'main', 'preload.cjs'), '"use strict";');
    write(
      path.join(project, 'dist', 'renderer', 'index.html'),
      '<!doctype html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"></head>',
    );
    write(path.join(project, 'dist', 'renderer', 'assets', 'index.js'), 'export {};');
    // ...and decoys the allow-list must keep out.
    write(path.join(project, 'main', 'index.ts'), 'export {};');
    write(path.join(project, 'renderer', 'src', 'main.ts'), 'export {};');
    write(path.join(project, 'sim-core', 'src', 'model', 'index.ts'), 'export {};');
    write(path.join(project, 'tsconfig.base.json'), '{}');
    writeElectronStandIn(electronDist);

    const { code, output: log } = await runElectronBuilder(REPO_ROOT, project, electronDist, output);
    if (code !== 0) throw new Error(`electron-builder failed (exit ${code}):\n${log}`);
    report = await checkPackage(unpacked, {
      scenarios: ['placeholder.json'],
      executableName: 'cascade-drill',
    });
  }, 180_000);

  it('contains the built main, preload, renderer and scenarios, and the entry resolves', () => {
    expect(report.files).toEqual(
      expect.arrayContaining([
        '/dist/main/index.cjs',
        '/dist/main/preload.cjs',
        '/dist/renderer/index.html',
        '/dist/renderer/assets/index.js',
        '/package.json',
        '/assets/scenarios/placeholder.json',
      ]),
    );
    expect(report.problems).toEqual([]);
  });

  it('contains no TypeScript sources, source maps, node_modules or stray config', () => {
    expect(report.files.filter((entry) => /\.ts$|\.map$|node_modules/.test(entry))).toEqual([]);
    expect(report.files.filter((entry) => /^\/(main|renderer|sim-core|e2e)(\/|$)/.test(entry))).toEqual([]);
    expect(report.files).not.toContain('/tsconfig.base.json');
  });

  it('the afterPack hook set every fuse in the packaged binary', () => {
    expect(report.fuses).toEqual({
      RunAsNode: false,
      EnableCookieEncryption: true,
      EnableNodeOptionsEnvironmentVariable: false,
      EnableNodeCliInspectArguments: false,
      EnableEmbeddedAsarIntegrityValidation: true,
      OnlyLoadAppFromAsar: true,
      LoadBrowserProcessSpecificV8Snapshot: false,
      GrantFileProtocolExtraPrivileges: false,
    });
  });

  it('the checks fail where they should: a missing scenario, the wrong binary, an update feed', async () => {
    const bad = await checkPackage(unpacked, { scenarios: ['other.json'], executableName: 'not-there' });
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        'missing scenario other.json',
        expect.stringMatching(/^cannot read the fuses of .*not-there/),
      ]),
    );
    write(path.join(unpacked, 'resources', 'app-update.yml'), 'provider: generic\n');
    const withFeed = await checkPackage(unpacked, { scenarios: [], executableName: 'cascade-drill' });
    expect(withFeed.problems).toEqual([expect.stringMatching(/app-update\.yml exists/)]);
  });
});
