/**
 * Session storage for the desktop app: saved drills, autosaves and crash recovery, in plain Node (tests use a
 * temp directory; the Electron edge is `setupSessions` in index.ts).
 *
 * Layout under the sessions directory:
 *   <id>.session.json            a saved drill (written on save and on a clean close)
 *   autosave/<id>.session.json   the running drill, rewritten every interval while it runs
 *
 * Every write is atomic (main/lib/atomic-file: temp file in the same directory, fsync, rename), and the text
 * is parsed back with the full session checks before it is written, so a bad session never replaces a good
 * file and a crash mid-write leaves the old file or the new one, never a mix.
 *
 * Crash recovery: a clean close writes the final session (progress.closed = true) and then deletes the
 * autosave. An autosave that is still there at the next launch, not closed, and not superseded by a closed
 * save of the same drill, is a drill that died: the app offers "Resume drill".
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sweepAtomicTemps, writeFileAtomic } from '../../lib/atomic-file';
import {
  MAX_SESSION_CHARS,
  parseSession,
  sealSession,
  serializeSession,
  SessionError,
  listingOf,
  sortListings,
  unreadableListing,
  type SessionBody,
  type SessionFile,
  type SessionListing,
  serialQueue,
  checkSessionId,
  SESSION_ID_PATTERN,
} from '../../../sim-core/src/sessions/index';

/** File name suffix of session files. */
export const SESSION_SUFFIX = '.session.json';
const AUTOSAVE_DIR = 'autosave';

/** One line of the session list (defined once in sim-core/src/sessions/listing.ts). */
export type { SessionListing };

/** An autosave from a drill that did not close cleanly. */
export type Recoverable =
  | { ok: true; id: string; file: string; session: SessionFile }
  | { ok: false; id: string; file: string; error: string; code: string };

/** Session storage rooted at one directory. */
export interface SessionStore {
  readonly dir: string;
  /** Seal (checksum) and save a session atomically; returns the sealed session. */
  save(session: SessionBody | SessionFile): Promise<SessionFile>;
  /** Load a saved session by id. Throws a SessionError naming the file and the problem. */
  load(id: string): Promise<SessionFile>;
  /** Read any session file (import, "open…"). Throws a SessionError naming the file and the problem. */
  loadFile(file: string): Promise<SessionFile>;
  /** Saved sessions, newest first; unreadable files are listed with their error, never thrown. */
  list(): Promise<SessionListing[]>;
  /** Write the running drill's autosave. */
  autosave(session: SessionBody | SessionFile): Promise<SessionFile>;
  /** Clean close: save the final session as closed, then remove its autosave. */
  close(session: SessionBody | SessionFile): Promise<SessionFile>;
  /** Autosaves of drills that did not close cleanly ("Resume drill" offers), unreadable ones included. */
  recoverable(): Promise<Recoverable[]>;
  /** Drop an autosave (the user declined to resume, or it is unreadable). */
  discardAutosave(id: string): Promise<void>;
  /** Remove temp files a crash left behind. Returns how many were removed. */
  sweepTemp(): Promise<number>;
}

const checkId = checkSessionId;

/** Seal a session and prove the text parses back before anything touches the disk. */
function prepare(session: SessionBody | SessionFile): { sealed: SessionFile; text: string } {
  const { checksum: _old, ...body } = session as SessionFile;
  const sealed = sealSession(body);
  const text = serializeSession(sealed);
  parseSession(text);
  return { sealed, text };
}

