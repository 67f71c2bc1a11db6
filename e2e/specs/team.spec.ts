/**
 * A team drill in Chromium: `npm run web -- --team --loopback` (loopback only, its own port), a facilitator
 * station and three seats in separate browser contexts. Role gating by the host, a private inject reaching only
 * its role, a seat reloading mid-drill and coming back in its role, a wrong join code refused, and the debrief
 * naming who did what.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { test, expect, type Browser, type Page } from '@playwright/test';
import { collectProblems } from '../fixtures/errors';
import type { DrillProbe } from '../../renderer/src/test-hook';

const PORT = Number(process.env.E2E_TEAM_PORT ?? 5198);
let server: ChildProcess;
let joinUrl = '';
let facilitatorUrl = '';

// Known flake (3 Dec 2026): in 2 of 6 longer runs the facilitator's first WebSocket closed at once and the station
// stayed on "reconnecting" (no Join code); alone or after a few specs it always passed. Not yet explained (issue 13's
// note); retried so that a flake does not hide the rest of the suite, and a consistent failure still fails.
test.describe.configure({ retries: 2 });

test.beforeAll(async () => {
  server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'main/launch/web.ts',
      '--team',
      '--loopback',
      '--port',
      String(PORT),
      '--scale',
      '0.02',
      '--seed',
      '5',
    ],
    { cwd: path.resolve(__dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const lines = createInterface({ input: server.stdout! });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the team server did not print its addresses')), 30_000);
    lines.on('line', (line) => {
      const join = /^Join: (\S+)/.exec(line);
      if (join) joinUrl = join[1]!;
      const fac = /^Facilitator: (\S+)/.exec(line);
      if (fac) {
        facilitatorUrl = fac[1]!;
        clearTimeout(timer);
        resolve();
      }
    });
  });
});

test.afterAll(() => {
  server.kill('SIGTERM');
});

/** The address with the test hook on (the query goes before the fragment). */
const withHook = (url: string) => url.replace('/#', '/?testHook=1#');

async function seat(browser: Browser, name: string, role: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 720 } })).newPage();
  await page.goto(withHook(joinUrl));
  await page.getByLabel('Your name').fill(name);
  await page.getByLabel('Role').selectOption(role);
  await page.getByRole('button', { name: 'Join' }).click();
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { __drill: DrillProbe }).__drill.seat))
    .toEqual({ role, connected: true });
  return page;
}

