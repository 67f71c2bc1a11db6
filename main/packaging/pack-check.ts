/**
 * `npm run pack:check`: build the app, package it unpacked for Linux with an Electron stand-in, and check
 * what ships. CONTENTS ONLY: no Electron binary can be downloaded here, so this never starts the packaged
 * app (see pack-contents.ts for exactly what is and is not proven). Exit 1 with one line per problem.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runBuild } from '../launch/build-app';
import { REPO_ROOT } from '../launch/paths';
import { checkPackage, folderBytes, runElectronBuilder, writeElectronStandIn } from './pack-contents';
import { loadBuilderConfig, checkBuilderConfig } from './builder-config';

const MB = 1024 * 1024;

async function main(): Promise<number> {
  console.log(
    'pack:check checks what goes into the package, not that the packaged app runs (no Electron binary here).',
  );
  await runBuild((line) => console.log(line));

  const work = mkdtempSync(path.join(os.tmpdir(), 'cascade-pack-check-'));
  try {
    const electronDist = path.join(work, 'electron-stand-in');
    const output = path.join(work, 'release');
    writeElectronStandIn(electronDist);
    console.log('pack:check: electron-builder --linux dir with an Electron stand-in ...');
    const started = process.hrtime.bigint();
    const { code, output: log } = await runElectronBuilder(REPO_ROOT, REPO_ROOT, electronDist, output);
    const seconds = Number((process.hrtime.bigint() - started) / 1_000_000n) / 1000;
    if (code !== 0) {
      console.error(log.trimEnd());
      console.error(`pack:check: electron-builder failed (exit ${code}); its output is above.`);
      return 1;
    }

    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string };
    const scenarios = readdirSync(path.join(REPO_ROOT, 'assets', 'scenarios')).filter((f) =>
      f.endsWith('.json'),
    );
    const unpacked = path.join(output, 'linux-unpacked');
    const report = await checkPackage(unpacked, { scenarios, executableName: pkg.name });
    const config = checkBuilderConfig(await loadBuilderConfig(REPO_ROOT));
    const problems = [...report.problems, ...config.problems];

    const fuses = Object.entries(report.fuses)
      .map(([name, on]) => `${name} ${on === true ? 'on' : on === false ? 'off' : on}`)
      .join(', ');
    console.log(`pack:check: packaged in ${seconds.toFixed(1)} s`);
    console.log(
      `pack:check: app.asar ${(report.asarBytes / MB).toFixed(2)} MB, ${report.files.length} files; ` +
        `whole unpacked app (stand-in Electron, so without Chromium) ${(folderBytes(unpacked) / MB).toFixed(2)} MB`,
    );
    console.log(`pack:check: scenarios in the asar: ${scenarios.join(', ')}`);
    console.log(`pack:check: fuses read back from the packaged binary: ${fuses}`);
    console.log(`pack:check: ${config.summary}`);
    if (problems.length > 0) {
      for (const problem of problems) console.error(`pack:check: PROBLEM: ${problem}`);
      return 1;
    }
    console.log('pack:check: contents as documented (this does not start the app).');
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`pack:check failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
