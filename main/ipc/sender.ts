/**
 * Who may call our IPC handlers: only the top frame of one of our own windows, showing our own `app://`
 * content. A compromised or navigated frame, an iframe, or any other WebContents is refused even if it
 * somehow reaches `ipcRenderer` (fiddle's `ipc.ts` idea).
 */
import { isAppUrl } from '../window/app-content';

/** The parts of an `IpcMainInvokeEvent` the check reads (so tests can pass plain objects). */
export interface SenderEventLike {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

/** Raised when a call comes from anywhere but our window's app:// top frame. */
export class UntrustedSenderError extends Error {
  constructor(channel: string, reason: string) {
    super(`IPC "${channel}" refused: ${reason}`);
    this.name = 'UntrustedSenderError';
  }
}

/**
 * Throw {@link UntrustedSenderError} unless `event` comes from the top frame of a WebContents for which
 * `isOurWebContents` is true and that frame shows an `app://cascade/` page.
 */
export function assertTrustedSender(
  channel: string,
  event: SenderEventLike,
  isOurWebContents: (id: number) => boolean,
): void {
  if (!isOurWebContents(event.sender.id))
    throw new UntrustedSenderError(channel, 'sender is not a Cascade Drill window');
  const frame = event.senderFrame;
  // senderFrame is null once the frame has navigated away or been destroyed; that is not a caller to trust.
  if (!frame) throw new UntrustedSenderError(channel, 'sender frame is gone');
  if (frame.parent) throw new UntrustedSenderError(channel, 'sender is a subframe');
  if (!isAppUrl(frame.url))
    throw new UntrustedSenderError(channel, `sender frame is not app content (${frame.url})`);
}
