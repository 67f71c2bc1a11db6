/**
 * `npm run e2e:browser` (run by `npm run test:e2e` before the suite): find a Chromium for the e2e suite,
 * install one if there is none, or stop with one line saying what to run. Decisions in browser-setup.ts.
 */
import { spawnSync } from 'node:child_process';
import { findBrowser, installPlan, manualInstruction, systemProbe, type FoundBrowser } from './browser-setup';

function describe(browser: FoundBrowser): string {
  const from = { CHROMIUM_PATH: 'CHROMIUM_PATH', system: 'system', playwright: "Playwright's cache" }[
    browser.source
  ];
  return `e2e browser: ${browser.location} (${from})`;
}

function main(): number {
  const probe = systemProbe();
  const first = findBrowser(probe);
  if (first.kind === 'found') {
    console.log(describe(first.browser));
    return 0;
  }
  if (first.kind === 'invalid') {
    console.error(`e2e browser: ${first.message}`);
    return 1;
  }
  for (const step of installPlan(probe)) {
    console.log(`e2e browser: none found; installing ${step.what} ...`);
    // Stops at the first failing command (no install after a failed update).
    step.commands.every((command) => {
      const [program, ...args] = command;
      const result = spawnSync(program!, args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
      });
      return result.status === 0;
    });
    // Look again rather than trust the exit code: what matters is a browser the suite can find.
    const after = findBrowser(systemProbe());
    if (after.kind === 'found') {
      console.log(describe(after.browser));
      return 0;
    }
    console.log(`e2e browser: ${step.what} did not give a usable browser; trying the next way.`);
  }
  console.error(manualInstruction(probe));
  return 1;
}

process.exitCode = main();
