/** Main -> window events of the contract: payloads are parsed against their schema before they are sent. */
import type { WebContents } from 'electron';
import { ipcEvents, type IpcEventChannel } from '../preload/contract';
import type { z } from 'zod';

/** Send `channel` to `contents`, after checking the payload against the contract (a bug here throws). */
export function sendEvent<C extends IpcEventChannel>(
  contents: Pick<WebContents, 'send'>,
  channel: C,
  payload: z.input<(typeof ipcEvents)[C]['payload']>,
): void {
  contents.send(channel, ipcEvents[channel].payload.parse(payload));
}
