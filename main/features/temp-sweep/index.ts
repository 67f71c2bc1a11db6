/**
 * Start-up sweep of what a crash left behind: the atomic writer's temp files (main/lib/atomic-file) in the
 * app's data folders (settings, window state, recent files, sessions and autosaves), and the private folders
 * the PDF export renders in (`cascade-report-*` in the system temp folder). A temp file whose writer still runs
 * is left alone; a PDF folder is removed only when it is older than {@link STALE_PDF_FOLDER_MS}, far longer than
 * an export may take (30 s to load, 30 s to print), so a second app's export in progress is never touched.
 *
 * Report files exported to a folder the user chose, and `npm run sim -- --out`, sweep their own target's stale
 * temp files just before they write (that folder is not known at start-up).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sweepAtomicTemps, type SweepOptions } from '../../lib/atomic-file';
import { PDF_TEMP_PREFIX } from '../report-export/pdf-window';
/** A PDF render folder older than this is a crash's leftover. */
export const STALE_PDF_FOLDER_MS = 60 * 60 * 1000;

/** The data folders whose temp files the start-up sweep removes, under `userDataDir`. */
export function appDataFolders(userDataDir: string): string[] {
  return [userDataDir, path.join(userDataDir, 'sessions'), path.join(userDataDir, 'sessions', 'autosave')];
}

/** What a sweep removed, as paths. */
export interface SweepReport {
  files: string[];
  pdfFolders: string[];
}

/** Sweep the data folders and the PDF render folders. Never throws: a folder it cannot read is skipped. */
export async function sweepStartupTemps(
  userDataDir: string,
  tempRoot: string,
  options: SweepOptions & { now?: number } = {},
): Promise<SweepReport> {
  const files: string[] = [];
  for (const dir of appDataFolders(userDataDir))
    for (const name of await sweepAtomicTemps(dir, options)) files.push(path.join(dir, name));
  const pdfFolders: string[] = [];
  const now = options.now ?? Date.now();
  const names = await fs.readdir(tempRoot).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(PDF_TEMP_PREFIX)) continue;
    const folder = path.join(tempRoot, name);
    const info = await fs.lstat(folder).catch(() => null);
    if (!info?.isDirectory() || now - info.mtimeMs < STALE_PDF_FOLDER_MS) continue;
    await fs.rm(folder, { recursive: true, force: true }).catch(() => undefined);
    pdfFolders.push(folder);
  }
  return { files, pdfFolders };
}
