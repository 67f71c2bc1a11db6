/**
 * e2e suite: the built renderer in Chromium (browser mode, served by `npm run web` with the app's real
 * CSP) and, where its binary exists, the packaged Electron app. Expects `npm run build` to have run;
 * `npm test` does that first.
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './fixtures/chromium';

/** Fixed so the webServer URL is known up front; an occupied port fails loudly (reuseExistingServer: false). */
const PORT = Number(process.env.E2E_PORT ?? 5179);

export default defineConfig({
  testDir: './specs',
  outputDir: '../test-results',
  // Two cores and a software GPU: one spec at a time keeps timings honest.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npm run web -- --port ${PORT}`,
    cwd: '..',
    url: `http://127.0.0.1:${PORT}/`,
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
  projects: [
    {
      name: 'web',
      testIgnore: /electron\.spec\.ts$/,
      use: {
        browserName: 'chromium',
        headless: true,
        launchOptions: { executablePath: chromiumExecutable(), args: [...CHROMIUM_ARGS] },
      },
    },
    { name: 'electron', testMatch: /electron\.spec\.ts$/ },
  ],
});
