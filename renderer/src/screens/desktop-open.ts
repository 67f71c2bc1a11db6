/**
 * Session files the desktop hands the app (Electron only: double-click, File → Open, Open Recent). Each is
 * imported exactly like History's "Open a session file…" (parsed again, kept in the store, never replacing
 * a different session of the same id) and shown in its debrief. A running drill is never interrupted: the
 * file waits, with a note saying so, until the drill is over and the choice screen is back.
 */
import type { OpenedSessionFile } from '../platform/contract';
import type { SessionFile } from '../../../sim-core/src/sessions/index';

/** What the opener needs from the screen flow. */
export interface DesktopOpenDeps {
  /** True while a drill is on screen. */
  drillRunning(): boolean;
  /** Import the file's text into the session store (History's import); resolves with the stored session. */
  importText(text: string): Promise<SessionFile>;
  /** Show a stored session's debrief. */
  show(session: SessionFile): void;
  /** One line for the user: a status, or an alert when the file could not be opened. */
  notify(message: string, kind: 'status' | 'alert'): void;
}

/** The opener: feed it files as they arrive; call `idle()` whenever no drill is running any more. */
export interface DesktopOpener {
  receive(file: OpenedSessionFile): void;
  idle(): void;
}

/** Create the opener. */
export function createDesktopOpener(deps: DesktopOpenDeps): DesktopOpener {
  let pending: OpenedSessionFile | null = null;
  const openNow = (file: OpenedSessionFile): void => {
    deps
      .importText(file.text)
      .then(deps.show)
      .catch((e: unknown) =>
        deps.notify(`${file.name} cannot be opened: ${e instanceof Error ? e.message : String(e)}`, 'alert'),
      );
  };
  return {
    receive(file) {
      if (deps.drillRunning()) {
        // The latest wins: a drill is no time to queue up a pile of debriefs.
        pending = file;
        deps.notify(`${file.name} will open in its debrief when this drill is over.`, 'status');
        return;
      }
      openNow(file);
    },
    idle() {
      if (!pending) return;
      const file = pending;
      pending = null;
      openNow(file);
    },
  };
}
