/**
 * Play through the trigger -> facilitator ends the drill -> debrief: the session is replayed on a worker and
 * scored against par found in the browser (sim-core's par search over Web Workers). The exported JSON is
 * checked here in the test process (schema, checksum, replay to the drill's final state hash); the HTML report
 * is self-contained and carries the same score; reopened from History, and opened again from the exported file,
 * the session scores the same, with par from the cache. Runs on a 10% network so it is quick.
 */
import { readFileSync } from 'node:fs';
import { expect, test } from '../fixtures/web';
import { builtinScenario } from '../../sim-core/src/scenario/index';
import {
  parseSession,
  replaySession,
  sealSession,
  serializeSession,
} from '../../sim-core/src/sessions/index';

test('a played drill is scored in its debrief, exported, and scores the same when reopened from History', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(240_000);
  await drill.open('&scale=0.1&seed=11');
  await drill.startSkype();
  await page.keyboard.press('5');
  await page.keyboard.press('b'); // a decision: client back-off
  await expect(page.locator('[data-lever="enableClientBackoff"] .lever-result')).toContainText('Accepted');
  await page.keyboard.press('6');
  await drill.waitForMinute(600, 60_000); // well past the trigger (minute 240): par has acted, there is a score
  await page.keyboard.press('f');
  await drill.endAsFacilitator();
  const final = await drill.probe();
  expect(final.ended).toBe(true);

  // The end screen: the run's own figures at once, the score as soon as it is found (par has been searched
  // since the drill started); until then the search's stage and progress, never a blank.
  const endScore = page.locator('.end-score');
  await expect(endScore).toBeVisible();
  await expect(page.locator('.summary')).toContainText('User-hours lost');
  await expect(endScore.locator('[data-headline], [data-progress]').first()).toBeVisible();
  const endHeadline = endScore.locator('[data-headline]');
  await expect(endHeadline).toBeVisible({ timeout: 180_000 });
  const score = await endHeadline.getAttribute('data-headline');
  const grade = await endHeadline.getAttribute('data-grade');
  await expect(endScore).toContainText(`Grade ${grade}`);
  // Beside the live totals (to the minute the drill ended), the score's own figures under their own label.
  await expect(page.locator('.summary dt').first()).toHaveText(
    /^User-hours lost by \w{3} 2\d Dec \d\d:\d\d GMT$/,
  );
  await expect(page.locator('.summary [data-scored] dt').first()).toHaveText(
    'User-hours lost, scored to Fri 24 Dec 12:00 GMT, standing orders played on',
  );

  await page.getByRole('button', { name: 'Debrief', exact: true }).click();
  const headline = page.locator('[data-headline]');
  await expect(headline).toHaveAttribute('data-headline', String(score));
  await expect(headline).toHaveAttribute('data-grade', String(grade));
  expect(
    await page.evaluate(() => (window as unknown as { __drill: { debrief: unknown } }).__drill.debrief),
  ).toEqual({ score: Number(score), parReady: true });
  expect(Number(score)).toBeGreaterThanOrEqual(0);
  expect(Number(score)).toBeLessThanOrEqual(100);
  expect(grade).toMatch(/^[A-F]$/);
  await expect(page.locator('[data-hash-matches="true"]')).toBeVisible();
  await expect(page.getByText(/nothing to score yet/)).toHaveCount(0);
  await expect(page.locator('.score-table').first()).toContainText(/Par/);
  await expect(page.locator('.debrief-explanations li').first()).toBeVisible();
  await expect(page.locator('.debrief-decisions li')).toContainText([
    /Enable client back-off/,
    /ended the drill/,
  ]);

  // The scrubber replays the run: at its start the readout shows the first minute.
  const scrub = page.getByRole('slider', { name: 'Replay minute' });
  await scrub.focus();
  await page.keyboard.press('Home');
  await expect(page.locator('.replay-clock')).toContainText('minute 0');
  await page.keyboard.press('End');
  await expect(page.locator('.replay-clock')).not.toContainText('minute 0 ');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export JSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^drill-[a-z0-9]+\.cdsession$/);
  const file = parseSession(readFileSync(await download.path(), 'utf8'));
  expect(file.seed).toBe(11);
  expect(file.scenario).toMatchObject({ id: 'skype-2010', scale: 0.1 });
  expect(file.progress.closed).toBe(true);
  expect(file.log.map((e) => e.kind)).toEqual(['command', 'end']);
  // The debrief saved its score into the session.
  expect(file.score).toMatchObject({ headline: Number(score), grade });

  const replay = replaySession(file, { scenario: builtinScenario('skype-2010') });
  expect(replay.hashMatches).toBe(true);
  expect(replay.stateHash).toBe(final.stateHash);

  // The after-action report: one self-contained HTML file with the score, the chart as inline SVG, no scripts.
  const [report] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export HTML' }).click(),
  ]);
  expect(report.suggestedFilename()).toMatch(/\.report\.html$/);
  const html = readFileSync(await report.path(), 'utf8');
  expect(html).not.toMatch(/<script/i);
  expect(html).toMatch(/<svg [^>]*viewBox/);
  expect(html).toContain(`<strong>${score}</strong> / 100`);
  expect(html).toContain('reproduces the saved state hash');

  // Reopen the session from History: the same score, par from the cache.
  await page.getByRole('button', { name: 'Back' }).click();
  await page.getByRole('button', { name: 'Choose another drill' }).click();
  await page.getByRole('button', { name: 'History' }).click();
  const board = page.getByRole('table', { name: /Leaderboard/ });
  await expect(board).toContainText(String(score));
  await board
    .getByRole('button', { name: /Open the debrief/ })
    .first()
    .click();
  await expect(page.locator('[data-headline]')).toHaveAttribute('data-headline', String(score), {
    timeout: 60_000,
  });
  await expect(page.getByText(/Par came from the cache/)).toBeVisible();

  // Open the exported file from disk: a tampered copy is refused with the reason; the file itself opens in its
  // debrief with the same score.
  await page.getByRole('button', { name: 'Back' }).click();
  const text = readFileSync(await download.path(), 'utf8');
  const picker = page.locator('input[type="file"]');
  await picker.setInputFiles({
    name: 'tampered.session.json',
    mimeType: 'application/json',
    buffer: Buffer.from(text.replace('"seed": 11', '"seed": 12')),
  });
  await expect(page.getByRole('alert')).toContainText(/tampered\.session\.json cannot be opened: .*checksum/);
  await picker.setInputFiles(await download.path());
  await expect(page.locator('[data-headline]')).toHaveAttribute('data-headline', String(score), {
    timeout: 60_000,
  });

  // History scores a session without a score in the background: a copy of this one with its score removed
  // (kept under a new id, since the id is taken) gets the same score on its row, without opening its debrief.
  await page.getByRole('button', { name: 'Back' }).click();
  const { checksum: _c, ...body } = file;
  await picker.setInputFiles({
    name: 'unscored.session.json',
    mimeType: 'application/json',
    buffer: Buffer.from(serializeSession(sealSession({ ...body, score: null }))),
  });
  await expect(page.getByRole('status')).toContainText(/is kept as .*-import2/);
  const row = page.getByRole('row').filter({ has: page.locator(`[data-scoring="${file.id}-import2"]`) });
  await expect(row).toContainText(String(score), { timeout: 120_000 });
  await expect(page.locator(`[data-scoring="${file.id}-import2"]`)).toHaveText('ranked');

  // A drill ended a minute after the start is scored all the same, over the whole scoring window (one horizon):
  // its standing orders (none) play on, so it scores as doing nothing, and the end screen says why.
  await page.getByRole('button', { name: 'Back' }).click();
  await drill.startSkype();
  await page.keyboard.press('f');
  await drill.endAsFacilitator();
  const early = page.locator('.end-score');
  await expect(early.locator('[data-headline]')).toHaveAttribute('data-headline', '0.0', {
    timeout: 120_000,
  });
  await expect(early).toContainText('Grade F');
  await expect(early.locator('[data-note]')).toContainText(
    /Scored over the whole 48 h window: the drill ended at 12:0\d GMT and your standing orders played on/,
  );
  await expect(early).not.toContainText(/nothing to score/i);
  expect(problems.all()).toEqual([]);
});