test('a facilitator and three seats play a team drill over the LAN transport', async ({ browser }) => {
  test.setTimeout(180_000);
  expect(joinUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#join=[0-9A-Z]{5}-[0-9A-Z]{5}$/);

  const fac = await (await browser.newContext()).newPage();
  const facProblems = await collectProblems(fac);
  await fac.goto(withHook(facilitatorUrl));
  await expect(fac.getByRole('heading', { name: 'Host a team drill' })).toBeVisible();
  await expect(fac.getByText(/Join code:/)).toBeVisible();
  await expect(fac.getByRole('img', { name: /QR code for http/ })).toHaveAttribute('src', /^data:image\/png/);

  // A wrong join code is refused, with the reason, and no seat appears.
  const mallory = await (await browser.newContext()).newPage();
  await mallory.goto(withHook(joinUrl.replace(/#join=.*/, '#join=ZZZZZ-ZZZZZ')));
  await mallory.getByLabel('Your name').fill('Mallory');
  await mallory.getByRole('button', { name: 'Join' }).click();
  await expect(mallory.getByRole('alert')).toHaveText('Could not join: wrong join code.');

  const ana = await seat(browser, 'Ana', 'networkOps');
  const pat = await seat(browser, 'Pat', 'platformOps');
  const olu = await seat(browser, 'Olu', 'observer');
  const seatsTable = fac.locator('.team-seats');
  for (const n of ['Ana', 'Pat', 'Olu']) await expect(seatsTable).toContainText(n);
  await expect(seatsTable).not.toContainText('Mallory');

  await fac.getByRole('button', { name: 'Start the drill' }).click();
  await expect
    .poll(() => ana.evaluate(() => (window as unknown as { __drill: DrillProbe }).__drill.simMinute))
    .toBeGreaterThan(0);

  // Role gating: the console shows levers outside the role out of reach (the host refuses them whatever a
  // client sends: main/features/team/server.test.ts sends one over a real socket), the role's own go through.
  await expect(ana.getByRole('button', { name: 'Force update', exact: true })).toBeDisabled();
  await ana.getByRole('button', { name: 'Throttle logins', exact: true }).click();
  await expect(ana.locator('[data-lever="throttleLogins"] .lever-result')).toContainText('Accepted');
  // The observer holds no levers.
  await expect(olu.getByRole('button', { name: 'Spin up supernodes', exact: true })).toBeDisabled();

  // A private inject reaches only its role (and the observer, who sees everything).
  await fac.getByLabel('Inject').selectOption('dc-link-degrades');
  await fac.getByLabel('To', { exact: true }).selectOption('networkOps');
  await fac.getByRole('button', { name: 'Fire inject' }).click();
  const injectText = /second datacenter uplink/;
  await expect(ana.locator('.feed-list')).toContainText(injectText);
  await expect(olu.locator('.feed-list')).toContainText(injectText);
  // The host sends an inject to every seat that hears it at once; by the time the observer shows it, the
  // platform seat would have it too. It does not.
  await expect(pat.locator('.feed-list')).not.toContainText(injectText);

  // The team channel and an observer note.
  await pat.getByLabel('Message the team').fill('Platform here: OM queue is growing');
  await pat.getByRole('button', { name: 'Send' }).click();
  await expect(ana.locator('.team-log')).toContainText(
    'Pat (Platform ops): Platform here: OM queue is growing',
  );
  await olu.getByLabel('Observer note').fill('IC not named yet');
  await olu.getByRole('button', { name: 'Add note' }).click();
  await expect(fac.locator('.team-log')).toContainText('IC not named yet');
  await expect(ana.locator('.team-log')).not.toContainText('IC not named yet');

  // Ana reloads mid-drill and comes back in her role, connected.
  await ana.reload();
  await expect
    .poll(() => ana.evaluate(() => (window as unknown as { __drill: DrillProbe }).__drill.seat))
    .toEqual({ role: 'networkOps', connected: true });
  await expect(ana.locator('.team-status')).toContainText('Ana');
  await expect(ana.locator('.team-log')).toContainText('OM queue is growing');

  // The facilitator ends the drill; every seat's debrief names who did what.
  await fac.getByRole('button', { name: 'End the drill' }).click();
  for (const p of [ana, pat, fac]) {
    const debrief = p.locator('.team-debrief');
    await expect(debrief).toBeVisible({ timeout: 20_000 });
    await expect(debrief.getByRole('row', { name: /Ana/ }).first()).toContainText('Network ops');
    await expect(debrief).toContainText('Throttle logins · accepted');
  }
  // The host scores the drill once for every seat (par searched since hosting): each seat's debrief shows the
  // same score card, and the facilitator's History copy of the session file carries that score.
  const headlines: string[] = [];
  for (const p of [ana, pat, fac]) {
    const score = p.locator('[data-team-score]');
    await expect(score).toHaveAttribute('data-state', 'scored', { timeout: 60_000 });
    await expect(score.getByRole('row', { name: /^Par/ })).toBeVisible();
    headlines.push((await score.locator('.score-card').innerText()).trim());
  }
  expect(new Set(headlines).size).toBe(1);
  await expect(
    fac.getByText(/^Saved to History as .* with its score \(\d+\.\d, grade [A-F]\)/),
  ).toBeVisible();
  expect(facProblems.all()).toEqual([]);
});
