/**
 * Web Worker entry: the drill endpoint on `self`. sim-core compiles without DOM types, so the two members of
 * the worker global this file uses are declared here, and nothing else.
 */
import { createDrillEndpoint } from './endpoint';

declare const self: {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown, transfer: ArrayBuffer[]): void;
};

const endpoint = createDrillEndpoint((message, transfer) => self.postMessage(message, transfer));
self.onmessage = (event) => endpoint.receive(event.data);
