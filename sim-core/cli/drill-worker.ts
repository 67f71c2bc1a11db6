/**
 * Node worker_threads adapter for the drill host: run this file as a worker (with tsx registered) and talk to
 * it with the drill protocol; the first message is `init`. `spawnDrillWorker` starts one from the main thread.
 */
import { Worker, isMainThread, parentPort } from 'node:worker_threads';
import { createDrillEndpoint } from '../src/drill/endpoint';

/** Start a drill worker thread (TypeScript loaded through tsx). */
export function spawnDrillWorker(): Worker {
  // tsx's CommonJS hook: this package is CommonJS, and '--import tsx' does not reach worker threads here.
  return new Worker(__filename, { execArgv: ['--require', 'tsx/cjs'] });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  const endpoint = createDrillEndpoint((message, transfer) => port.postMessage(message, transfer));
  port.on('message', (data: unknown) => endpoint.receive(data));
}