/** Read a session file: its size from `stat` first (a 700 MB file is refused without reading a byte). */
async function readSessionFile(file: string): Promise<SessionFile> {
  let text: string;
  try {
    const info = await fs.stat(file);
    if (info.size > MAX_SESSION_CHARS)
      throw new SessionError(
        'tooLarge',
        `${path.basename(file)}: it is ${(info.size / (1024 * 1024)).toFixed(1)} MB; a session file is at most ${MAX_SESSION_CHARS >> 20} MB`,
      );
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if (e instanceof SessionError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new SessionError(
      'notJson',
      `${path.basename(file)}: ${code === 'ENOENT' ? 'no such session file' : `cannot be read (${code ?? 'error'})`}`,
    );
  }
  try {
    return parseSession(text);
  } catch (e) {
    const err = e instanceof SessionError ? e : new SessionError('invalid', String(e));
    throw new SessionError(err.code, `${path.basename(file)}: ${err.message}`);
  }
}

/** A session store in `dir` (created on first write). */
export function createSessionStore(dir: string): SessionStore {
  const saved = (id: string) => path.join(dir, `${checkId(id)}${SESSION_SUFFIX}`);
  const auto = (id: string) => path.join(dir, AUTOSAVE_DIR, `${checkId(id)}${SESSION_SUFFIX}`);
  // One write at a time per file, so an autosave tick and a save never race on the same target.
  const serial = serialQueue();
  const write = async (file: string, session: SessionBody | SessionFile): Promise<SessionFile> => {
    // Sealed and parsed back first: a session that fails its own checks never reaches the disk.
    const { sealed, text } = prepare(session);
    return serial(file, async () => {
      await writeFileAtomic(file, text);
      return sealed;
    });
  };
  const listDir = async (d: string) => {
    try {
      return await fs.readdir(d);
    } catch {
      return [];
    }
  };

  return {
    dir,
    save: async (session) => write(saved(session.id), session),
    load: async (id) => readSessionFile(saved(id)),
    loadFile: (file) => readSessionFile(file),
    async list() {
      const out: SessionListing[] = [];
      for (const name of await listDir(dir)) {
        if (!name.endsWith(SESSION_SUFFIX) || name.startsWith('.')) continue;
        const file = path.join(dir, name);
        try {
          out.push(listingOf(await readSessionFile(file), file));
        } catch (e) {
          out.push(unreadableListing(file, e));
        }
      }
      return sortListings(out);
    },
    autosave: async (session) =>
      write(auto(session.id), { ...session, progress: { ...session.progress, closed: false } }),
    async close(session) {
      const final = await write(saved(session.id), {
        ...session,
        progress: { ...session.progress, closed: true },
      });
      await serial(auto(session.id), () => fs.rm(auto(session.id), { force: true }));
      return final;
    },
    async recoverable() {
      const out: Recoverable[] = [];
      const d = path.join(dir, AUTOSAVE_DIR);
      for (const name of await listDir(d)) {
        if (!name.endsWith(SESSION_SUFFIX) || name.startsWith('.')) continue;
        const id = name.slice(0, -SESSION_SUFFIX.length);
        if (!SESSION_ID_PATTERN.test(id)) continue;
        const file = path.join(d, name);
        let session: SessionFile;
        try {
          session = await readSessionFile(file);
        } catch (e) {
          const err = e as SessionError;
          out.push({ ok: false, id, file, error: err.message, code: err.code ?? 'invalid' });
          continue;
        }
        if (session.progress.closed) continue;
        // A closed save at least as far along means the close finished and only the autosave removal did not.
        let superseded: boolean;
        try {
          const s = await readSessionFile(saved(id));
          superseded = s.progress.closed && s.progress.minute >= session.progress.minute;
        } catch {
          superseded = false;
        }
        if (!superseded) out.push({ ok: true, id, file, session });
      }
      return out;
    },
    discardAutosave: async (id) => serial(auto(id), () => fs.rm(auto(id), { force: true })),
    async sweepTemp() {
      let n = 0;
      // The atomic writer's temp files whose writer is gone (main/lib/atomic-file: one pattern, one sweep).
      for (const d of [dir, path.join(dir, AUTOSAVE_DIR)]) n += (await sweepAtomicTemps(d)).length;
      return n;
    },
  };
}

/** A running autosave: call `stop` on a clean close (it waits for a write in flight). */
export interface Autosave {
  /** Write now (skipped if a write is already in flight). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Autosave the drill every `intervalMs` of wall time. `current` returns the session as it stands (null: nothing
 * to save yet). A failed write is reported to `onError` and retried at the next interval; it never throws
 * into the timer.
 */
export function startAutosave(
  store: SessionStore,
  current: () => SessionBody | SessionFile | null,
  intervalMs: number,
  onError: (e: unknown) => void = () => undefined,
): Autosave {
  if (!(intervalMs >= 100)) throw new RangeError('autosave interval must be at least 100 ms');
  let inFlight: Promise<void> | null = null;
  const tick = (): Promise<void> => {
    if (inFlight) return inFlight;
    let s: SessionBody | SessionFile | null;
    try {
      s = current();
    } catch (e) {
      onError(e);
      return Promise.resolve();
    }
    if (!s) return Promise.resolve();
    inFlight = store
      .autosave(s)
      .then(
        () => undefined,
        (e: unknown) => onError(e),
      )
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref?.();
  return {
    flush: tick,
    stop: async () => {
      clearInterval(timer);
      await inFlight;
    },
  };
}
