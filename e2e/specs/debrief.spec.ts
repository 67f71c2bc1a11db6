/**
 * Play briefly -> facilitator ends the drill -> debrief -> export the session as JSON. The downloaded file is
 * checked here in the test process: it passes the session schema and checksum, and replaying it through
 * sim-core reproduces the drill's final state hash; the HTML report export is self-contained. Runs on a 10% network so it is quick.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/web';
import { builtinScenario } from '../../sim-core/src/scenario/index';
import { parseSession, replaySession } from '../../sim-core/src/sessions/index';

test('a drill ends in a debrief whose JSON export replays to the same final hash', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  await drill.open('&scale=0.1&seed=11');
  await drill.startSkype();
  await page.keyboard.press('5');
  await page.keyboard.press('b'); // a decision: client back-off
  await expect(page.locator('[data-lever="enableClientBackoff"] .lever-result')).toContainText('Accepted');
  await drill.waitForMinute(40);
  await page.keyboard.press('f');
  await page
    .getByRole('complementary', { name: 'Facilitator' })
    .getByRole('button', { name: 'End drill' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /Drill ended/ })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByText('The session is saved.')).toBeVisible();
  const final = await drill.probe();
  expect(final.ended).toBe(true);

  await page.getByRole('button', { name: 'Debrief', exact: true }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Limits of the model' })).toBeVisible();
  await expect(page.locator('.debrief-decisions li')).toContainText([
    /enableClientBackoff/,
    /ended the drill/,
  ]);

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^drill-[a-z0-9]+\.session\.json$/);
  const file = parseSession(readFileSync(await download.path(), 'utf8'));
  expect(file.seed).toBe(11);
  expect(file.scenario).toMatchObject({ id: 'skype-2010', scale: 0.1 });
  expect(file.progress.closed).toBe(true);
  expect(file.log.map((e) => e.kind)).toEqual(['command', 'end']);

  const replay = replaySession(file, { scenario: builtinScenario('skype-2010') });
  expect(replay.hashMatches).toBe(true);
  expect(replay.stateHash).toBe(final.stateHash);

  // The after-action report: one self-contained HTML file with the chart as inline SVG and no scripts.
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export HTML' }).click(),
  ]);
  expect(report.suggestedFilename()).toMatch(/\.report\.html$/);
  const html = readFileSync(await report.path(), 'utf8');
  expect(html).not.toMatch(/<script/i);
  expect(html).toMatch(/<svg [^>]*viewBox/);
  expect(html).toContain('reproduces the saved state hash');

  // The in-app comparison replays the same file and says so.
  await page.getByRole('button', { name: 'Compare with doing nothing' }).click();
  await expect(page.locator('[data-hash-matches="true"]')).toBeVisible({ timeout: 30_000 });
  expect(problems.all()).toEqual([]);
});

test('a drill that did not close cleanly is offered at the next launch, and its debrief closes it', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  await drill.open('&scale=0.1&seed=12');
  await drill.startSkype();
  await page.keyboard.press('b');
  await expect(page.locator('[data-lever="enableClientBackoff"] .lever-result')).toContainText('Accepted');
  await page.waitForTimeout(32_000); // one 30 s autosave
  await drill.open('&scale=0.1&seed=12'); // the page goes away without a clean close: a crash, for the app
  const banner = page.getByRole('region', { name: 'Unfinished drill' });
  await expect(banner).toContainText(/did not close cleanly/);
  await banner.getByRole('button', { name: 'Open its debrief' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Limits of the model' })).toBeVisible();
  await expect(page.locator('.debrief-decisions li').first()).toContainText(/enableClientBackoff/);
  await drill.open('&scale=0.1&seed=12');
  await expect(page.getByRole('button', { name: /Skype/ })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toHaveCount(0);
  expect(problems.all()).toEqual([]);
});
