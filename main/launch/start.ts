/**
 * `npm start`: build what is stale, then run the Electron app; where no Electron binary exists (offline
 * machines cannot download it), say so in one line and serve the same build in browser mode instead.
 */
import { spawn } from 'node:child_process';
import { parseLaunchArgs } from './args';
import { browserModeUrl, serveBrowserMode } from './browser-mode';
import { isBuildFresh, runBuild } from './build-app';
import { runCli } from './cli';
import { electronPackageDir, findElectronBinary } from './electron-binary';
import { MAIN_BUNDLE, REPO_ROOT } from './paths';

runCli('start', async () => {
  const args = parseLaunchArgs(process.argv.slice(2));
  if (args.help) {
    console.log('usage: npm start -- [--port N]   (N is used only if Electron is unavailable; default 5170)');
    return;
  }
  if (isBuildFresh()) console.log('build: up to date (dist/ is newer than every source)');
  else await runBuild();

  const electron = findElectronBinary(electronPackageDir());
  if (!electron.found) {
    console.log(
      `Electron is not available on this machine (${electron.reason}); serving Cascade Drill in browser mode at ${browserModeUrl(args.port)}`,
    );
    await serveBrowserMode(args.port);
    return;
  }
  await runElectron(electron.executable);
});

function runElectron(executable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    // Inherited from some tool wrappers, this flag would make the binary behave as plain Node.
    delete env.ELECTRON_RUN_AS_NODE;
    const child = spawn(executable, [MAIN_BUNDLE], { cwd: REPO_ROOT, stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals): void => void child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (error) =>
      reject(new Error(`could not launch Electron at ${executable}: ${error.message}`)),
    );
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 1 : 0);
      resolve();
    });
  });
}
