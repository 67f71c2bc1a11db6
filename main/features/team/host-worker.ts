/**
 * The team drill's host in a Node worker thread: the drill host (timeline + model) runs here, once, never in a
 * seat's browser, and never on the thread that serves HTTP and WebSockets. The first message is the setup;
 * every later one goes to the host, whose messages (and `logged` inputs) come back as they are.
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { createTeamHost, type TeamHost } from '../../../sim-core/src/team/team-host';
import type { DrillSetup } from '../../../sim-core/src/team/protocol';

/**
 * Start the host thread. Under tsx (npm run web) the TypeScript is loaded through tsx's CommonJS hook, as
 * sim-core/cli/drill-worker.ts does; a bundled Electron main will point this at its own bundled entry.
 */
export function spawnTeamHostWorker(setup: DrillSetup): Worker {
  const worker = new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'] });
  worker.postMessage({ setup });
  return worker;
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  let host: TeamHost | null = null;
  port.on('message', (data: unknown) => {
    if (host) return host.receive(data);
    try {
      const { setup } = data as { setup: DrillSetup };
      host = createTeamHost(setup, (m, transfer) => port.postMessage(m, transfer));
    } catch (e) {
      port.postMessage({
        v: 1,
        type: 'error',
        message: e instanceof Error ? e.message : String(e),
        inReplyTo: null,
      });
    }
  });
}
