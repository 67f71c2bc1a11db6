/**
 * The map's extra layers and the timeline scrubber: clients drawn as a density layer under the supernodes.
 * Runs on the small network (`?scale=0.1`) to stay quick; the layers are the same at full scale.
 */
import { expect, test } from '../fixtures/web';

const densityCells = async (page: import('@playwright/test').Page): Promise<number> =>
  Number((await page.locator('.network-map').getAttribute('data-density-cells')) ?? 0);

test('clients show as a density layer', async ({ drill, page, problems }) => {
  await drill.open('&scale=0.1');
  await drill.startSkype();
  await expect.poll(() => densityCells(page), { timeout: 10_000 }).toBeGreaterThan(100);
  const clients = Number(await page.locator('.network-map').getAttribute('data-density-clients'));
  expect(clients).toBeGreaterThan(100_000);
  // At 1280x720 the legend is folded to its title (open, it would cover North America); its title opens it.
  const legend = page.getByRole('group', { name: 'Legend' });
  await expect(legend.getByText('Clients attached')).toBeHidden();
  await legend.getByText('Legend', { exact: true }).click();
  await expect(legend.getByText('Clients attached (brighter = more)')).toBeVisible();
  await expect(legend).toContainText('Login service');
  await expect(legend).toContainText('Update servers');
  await legend.getByText('Legend', { exact: true }).click();
  await expect(legend.getByText('Clients attached (brighter = more)')).toBeHidden();

  // Tooltips (1280x720, whole world in view): the login and update nodes sit in the Atlantic below the
  // offline-IM cluster; a supernode in the European cloud names its host's client build.
  const tooltip = page.getByRole('tooltip');
  await page.mouse.move(316, 268);
  await expect(tooltip).toContainText('Logins:');
  await expect(tooltip).toContainText('Failed attempts');
  await page.mouse.move(430, 268);
  await expect(tooltip).toContainText('Updates completed');
  let found = false;
  for (let x = 470; x < 600 && !found; x += 4) {
    await page.mouse.move(x, 180);
    found = ((await tooltip.textContent()) ?? '').includes('Host client:');
  }
  expect(found).toBe(true);
  await expect(tooltip).toContainText(/Host client: (Windows|other Windows|Mac|dedicated)/);
  await page.screenshot({ path: test.info().outputPath('layers.png') });
  expect(problems.all()).toEqual([]);
});

test('the timeline scrubber seeks back, and "Play from here" drops the later commands', async ({
  drill,
  page,
  problems,
}) => {
  await drill.open('&scale=0.1');
  await drill.startSkype();
  // Order something early so there is a recorded command after the point we go back to.
  await page.keyboard.press('4'); // 300×
  await drill.waitForMinute(40);
  await page.keyboard.press('u');
  await page.keyboard.press('Enter'); // confirm the spend (the confirmation has focus)
  await expect(page.getByRole('list', { name: /pending/i }).or(page.locator('.feed'))).toContainText(
    /Force update/,
  );
  const ahead = await drill.waitForMinute(90);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();

  // Keyboard only: focus the scrubber, walk it back to the start, commit.
  const seek = page.getByRole('slider', { name: 'Seek' });
  await seek.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const back = await drill.pollUntil((p) => p.simMinute < 30, 20_000);
  expect(back.simMinute).toBeLessThan(ahead.simMinute);
  expect(back.simMinute).toBeLessThanOrEqual(2);

  const play = page.getByRole('button', { name: 'Play from here' });
  await expect(play).toBeEnabled();
  await play.focus();
  await page.keyboard.press('Enter');
  await expect(page.locator('.seek-note')).toContainText(/Playing from .*: [1-9]\d* later commands? dropped/);
  await expect(play).toBeDisabled();
  await page.screenshot({ path: test.info().outputPath('seek.png') });
  expect(problems.all()).toEqual([]);
});
