/**
 * Files the CLIs write (`sim --out`, the par cache, `scenario new` and `schema`): atomically, the way the app
 * writes its own (main/lib/atomic-file.ts, same temp-file names `.<name>.<pid>.<12 hex>.tmp`): a temp file in
 * the same folder, fsync, rename. Before writing, temp files of the same target whose writer is gone (a run
 * killed mid-write) are removed, so crashes leave nothing behind for long.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** The temp-file names (the same pattern as the app's atomic writer). */
export const OUT_TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{12}\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove `file`'s temp files left by writers that are no longer running. Returns the names removed. */
export function sweepOutTemps(file: string): string[] {
  const dir = path.dirname(file);
  const target = path.basename(file);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = OUT_TEMP_NAME.exec(name);
    if (!m || m[1] !== target || alive(Number(m[2]))) continue;
    rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

/** Write `text` to `file` atomically, after sweeping its stale temp files. */
export function writeOutFile(file: string, text: string): void {
  sweepOutTemps(file);
  const tmp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const fd = openSync(tmp, 'wx', 0o666);
  try {
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
