/**
 * Crash-safe small-file persistence for the main process.
 *
 * Settings and window bounds are rewritten often and read at every start; a half-written file after a
 * crash or power cut must never be what we read back. So writes go to a temp file in the same directory
 * (rename is only atomic within one filesystem), are fsynced, then renamed over the target. Reads treat
 * "missing" and "unreadable" alike: callers fall back to defaults instead of crashing the app.
 */
import { randomBytes } from 'node:crypto';
import fsSync, { promises as fs } from 'node:fs';
import path from 'node:path';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file (before the umask). Default 0o600: app data is private. Files the user
   * exports to a folder of their choice pass 0o666 so they get the usual permissions of that user's files.
   */
  mode?: number;
}

/**
 * Replace `file` with `data` (text is written as UTF-8) atomically: temp file, fsync, rename. On failure the
 * temp file is removed and the previous content of `file` is left untouched.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  { mode = 0o600 }: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const tmp = tempNameFor(file);
  const handle = await fs.open(tmp, 'wx', mode);
  try {
    try {
      await (typeof data === 'string' ? handle.writeFile(data, 'utf8') : handle.writeFile(data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, file);
  } catch (error) {
    await fs.rm(tmp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Synchronous twin of {@link writeFileAtomic}, for the few moments (window close before quit) when the
 * process may exit before an async write completes.
 */
export function writeFileAtomicSync(file: string, data: string): void {
  const dir = path.dirname(file);
  fsSync.mkdirSync(dir, { recursive: true });
  const tmp = tempNameFor(file);
  const fd = fsSync.openSync(tmp, 'wx', 0o600);
  try {
    try {
      fsSync.writeFileSync(fd, data, 'utf8');
      fsSync.fsyncSync(fd);
    } finally {
      fsSync.closeSync(fd);
    }
    fsSync.renameSync(tmp, file);
  } catch (error) {
    fsSync.rmSync(tmp, { force: true });
    throw error;
  }
}

/** A unique sibling of `file`: same directory, so the final rename never crosses filesystems. */
function tempNameFor(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
}

/** Make the rename itself durable where the OS allows it (Windows cannot open directories; that is fine). */
async function syncDirectory(dir: string): Promise<void> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch {
    // Best effort only: the data is already safely in place.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * Read and JSON-parse `file`. Returns `undefined` when the file is missing, unreadable or not JSON, so the
 * caller's schema decides what a usable value is and a corrupt file degrades to defaults.
 */
export async function readJsonLenient(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
