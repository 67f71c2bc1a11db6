/**
 * Session files: the event-sourced record of one drill (schema, checksum, canonical form) and its replay.
 * Storage lives with the host platform (main/features/sessions for Electron).
 */
export * from './schema';
export * from './replay';
export { sha256Hex, utf8 } from './sha256';
export * from './listing';
export * from './serial';
