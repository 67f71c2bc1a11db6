/**
 * Saved drills in browser mode: the same verbs as the Electron sessions feature (save, load, list,
 * recoverable, autosave, close, discardAutosave), over a small key-value store (IndexedDB in the app,
 * a Map in tests; see indexeddb.ts).
 *
 * Layout: every write goes to a new record (`rec:<n>`); a pointer (`saved:<id>` or `auto:<id>`) then
 * switches to it, and only after that is the old record deleted. A write that fails part-way therefore never
 * replaces a good save: the pointer still names the old, complete record. Every record is the session
 * file's text and is checked on load with sim-core's `parseSession` (format, schema, checksum), so a
 * damaged or tampered record is a clear SessionError naming the session, never a crash.
 */
import {
  parseSession,
  sealSession,
  serializeSession,
  SessionError,
  listingOf,
  sortListings,
  unreadableListing,
  type SessionBody,
  type SessionFile,
  serialQueue,
  checkSessionId,
  SESSION_ID_PATTERN,
} from '../../../sim-core/src/sessions/index';
import type { RecoverableInfo, SessionListingInfo } from './contract';

/** The minimal store the session layer needs. Values are strings (session file text or a record key). */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  put(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  keys(): Promise<string[]>;
}

/** Session storage, the same verbs in both homes (Electron: through the bridge; browser: IndexedDB). */
export interface SessionStorage {
  save(session: SessionBody | SessionFile): Promise<SessionFile>;
  load(id: string): Promise<SessionFile>;
  list(): Promise<SessionListingInfo[]>;
  recoverable(): Promise<RecoverableInfo[]>;
  autosave(session: SessionBody | SessionFile): Promise<SessionFile>;
  close(session: SessionBody | SessionFile): Promise<SessionFile>;
  discardAutosave(id: string): Promise<void>;
}

const SAVED = 'saved:';
const AUTO = 'auto:';
const REC = 'rec:';

const checkId = checkSessionId;

/** Seal a session and prove its text parses back before anything is stored. */
export function prepareSession(session: SessionBody | SessionFile): { sealed: SessionFile; text: string } {
  const { checksum: _old, ...body } = session as SessionFile;
  const sealed = sealSession(body);
  const text = serializeSession(sealed);
  parseSession(text);
  return { sealed, text };
}

/** Parse a stored record, naming the session in the error. Throws only SessionErrors. */
export function parseStoredSession(label: string, text: string | undefined): SessionFile {
  if (text === undefined)
    throw new SessionError('empty', `${label}: the stored session is missing (browser storage was cleared?)`);
  try {
    return parseSession(text);
  } catch (e) {
    const err = e instanceof SessionError ? e : new SessionError('invalid', String(e));
    throw new SessionError(err.code, `${label}: ${err.message}`);
  }
}

/** Session storage over a key-value store. `newKey` names fresh records (unique per call). */
export function createSessionStorage(kv: KeyValueStore, newKey?: () => string): SessionStorage {
  let counter = 0;
  const fresh = newKey ?? (() => `${REC}${Date.now().toString(36)}-${(counter++).toString(36)}`);
  // One write at a time per pointer, so an autosave tick and a save never race.
  const serial = serialQueue();

  const write = async (pointer: string, session: SessionBody | SessionFile): Promise<SessionFile> => {
    const { sealed, text } = prepareSession(session);
    return serial(pointer, async () => {
      // Sealed and parsed back above: a session that fails its own checks never reaches storage.
      const old = await kv.get(pointer);
      const rec = fresh();
      await kv.put(rec, text); // 1. the new record, complete
      await kv.put(pointer, rec); // 2. switch the pointer: the save is now the new one
      if (old !== undefined && old !== rec) await kv.delete(old).catch(() => undefined); // 3. tidy up
      return sealed;
    });
  };
  const read = async (pointer: string, label: string): Promise<SessionFile> => {
    const rec = await kv.get(pointer);
    if (rec === undefined) throw new SessionError('empty', `${label}: no such saved session`);
    return parseStoredSession(label, await kv.get(rec));
  };
  const remove = (pointer: string): Promise<void> =>
    serial(pointer, async () => {
      const rec = await kv.get(pointer);
      await kv.delete(pointer);
      if (rec !== undefined) await kv.delete(rec).catch(() => undefined);
    });
  const ids = async (prefix: string) =>
    (await kv.keys())
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length))
      .filter((id) => SESSION_ID_PATTERN.test(id));

  return {
    save: async (s) => write(SAVED + checkId(s.id), s),
    load: async (id) => read(SAVED + checkId(id), `session "${id}"`),
    autosave: async (s) => write(AUTO + checkId(s.id), { ...s, progress: { ...s.progress, closed: false } }),
    async close(s) {
      const final = await write(SAVED + checkId(s.id), { ...s, progress: { ...s.progress, closed: true } });
      await remove(AUTO + s.id);
      return final;
    },
    discardAutosave: async (id) => remove(AUTO + checkId(id)),
    async list() {
      const out: SessionListingInfo[] = [];
      for (const id of await ids(SAVED)) {
        const file = `indexeddb:${SAVED}${id}`;
        try {
          out.push(listingOf(await read(SAVED + id, `session "${id}"`), file));
        } catch (e) {
          out.push(unreadableListing(file, e));
        }
      }
      return sortListings(out);
    },
    async recoverable() {
      const out: RecoverableInfo[] = [];
      for (const id of await ids(AUTO)) {
        const file = `indexeddb:${AUTO}${id}`;
        let session: SessionFile;
        try {
          session = await read(AUTO + id, `autosave "${id}"`);
        } catch (e) {
          const err = e as SessionError;
          out.push({ ok: false, id, file, error: err.message, code: err.code ?? 'invalid' });
          continue;
        }
        if (session.progress.closed) continue;
        let superseded: boolean;
        try {
          const s = await read(SAVED + id, `session "${id}"`);
          superseded = s.progress.closed && s.progress.minute >= session.progress.minute;
        } catch {
          superseded = false;
        }
        if (!superseded) out.push({ ok: true, id, file, session });
      }
      return out;
    },
  };
}

/** An in-memory key-value store (tests, and the fallback when IndexedDB is unavailable). */
export function memoryKeyValueStore(): KeyValueStore & { readonly map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    get: async (k) => map.get(k),
    put: async (k, v) => void map.set(k, v),
    delete: async (k) => void map.delete(k),
    keys: async () => [...map.keys()],
  };
}
