/**
 * File → Open Recent: the last session files opened successfully, newest first, kept in userData so the
 * list survives a restart. Files that have since gone are dropped from the menu when it is built, not from
 * disk checks at every start. The OS's own list (macOS Dock, Windows jump list) is fed by the caller.
 */
import path from 'node:path';
import { z } from 'zod';
import { readJsonLenientSync, writeFileAtomicSync } from '../../lib/atomic-file';

/** How many files the menu lists (VS Code and GitHub Desktop keep about this many). */
export const MAX_RECENT_FILES = 10;

const RecentSchema = z.object({
  files: z.array(z.string().min(1).max(4096)).max(100),
});

/** The recent-files list. */
export interface RecentFiles {
  list(): string[];
  add(file: string): void;
  clear(): void;
}

/** Load the list from `<userData>/recent-files.json` (a missing or damaged file is an empty list). */
export function setupRecentFiles(
  userData: string,
  onChange: (files: string[]) => void = () => {},
): RecentFiles {
  const file = path.join(userData, 'recent-files.json');
  let files: string[] = [];
  const parsed = RecentSchema.safeParse(readJsonLenientSync(file));
  if (parsed.success) files = parsed.data.files.filter((f) => path.isAbsolute(f)).slice(0, MAX_RECENT_FILES);
  const save = (): void => {
    try {
      writeFileAtomicSync(file, `${JSON.stringify({ files }, null, 2)}\n`);
    } catch (error) {
      // A read-only data folder costs the list its persistence, nothing else.
      console.error('[recent-files]', error);
    }
    onChange([...files]);
  };
  return {
    list: () => [...files],
    add(opened) {
      const absolute = path.resolve(opened);
      files = [absolute, ...files.filter((f) => f !== absolute)].slice(0, MAX_RECENT_FILES);
      save();
    },
    clear() {
      files = [];
      save();
    },
  };
}
