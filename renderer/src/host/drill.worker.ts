/// <reference lib="webworker" />
/**
 * The drill worker: sim-core's own Web Worker entry (the drill host behind its versioned protocol), bundled
 * by Vite as a separate ES module file so `script-src 'self'` covers it. Workers get the page's CSP too, so
 * zod is made jitless first (see ../zod-jitless.ts); ES module evaluation order guarantees it runs first.
 */
import '../zod-jitless';
import '../../../sim-core/src/drill/worker-entry';
