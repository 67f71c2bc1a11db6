/** `npm run web -- [--port N] [--team ...]`: serve the built app in browser mode (127.0.0.1, or the LAN for a team drill). */
import { hostTeamDrill, teamBanner } from '../features/team/index';
import { parseLaunchArgs, USAGE } from './args';
import { browserModeUrl, ensureRendererBuilt, serveBrowserMode } from './browser-mode';
import { runCli } from './cli';
import { RENDERER_DIST } from './paths';

runCli('web', async () => {
  const args = parseLaunchArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  await ensureRendererBuilt((line) => console.log(line));
  if (args.team) {
    const { server, team } = await hostTeamDrill(
      RENDERER_DIST,
      args.port,
      { scenario: args.scenario, seed: args.seed, scale: args.scale },
      (line) => console.log(line),
      args.loopback,
    );
    for (const line of teamBanner(team)) console.log(line);
    console.log(
      `Team drill hosted on ${args.loopback ? 'this machine only' : 'the LAN'} (Ctrl+C to stop hosting).`,
    );
    const stop = (): void => {
      void team.close().finally(() => {
        server.close();
        server.closeAllConnections();
        process.exit(0);
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return;
  }
  await serveBrowserMode(args.port);
  console.log(`Cascade Drill (browser mode) at ${browserModeUrl(args.port)}  (Ctrl+C to stop)`);
});
