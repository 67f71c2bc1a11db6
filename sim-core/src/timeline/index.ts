/**
 * The incident timeline: an XState machine that wraps the cascade model (phases, pause and speed, levers with
 * guards, injects, bookmarks), its scenario data format, and the plain functions it is built from.
 */
export * from './schema';
export * from './facts';
export * from './phases';
export * from './injects';
export * from './machine';
