/** `npm run web -- [--port N]`: serve the built app in browser mode on 127.0.0.1. */
import { parseLaunchArgs, USAGE } from './args';
import { browserModeUrl, ensureRendererBuilt, serveBrowserMode } from './browser-mode';
import { runCli } from './cli';

runCli('web', async () => {
  const args = parseLaunchArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  await ensureRendererBuilt((line) => console.log(line));
  await serveBrowserMode(args.port);
  console.log(`Cascade Drill (browser mode) at ${browserModeUrl(args.port)}  (Ctrl+C to stop)`);
});
