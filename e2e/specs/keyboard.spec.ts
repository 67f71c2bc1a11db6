/**
 * Keyboard-only play: Tab/Enter through choice and briefing, space to pause and resume, digits for speed,
 * a lever's letter, E for the console's own End drill (backed out of), F for the facilitator drawer and its
 * "End drill", then the end summary. Runs on a 10%
 * network (`?scale=0.1`, same rules) so it is quick; the full-scale path is covered by the other specs.
 */
import { expect, test } from '../fixtures/web';
import { DrillPage } from '../pages/drill-page';

async function tabTo(page: import('@playwright/test').Page, name: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    const focused = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
    if (focused === name) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`could not Tab to "${name}"`);
}

test('the drill can be played with the keyboard alone', async ({ page, problems }) => {
  test.setTimeout(60_000);
  const drill = new DrillPage(page);
  await drill.open('&scale=0.1');
  await tabTo(page, 'Skype, 22-24 December 2010');
  await page.keyboard.press('Enter');
  await expect(drill.startButton).toBeEnabled({ timeout: 20_000 });
  await tabTo(page, 'Start drill');
  await page.keyboard.press('Enter');
  await drill.waitForMinute(1);
  expect(await drill.unnamedControls()).toEqual([]);

  // Space pauses (focus is on the console, not on a button).
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  const held = await drill.probe();
  await page.waitForTimeout(1000);
  expect((await drill.probe()).simMinute).toBe(held.simMinute);
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();

  // Digits pick speeds; a lever's letter pulls it and the host answers on screen.
  await page.keyboard.press('5');
  await expect(page.getByLabel('Speed', { exact: true })).toHaveValue('600');
  await page.keyboard.press('b');
  const backoff = page.locator('[data-lever="enableClientBackoff"] .lever-result');
  await expect(backoff).toContainText('Accepted');
  // Pressing it again is refused by the host, and its reason is shown.
  await page.keyboard.press('b');
  await expect(backoff).toContainText('Refused: Client back-off is already switched on (or ordered).');
  // A lever that spends money asks first: its key opens the confirmation, Escape cancels, the key and Enter confirm.
  await page.keyboard.press('s');
  const spin = page.locator('[data-lever="spinUpSupernodes"]');
  await expect(spin.getByRole('group', { name: 'Confirm Spin up supernodes' })).toContainText('per hour');
  await page.keyboard.press('Escape');
  await expect(spin.getByRole('group', { name: 'Confirm Spin up supernodes' })).toBeHidden();
  await expect(spin.locator('.lever-result')).toHaveText('');
  await page.keyboard.press('s');
  await page.keyboard.press('Enter');
  // The host answers: the default fits a 10% network's spare pool, so it is accepted, and the card says when
  // the servers serve.
  await expect(spin.locator('.lever-result')).toHaveText(
    /^Accepted at .* GMT; servers reserved at once, serving from .* GMT\.$/,
  );
  await page.keyboard.press('6');
  await expect(page.getByLabel('Speed', { exact: true })).toHaveValue('3600');
  await drill.waitForMinute(held.simMinute + 60);

  // End drill is in view for the trainee (not only in the drawer): E asks, with "Keep playing" focused, and
  // Enter keeps playing.
  const footerEnd = page.locator('.console-footer').getByRole('button', { name: 'End drill' });
  await expect(footerEnd).toBeVisible();
  await expect(footerEnd).toHaveAttribute('aria-keyshortcuts', 'E');
  await page.locator('.console-grid').focus();
  await page.keyboard.press('e');
  const ask = page.locator('.console-footer').getByRole('group', { name: 'Confirm ending the drill' });
  await expect(ask).toBeVisible();
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep playing');
  await page.keyboard.press('Enter');
  await expect(ask).toBeHidden();
  await expect(footerEnd).toBeFocused();
  expect((await drill.probe()).ended).toBe(false);

  // F opens the facilitator drawer; bookmark and end the drill from it.
  await page.keyboard.press('f');
  const drawer = page.getByRole('complementary', { name: 'Facilitator' });
  await expect(drawer).toBeVisible();
  await tabTo(page, 'End drill');
  await page.keyboard.press('Enter');
  // A confirmation with "Keep playing" focused: Escape backs out; Shift+Tab to "End now", then Enter ends.
  await expect(page.getByRole('group', { name: 'Confirm ending the drill' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('group', { name: 'Confirm ending the drill' })).toBeHidden();
  expect((await drill.probe()).ended).toBe(false);
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('End now');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: /Drill ended/ })).toBeVisible({ timeout: 15_000 });
  // The drill's own total is labelled as running to the minute it ended (the score's whole window is another row).
  await expect(page.getByText(/^User-hours lost by \w{3} \d+ Dec \d\d:\d\d GMT$/)).toBeVisible();
  await expect(page.getByText(/the facilitator ended it/)).toBeVisible();
  expect((await drill.probe()).ended).toBe(true);
  expect(problems.all()).toEqual([]);
});
