/**
 * The one place the UI talks to a drill host. Today a dedicated Web Worker running sim-core's drill host;
 * later a LAN seat speaking the same protocol. Screens get a {@link DrillConnection} and never see the
 * transport. Messages in are parsed (./messages.ts); a malformed one becomes an `error` for the screen.
 */
import { parseDrillMessage, type DrillCommand, type DrillInitMessage, type DrillMessage } from './messages';

/** A live link to one drill host. */
export interface DrillConnection {
  send(message: DrillCommand): void;
  /** Calls `listener` for every message from the host; returns an unsubscribe function. */
  subscribe(listener: (message: DrillMessage) => void): () => void;
  dispose(): void;
}

/** What the worker host is told to build. */
export interface DrillSetup {
  readonly scenario: string;
  readonly seed: number;
  /** 1 = the full network (default); smaller values run the same rules on a scaled network. */
  readonly scale: number;
  /** A scenario opened from a file: its definition (the worker validates it); absent for a built-in one. */
  readonly definition?: unknown;
}

/** Starts the drill worker and sends `init`. The host answers with `ready` (or an `error`). */
export function connectWorker(setup: DrillSetup): DrillConnection {
  const worker = new Worker(new URL('./drill.worker.ts', import.meta.url), { type: 'module', name: 'drill' });
  const listeners = new Set<(m: DrillMessage) => void>();
  const emit = (m: DrillMessage): void => {
    for (const l of listeners) l(m);
  };
  const local = (message: string): void =>
    emit({ v: 1, type: 'error', message, inReplyTo: null } satisfies DrillMessage);

  worker.onmessage = (ev: MessageEvent<unknown>) => {
    const m = parseDrillMessage(ev.data, (why) => local(`drill worker sent a malformed message: ${why}`));
    if (m) emit(m);
  };
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    local(`drill worker crashed: ${ev.message || 'unknown error'}`);
  };
  worker.onmessageerror = () => local('a drill worker message could not be deserialised');

  const init: DrillInitMessage = {
    v: 1,
    type: 'init',
    scenario: setup.scenario,
    seed: setup.seed,
    scale: setup.scale,
    ...(setup.definition === undefined ? {} : { definition: setup.definition }),
  };
  worker.postMessage(init);
  return {
    send: (message) => worker.postMessage(message),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose() {
      listeners.clear();
      worker.terminate();
    },
  };
}
