/**
 * Preload: exposes `window.cascade`, one verb-named function per contract channel, and nothing else (no
 * raw ipcRenderer, no event objects). Runs sandboxed, so esbuild bundles it into a single file; it may
 * only `require('electron')`.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CHANNELS, ipcContract, type CascadeBridge } from './contract';

const bridge = Object.fromEntries(
  IPC_CHANNELS.map((channel) => [
    ipcContract[channel].verb,
    // Arguments are forwarded as given; the main process parses them against the same contract.
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  ]),
) as unknown as CascadeBridge;

contextBridge.exposeInMainWorld(BRIDGE_KEY, Object.freeze(bridge));