test('a drill that did not close cleanly is offered at the next launch, and its debrief closes it', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  await drill.open('&scale=0.1&seed=12&autosave=2'); // an autosave every 2 s, not 30
  await drill.startSkype();
  await page.keyboard.press('b');
  await expect(page.locator('[data-lever="enableClientBackoff"] .lever-result')).toContainText('Accepted');
  // Paused, the host reports the state hash of this minute at once (running, only every 15 simulated minutes),
  // so the next autosave, 2 s away, holds the decision.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect
    .poll(
      async () =>
        Object.values(await drill.storedSessions('auto')).some((t) =>
          parseSession(t).log.some((e) => e.kind === 'command' && e.command === 'enableClientBackoff'),
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
  await drill.open('&scale=0.1&seed=12'); // the page goes away without a clean close: a crash, for the app
  const banner = page.getByRole('region', { name: 'Unfinished drill' });
  await expect(banner).toContainText(/did not close cleanly/);
  await banner.getByRole('button', { name: 'Open its debrief' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Limits of the model' })).toBeVisible();
  await expect(page.locator('.debrief-decisions li').first()).toContainText(/Enable client back-off/);
  await drill.open('&scale=0.1&seed=12');
  await expect(page.getByRole('button', { name: /Skype, 22-24 December 2010/ })).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByRole('region', { name: 'Unfinished drill' })).toHaveCount(0);
  expect(problems.all()).toEqual([]);
});
