/**
 * What a seat sees of its role and its orders, in plain words: the briefing's role survives Page Down; a
 * network-ops seat sees the levers outside its role out of reach and who may pull them; an order's feed line
 * says when it serves; a pending order can be cancelled before its lead time and the feed names it; the 2010
 * record stays off the charts until the facilitator shows it. Runs on a 10% network.
 */
import { expect, test } from '../fixtures/web';

test('roles shown, orders explained and cancellable, the 2010 record hidden until asked', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(90_000);
  await drill.open('&scale=0.1');
  await page.getByRole('button', { name: /Skype, 22-24 December 2010/ }).click();
  await expect(drill.startButton).toBeEnabled({ timeout: 30_000 });
  const role = page.getByLabel('Role');
  await expect(role).toHaveValue('incidentCommander');
  await page.keyboard.press('PageDown');
  await expect(role).toHaveValue('incidentCommander');
  await expect(page.getByLabel('Names')).toHaveAttribute('placeholder', 'e.g. Ana, Ben');
  await expect(page.getByText(/Grades: A \(90–100\)/)).toBeVisible();
  await expect(page.getByText(/48 min at 60×/)).toBeVisible();
  await role.selectOption('networkOps');
  await drill.startButton.click();
  await drill.waitForMinute(1);

  await expect(page.locator('.seat-role')).toHaveText('Network ops');
  const force = page.locator('[data-lever="forceUpdate"]');
  await expect(force.getByRole('button', { name: 'Force update', exact: true })).toBeDisabled();
  await expect(force).toContainText(
    'Not for the network ops role: ask Incident commander or Client engineering.',
  );

  // The 2010 record is not on the charts (not even in a legend a trainee could click) until the facilitator shows it.
  const charts = page.getByRole('region', { name: 'Live charts' });
  await expect(charts.getByText('2010 record')).toHaveCount(0);
  await page.keyboard.press('f');
  await page.getByLabel(/Show the 2010 record/).check();
  await expect(charts.getByText('2010 record')).toHaveCount(1);
  await page.getByLabel(/Show the 2010 record/).uncheck();
  await expect(charts.getByText('2010 record')).toHaveCount(0);
  await page
    .getByRole('complementary', { name: 'Facilitator' })
    .getByRole('button', { name: 'Close' })
    .click();

  // A throttle waits for its lead time (at 10×, 30 real seconds); its Cancel withdraws it and the feed names it.
  await page.keyboard.press('2');
  await page.getByRole('button', { name: 'Throttle logins', exact: true }).click();
  const pending = page.getByRole('region', { name: 'Pending actions' });
  await expect(
    pending.getByRole('button', { name: /^Cancel: Throttle logins ordered at \d\d:\d\d GMT$/ }),
  ).toBeVisible({
    timeout: 15_000,
  });
  await pending.getByRole('button', { name: /^Cancel: Throttle logins/ }).click();
  const feed = page.getByRole('region', { name: 'Injects and alerts' });
  await expect(
    feed.getByText(/^Cancelled Throttle logins ordered at \d\d:\d\d GMT before it took effect\.$/),
  ).toBeVisible();
  await expect(pending).toContainText('Nothing waiting for its lead time.');

  // Spin-up says when its servers serve, not that they "take effect" at the order minute.
  await page.locator('#lever-spinUpSupernodes-count').fill('10');
  await drill.pullLever('Spin up supernodes');
  await expect(
    feed.getByText(
      /^Spin up supernodes ordered; servers reserved at Wed 22 Dec (\d\d:\d\d) GMT, serving from Wed 22 Dec \d\d:\d\d GMT\.$/,
    ),
  ).toBeVisible();
  expect(problems.all()).toEqual([]);
});
