/**
 * Session files opened from the desktop: a double-click (the file association passes the path on the
 * command line, or as macOS's `open-file` event), a second launch (its command line is forwarded by the
 * single-instance lock), File → Open… and File → Open Recent.
 *
 * Each file is checked here before anything reaches the window: the size first (from `stat`, before a byte
 * is read), then the same parser every import uses (sim-core's parseSession: bounded keys and depth, schema,
 * checksum). A file that fails gets one dialog line and nothing else happens. A good one goes to the
 * renderer, which imports it like History's "Open a session file…" and shows its debrief (or holds it until
 * a running drill ends). Files opened before the window is ready wait in a queue.
 *
 * Electron-free apart from types: the window, dialogs and file system come in as functions.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { MAX_SESSION_CHARS, parseSession } from '../../../sim-core/src/sessions/schema';
import { SESSION_FILE_EXTENSION, type OpenedSessionFile } from '../../preload/contract';

/**
 * Largest session file read from disk, in bytes. A session file is ASCII JSON (parseSession refuses more
 * than {@link MAX_SESSION_CHARS} characters anyway), so one byte per character.
 */
export const MAX_SESSION_FILE_BYTES = MAX_SESSION_CHARS;

/** Session file paths on a command line: arguments (not switches) with our extension, made absolute. */
export function sessionPathsFromArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .filter((arg) => !arg.startsWith('-') && arg.toLowerCase().endsWith(`.${SESSION_FILE_EXTENSION}`))
    .map((arg) => path.resolve(cwd, arg));
}

/** A file that cannot be opened, with a one-line reason for the user. */
export class OpenFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`${path.basename(file)} cannot be opened: ${reason}`);
    this.name = 'OpenFileError';
  }
}

/** The file system calls {@link readSessionFile} needs (tests pass fakes to count reads). */
export interface SessionFileFs {
  stat(file: string): Promise<{ isFile(): boolean; size: number }>;
  readFile(file: string, encoding: 'utf8'): Promise<string>;
}

/** Read and validate one session file; rejects with {@link OpenFileError}. Size is checked before reading. */
export async function readSessionFile(file: string, files: SessionFileFs = fs): Promise<OpenedSessionFile> {
  let info;
  try {
    info = await files.stat(file);
  } catch {
    throw new OpenFileError(file, 'the file does not exist or cannot be read');
  }
  if (!info.isFile()) throw new OpenFileError(file, 'it is not a file');
  if (info.size > MAX_SESSION_FILE_BYTES) {
    const mb = (info.size / (1024 * 1024)).toFixed(1);
    throw new OpenFileError(file, `it is ${mb} MB; a session file is at most 16 MB`);
  }
  let text: string;
  try {
    text = await files.readFile(file, 'utf8');
  } catch {
    throw new OpenFileError(file, 'the file cannot be read');
  }
  try {
    parseSession(text);
  } catch (error) {
    throw new OpenFileError(file, error instanceof Error ? error.message : String(error));
  }
  return { name: path.basename(file), text };
}

/** What the opener drives. */
export interface FileOpenerDeps {
  /** Hand a validated file to the window. */
  send(file: OpenedSessionFile): void;
  /** Tell the user a file could not be opened (one line). */
  showError(message: string): void;
  /** Remember a successfully opened file (Open Recent, the OS's recent documents). */
  remember(file: string): void;
  /** Bring the window to the front. */
  focus(): void;
  read?: (file: string) => Promise<OpenedSessionFile>;
}

/** The opener: `open` any number of times; files wait until `windowReady` is called. */
export interface FileOpener {
  open(file: string): Promise<void>;
  /** The window can take files now (its page has loaded); sends what was waiting. */
  windowReady(): void;
  /** The window went away (closed or reloading): queue again until the next `windowReady`. */
  windowGone(): void;
}

/** Create the opener. */
export function createFileOpener(deps: FileOpenerDeps): FileOpener {
  const read = deps.read ?? ((file: string) => readSessionFile(file));
  let ready = false;
  const waiting: OpenedSessionFile[] = [];
  return {
    async open(file) {
      let opened: OpenedSessionFile;
      try {
        opened = await read(file);
      } catch (error) {
        deps.showError(error instanceof Error ? error.message : String(error));
        return;
      }
      deps.remember(path.resolve(file));
      if (ready) {
        deps.send(opened);
        deps.focus();
      } else waiting.push(opened);
    },
    windowReady() {
      ready = true;
      for (const file of waiting.splice(0)) deps.send(file);
    },
    windowGone() {
      ready = false;
    },
  };
}
