/** The only place that touches `ipcMain` (lint enforces it): installs the contract's handlers. */
import { ipcMain } from 'electron';
import { registerIpcHandlers, type IpcHandlers, type IpcMainLike } from './register';

/**
 * Register all IPC handlers. `isOurWebContents` decides which WebContents ids are ours (the main window's),
 * checked on every call because windows come and go.
 */
export function setupIpc(handlers: IpcHandlers, isOurWebContents: (id: number) => boolean): void {
  // IpcMainInvokeEvent is structurally wider than SenderEventLike; the cast only narrows what we read.
  registerIpcHandlers(ipcMain as unknown as IpcMainLike, handlers, isOurWebContents);
}
