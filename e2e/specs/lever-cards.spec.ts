/**
 * A lever card teaches and does not mislead: a refused order shows its plain reason in place of lead and cost,
 * an accepted one shows its state on the card at once (even paused), a repeat says why it would be refused,
 * and the money the card says the order has cost is the money the footer says was spent. Runs on a 10% network.
 */
import { expect, test } from '../fixtures/web';

test('lever cards: plain refusals, the standing order and its cost agree with the footer', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  await drill.open('&scale=0.1');
  await drill.startSkype();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const levers = page.getByRole('region', { name: 'Levers' });
  await expect(levers).not.toContainText(/Lead refused|Would be refused: *$/);

  // Nothing to release yet: the reason, and nothing described for an order that would not happen.
  const release = page.locator('[data-lever="releaseSupernodes"]');
  await expect(release.locator('.preview')).toHaveText(
    'Would be refused: No dedicated supernodes are running.',
  );
  await expect(release.locator('.lever-says li')).toHaveCount(0);
  // Spin up's default fits a 10% network's spare pool.
  await expect(page.locator('[data-lever="spinUpSupernodes"] .preview')).toContainText(
    /^Lead at once · Cost/,
  );

  // A healthy network is not called weakened.
  const update = page.locator('[data-lever="forceUpdate"]');
  await expect(update).not.toContainText('weakened');
  await drill.pullLever('Force update');
  await expect(update.locator('.lever-result')).toHaveText(
    /^Accepted at Wed 22 Dec 12:\d\d GMT; takes effect at Wed 22 Dec 12:\d\d GMT\.$/,
  );
  // Paused, the card already states the order and says why the same order again would be refused.
  await expect(update.locator('.lever-standing')).toHaveText(
    'Ordered: update 25% an hour over 100 Gbit/s; takes effect in 30 min.',
  );
  await expect(update.locator('.preview')).toHaveText(
    'Would be refused: The same update (25% an hour over 100 Gbit/s) is already ordered and waiting for its lead time. To re-plan it, change the rollout or the bandwidth.',
  );

  // In effect: rolling out, with what it has cost so far, the same money as the footer's "Spent".
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.keyboard.press('4');
  const at = (await drill.probe()).simMinute;
  await drill.waitForMinute(at + 90);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(update.locator('.lever-standing li').first()).toHaveText(
    /^Rolling out at 25% an hour over 100 Gbit\/s \(.* Gbit\/s serving now\): \d+% of 5\.0\.0152 users told/,
  );
  await expect(update.locator('.preview')).toContainText(
    /^Would be refused: The update is already rolling out/,
  );
  await expect(update).not.toContainText('within 0 min');
  const spentOnCard = (await update.locator('.lever-standing li').nth(1).innerText()).match(
    /^Spent on the update so far: (\$[\d,]+);/,
  )?.[1];
  await expect(page.getByLabel('Spent', { exact: true })).toHaveText(spentOnCard!);
  expect(problems.all()).toEqual([]);
});
