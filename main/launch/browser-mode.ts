/** Browser mode: make sure the renderer is built, then serve it on loopback until interrupted. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { runBuild, type Log } from './build-app';
import { RENDERER_DIST } from './paths';
import { createStaticServer, listen } from './static-server';

/** The URL browser mode is reachable at. */
export function browserModeUrl(port: number): string {
  return `http://127.0.0.1:${port}/`;
}

/** Build if dist/renderer is missing (a newcomer's first run), so the server never serves an empty folder. */
export async function ensureRendererBuilt(log: Log): Promise<void> {
  if (!existsSync(path.join(RENDERER_DIST, 'index.html'))) {
    log('dist/renderer is missing; building first.');
    await runBuild(log);
  }
}

/** Serve dist/renderer on 127.0.0.1:`port`; resolves once listening, and shuts down cleanly on Ctrl+C. */
export async function serveBrowserMode(port: number): Promise<void> {
  const server = createStaticServer(RENDERER_DIST);
  await listen(server, port);
  const stop = (): void => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
