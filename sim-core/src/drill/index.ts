/**
 * The drill host and its message protocol: commands in, snapshots and events out. `createDrillHost` for any
 * transport, `createDrillEndpoint` for workers, `runDrill` for headless runs (the CLI); the drill log (`LogEntry`) and the run summary (`RunSummary`).
 */
export * from './protocol';
export * from './host';
export * from './endpoint';
export * from './headless';
export * from './log';
export * from './summary';
