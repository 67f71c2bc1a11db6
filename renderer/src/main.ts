// Must stay the first import: it swaps Pixi's eval-generated shader/uniform code for static polyfills,
// and our CSP has no 'unsafe-eval'.
import 'pixi.js/unsafe-eval';
// Likewise before any zod schema runs: zod's eval probe would trip the same CSP.
import './zod-jitless';
import './styles.css';
import { boot } from './boot';

const root = document.getElementById('app');
if (!root) throw new Error('index.html has no #app element');
boot(root, window).catch((err: unknown) => {
  root.textContent = `Cascade Drill could not start: ${err instanceof Error ? err.message : String(err)}`;
  console.error('[boot]', err);
});
