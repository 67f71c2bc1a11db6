import { parseReply, type HostCommand, type SimFrame, type SimReady } from './protocol';

/**
 * The one place the UI talks to the simulation. Today a dedicated Web Worker running sim-core; later
 * the timeline host, or a LAN seat. One request in flight at a time: the UI asks for the next frame
 * only when it has the previous one, so a slow frame never queues up ticks.
 */
export interface SimHost {
  /** Builds the model; resolves with what does not change during the run. */
  init(seed: number, scale: number): Promise<SimReady>;
  /** Advances `ticks` simulated minutes and resolves with the resulting frame. */
  advance(ticks: number): Promise<SimFrame>;
  dispose(): void;
}

/** Starts the sim worker (bundled by Vite as a separate ES module file, so `script-src 'self'` covers it). */
export function createWorkerSimHost(): SimHost {
  const worker = new Worker(new URL('./sim.worker.ts', import.meta.url), { type: 'module', name: 'sim' });
  let pending: {
    resolve: (v: unknown) => void;
    reject: (e: Error) => void;
    expect: 'ready' | 'frame';
  } | null = null;

  const fail = (err: Error): void => {
    const p = pending;
    pending = null;
    p?.reject(err);
  };

  worker.onmessage = (ev: MessageEvent<unknown>) => {
    const reply = parseReply(ev.data);
    if (reply === null) return fail(new Error('sim worker sent a malformed message'));
    if (reply.type === 'error') return fail(new Error(`sim worker: ${reply.message}`));
    const p = pending;
    if (p === null || p.expect !== reply.type) return fail(new Error(`sim worker: unexpected ${reply.type}`));
    pending = null;
    p.resolve(reply);
  };
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    fail(new Error(`sim worker crashed: ${ev.message || 'unknown error'}`));
  };
  worker.onmessageerror = () => fail(new Error('sim worker message could not be deserialised'));

  const request = <T>(cmd: HostCommand, expect: 'ready' | 'frame'): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (pending !== null) return reject(new Error('sim host: a request is already in flight'));
      pending = { resolve: resolve as (v: unknown) => void, reject, expect };
      worker.postMessage(cmd);
    });

  return {
    init: (seed, scale) => request<SimReady>({ type: 'init', seed, scale }, 'ready'),
    advance: (ticks) => request<SimFrame>({ type: 'advance', ticks }, 'frame'),
    dispose: () => {
      worker.terminate();
      fail(new Error('sim host disposed'));
    },
  };
}
