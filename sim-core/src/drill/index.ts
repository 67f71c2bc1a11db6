/**
 * The drill host and its message protocol: commands in, snapshots and events out. `createDrillHost` for any
 * transport, `createDrillEndpoint` for workers, `runDrill` for headless runs (the CLI).
 */
export * from './protocol';
export * from './host';
export * from './endpoint';
export * from './headless';
