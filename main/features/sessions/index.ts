/**
 * Sessions feature: saved drills, autosave and "Resume drill" after a crash, under userData/sessions.
 * Plain Node (see store.ts); this file is the Electron edge. The IPC channels that expose it to the renderer
 * are added to the contract by the lead; every payload they carry arrives as `unknown` and is parsed here.
 */
import path from 'node:path';
import {
  parseSessionJson,
  sessionBodySchema,
  SessionError,
  type SessionBody,
  type SessionFile,
} from '../../../sim-core/src/sessions/index';
import { createSessionStore, startAutosave, type Autosave, type SessionStore } from './store';

export {
  createSessionStore,
  startAutosave,
  SESSION_SUFFIX,
  type Autosave,
  type Recoverable,
  type SessionListing,
  type SessionStore,
} from './store';

/** Autosave interval the issue asks for: every 30 s of wall time. */
export const AUTOSAVE_INTERVAL_MS = 30_000;

/** A session body from an untrusted payload (IPC). Throws a SessionError naming the first problem. */
export function parseSessionPayload(payload: unknown): SessionBody {
  if (typeof payload === 'object' && payload !== null && 'checksum' in payload) {
    // A sealed file from the renderer (e.g. an import): all checks, checksum included.
    const { checksum: _c, ...body } = parseSessionJson(payload);
    return body;
  }
  const r = sessionBodySchema.safeParse(payload);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new SessionError('invalid', `invalid session: ${i.path.join('.') || '(root)'}: ${i.message}`);
  }
  return r.data;
}

/** What the sessions feature offers the IPC layer and the boot code. */
export interface Sessions {
  store: SessionStore;
  /** Handlers for the IPC channels (payloads unknown, parsed here). */
  save(payload: unknown): Promise<SessionFile>;
  load(id: unknown): Promise<SessionFile>;
  list: SessionStore['list'];
  recoverable: SessionStore['recoverable'];
  discardAutosave(id: unknown): Promise<void>;
  close(payload: unknown): Promise<SessionFile>;
  /** Write the running drill's autosave now (the renderer's 30 s timer calls this). */
  autosave(payload: unknown): Promise<SessionFile>;
  /** The renderer pushes the drill as it stands; the 30 s timer writes the latest one it was given. */
  update(payload: unknown): void;
  /** Start or stop the autosave timer for the running drill. */
  startAutosave(intervalMs?: number): Autosave;
  stopAutosave(): Promise<void>;
}

/** Create the sessions feature under `<userDataDir>/sessions`; sweeps temp files a crash left behind. */
export function setupSessions(
  userDataDir: string,
  onError: (e: unknown) => void = () => undefined,
): Sessions {
  const store = createSessionStore(path.join(userDataDir, 'sessions'));
  void store.sweepTemp().catch(onError);
  let latest: SessionBody | null = null;
  let timer: Autosave | null = null;
  const id = (x: unknown) => {
    if (typeof x !== 'string') throw new SessionError('invalid', 'a session id must be a string');
    return x;
  };
  return {
    store,
    save: async (p) => store.save(parseSessionPayload(p)),
    load: async (x) => store.load(id(x)),
    list: () => store.list(),
    recoverable: () => store.recoverable(),
    discardAutosave: async (x) => store.discardAutosave(id(x)),
    close: async (p) => {
      const body = parseSessionPayload(p);
      await timer?.stop();
      timer = null;
      latest = null;
      return store.close(body);
    },
    autosave: async (p) => store.autosave(parseSessionPayload(p)),
    update: (p) => {
      latest = parseSessionPayload(p);
    },
    startAutosave: (intervalMs = AUTOSAVE_INTERVAL_MS) => {
      void timer?.stop();
      timer = startAutosave(store, () => latest, intervalMs, onError);
      return timer;
    },
    stopAutosave: async () => {
      await timer?.stop();
      timer = null;
    },
  };
}
