/**
 * Scoring: run summaries, traced runs, the score card against do-nothing, the 2010 response and par, and the
 * par search itself.
 */
export * from './run';
export * from './trace';
export * from './follow';
export * from './score';
export * from './par';
export { modelVersion } from './version';
export * from './par-pool';
export * from './cascade';
