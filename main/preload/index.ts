/**
 * Preload: exposes `window.cascade`, one verb-named function per contract channel, and nothing else (no
 * raw ipcRenderer, no event objects). Runs sandboxed, so esbuild bundles it into a single file; it may
 * only `require('electron')`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import {
  BRIDGE_KEY,
  IPC_CHANNELS,
  ipcContract,
  ipcEvents,
  type CascadeBridge,
  type IpcEventChannel,
} from './contract';

const bridge = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [
    ipcContract[channel].verb,
    // Arguments are forwarded as given; the main process parses them against the same contract.
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  ]),
) as unknown as CascadeBridge;

// Events from main: the listener gets the parsed payload only (never the IPC event, which carries `sender`);
// a payload that fails its schema is dropped. Events that arrive before the page subscribes (a file opened
// by double-click reaches a window still booting) wait here and are delivered to the first listener.
const events = Object.fromEntries(
  (Object.keys(ipcEvents) as IpcEventChannel[]).map((channel) => {
    const listeners = new Set<(payload: unknown) => void>();
    const early: unknown[] = [];
    ipcRenderer.on(channel, (_event: unknown, payload: unknown) => {
      const parsed = ipcEvents[channel].payload.safeParse(payload);
      if (!parsed.success) return;
      if (listeners.size === 0) early.push(parsed.data);
      for (const listener of listeners) listener(parsed.data);
    });
    const subscribe = (listener: (payload: unknown) => void): (() => void) => {
      listeners.add(listener);
      for (const payload of early.splice(0)) listener(payload);
      return () => void listeners.delete(listener);
    };
    return [ipcEvents[channel].verb, subscribe];
  }),
);

contextBridge.exposeInMainWorld(BRIDGE_KEY, Object.freeze({ ...bridge, ...events }));
