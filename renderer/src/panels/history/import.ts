/**
 * Opening a session file from disk (a trainee's export, another machine's save): parsed like every session
 * file (format, version, schema, checksum; a clear one-line error otherwise), then kept in this app's store so
 * History lists it and its debrief can save a score. A stored session with the same id is never replaced: the
 * same file again is recognised by its checksum, a different one is kept under a new id.
 */
import {
  MAX_SESSION_CHARS,
  parseSession,
  SessionError,
  type SessionFile,
} from '../../../../sim-core/src/sessions/index';
import type { SessionStorage } from '../../platform/types';

export interface Imported {
  session: SessionFile;
  /** The file was already in the store (same id and checksum). */
  already: boolean;
  /** The id it is kept under, when a different session already had its id. */
  renamedFrom: string | null;
}

/** A file the user picked (a DOM `File`): its size is known before its text is read. */
export interface PickedFile {
  readonly size: number;
  text(): Promise<string>;
}

/**
 * Import a picked file: its size first (`File.size`, before a byte is read: a 700 MB file is refused at
 * once, not read into memory), then {@link importSession}.
 */
export async function importSessionFile(
  file: PickedFile,
  store: Pick<SessionStorage, 'list' | 'load' | 'save'>,
): Promise<Imported> {
  if (file.size > MAX_SESSION_CHARS)
    throw new SessionError(
      'tooLarge',
      `it is ${(file.size / (1024 * 1024)).toFixed(1)} MB; a session file is at most ${MAX_SESSION_CHARS >> 20} MB`,
    );
  return importSession(await file.text(), store);
}

/** Read a session file's text into the store. Throws a SessionError (bad file) or the store's error. */
export async function importSession(
  text: string,
  store: Pick<SessionStorage, 'list' | 'load' | 'save'>,
): Promise<Imported> {
  // parseSession checks the length and shape (keys, depth) before it parses.
  const file = parseSession(text);
  const ids = new Set((await store.list()).flatMap((l) => (l.ok ? [l.id] : [])));
  if (ids.has(file.id)) {
    const mine = await store.load(file.id).catch(() => null);
    if (mine?.checksum === file.checksum) return { session: mine, already: true, renamedFrom: null };
    let n = 2;
    const stem = file.id.slice(0, 52);
    while (ids.has(`${stem}-import${n}`)) n++;
    const { checksum: _c, ...body } = file;
    const saved = await store.save({ ...body, id: `${stem}-import${n}` });
    return { session: saved, already: false, renamedFrom: file.id };
  }
  return { session: await store.save(file), already: false, renamedFrom: null };
}
