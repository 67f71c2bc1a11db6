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
import { parseJsonWithin, type JsonLimits } from '../../sim-core/src/scenario/json';

/** Options of {@link writeFileAtomic}. */
export interface AtomicWriteOptions {
  /**
   * Permission bits of the new file (before the umask). Default 0o600: app data is private. Files the user
   * exports to a folder of their choice pass 0o666 so they get the usual permissions of that user's files.
   */
  mode?: number;
  /**
   * First remove temp files of this same target that a crashed writer left (see {@link sweepAtomicTemps}):
   * for files written to a folder the user chose, which no start-up sweep knows about.
   */
  sweepStale?: boolean;
}

/**
 * Replace `file` with `data` (text is written as UTF-8) atomically: temp file, fsync, rename. On failure the
 * temp file is removed and the previous content of `file` is left untouched.
 */
export async function writeFileAtomic(
  file: string,
  data: string | Uint8Array,
  { mode = 0o600, sweepStale = false }: AtomicWriteOptions = {},
): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  if (sweepStale) await sweepAtomicTemps(dir, { target: path.basename(file) }).catch(() => []);
  const tmp = atomicTempName(file);
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
  const tmp = atomicTempName(file);
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

/**
 * The names of writeFileAtomic's temp files: `.<target's name>.<writer's pid>.<12 hex digits>.tmp`. A crash
 * between open and rename leaves one behind; {@link sweepAtomicTemps} finds them by this pattern.
 */
export const ATOMIC_TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

/** Whether a process with this id is running (ours always is; EPERM means it runs as another user). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options of {@link sweepAtomicTemps}. */
export interface SweepOptions {
  /** Only temp files of this target name (a folder the user chose holds other people's files too). */
  target?: string;
  /** Whether a writer is still running (default {@link processAlive}); its temp file may be in flight. */
  alive?: (pid: number) => boolean;
}

/**
 * Remove the temp files crashed writers left in `dir` (not recursive): names matching
 * {@link ATOMIC_TEMP_NAME} whose writer is no longer running. A running writer's file is left alone, so two
 * processes never sweep each other's write in flight. Returns the names removed; a missing folder is none.
 */
export async function sweepAtomicTemps(dir: string, options: SweepOptions = {}): Promise<string[]> {
  const alive = options.alive ?? processAlive;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = ATOMIC_TEMP_NAME.exec(name);
    if (!m || (options.target !== undefined && m[1] !== options.target) || alive(Number(m[2]))) continue;
    const file = path.join(dir, name);
    const info = await fs.lstat(file).catch(() => null);
    if (!info?.isFile()) continue;
    await fs.rm(file, { force: true });
    removed.push(name);
  }
  return removed;
}

/** A unique sibling of `file`: same directory, so the final rename never crosses filesystems. */
export function atomicTempName(file: string): string {
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

/** Largest app-data JSON file read back (settings, window state, recent files): far above what the app writes. */
export const MAX_APP_JSON_BYTES = 1024 * 1024;
/** Shape bound of those files (checked before parsing, sim-core/src/scenario/json.ts). */
const APP_JSON_LIMITS: JsonLimits = {
  maxChars: MAX_APP_JSON_BYTES,
  maxDepth: 16,
  maxKeys: 256,
  maxItems: 10_000,
};

/** Parse app-data JSON text within APP_JSON_LIMITS; `undefined` for anything else. */
function parseAppJson(text: string): unknown {
  try {
    return parseJsonWithin(text, APP_JSON_LIMITS);
  } catch {
    return undefined;
  }
}

/**
 * Read and JSON-parse `file`. Returns `undefined` when the file is missing, unreadable, larger than
 * MAX_APP_JSON_BYTES (known from `stat`, before reading), too deeply nested or not JSON, so the caller's schema
 * decides what a usable value is and a corrupt file degrades to defaults.
 */
export async function readJsonLenient(file: string): Promise<unknown> {
  let text: string;
  try {
    if ((await fs.stat(file)).size > MAX_APP_JSON_BYTES) return undefined;
    text = await fs.readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseAppJson(text);
}

/** Synchronous twin of {@link readJsonLenient}. */
export function readJsonLenientSync(file: string): unknown {
  let text: string;
  try {
    if (fsSync.statSync(file).size > MAX_APP_JSON_BYTES) return undefined;
    text = fsSync.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  return parseAppJson(text);
}
