/**
 * The browser's key-value store for sessions: one IndexedDB object store of strings. Each call is its own
 * transaction; the session layer (session-store.ts) orders record-then-pointer writes on top of it.
 */
import type { KeyValueStore } from './session-store';

const DB_NAME = 'cascade-drill';
const STORE = 'sessions';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

/**
 * Open (or create) a database of one string store: the sessions by default; the debrief's par cache lives
 * in a database of its own. Rejects with a readable error if IndexedDB is unavailable.
 */
export function openIndexedDbStore(factory: IDBFactory, dbName = DB_NAME): KeyValueStore {
  let db: Promise<IDBDatabase> | null = null;
  const open = (): Promise<IDBDatabase> => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const req = factory.open(dbName, 1);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () =>
        reject(new Error(`browser storage is unavailable (${req.error?.message ?? 'IndexedDB refused'})`));
      req.onblocked = () => reject(new Error('browser storage is blocked by another tab'));
    }).catch((e: unknown) => {
      db = null;
      throw e;
    });
    return db;
  };
  const run = async <T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await open()).transaction(STORE, mode);
    // Listen for the end of the transaction before issuing the request: a write counts once it commits.
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write aborted'));
    });
    const [result] = await Promise.all([request(op(tx.objectStore(STORE))), done]);
    return result;
  };
  return {
    get: async (k) => {
      const v: unknown = await run('readonly', (s) => s.get(k));
      return typeof v === 'string' ? v : undefined;
    },
    put: async (k, v) => void (await run('readwrite', (s) => s.put(v, k))),
    delete: async (k) => void (await run('readwrite', (s) => s.delete(k))),
    keys: async () => (await run('readonly', (s) => s.getAllKeys())).map(String),
  };
}
