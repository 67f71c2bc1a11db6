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

/** Read a session file's text into the store. Throws a SessionError (bad file) or the store's error. */
export async function importSession(
  text: string,
  store: Pick<SessionStorage, 'list' | 'load' | 'save'>,
): Promise<Imported> {
  if (text.length > MAX_SESSION_CHARS)
    throw new SessionError(
      'tooLarge',
      `the file is larger than a session file can be (${MAX_SESSION_CHARS} characters)`,
    );
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
