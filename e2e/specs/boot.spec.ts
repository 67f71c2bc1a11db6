import { expect, test } from '../fixtures/web';
import { DrillPage } from '../pages/drill-page';

test.describe('browser mode boots into the screen flow', () => {
  test('scenario choice, then a briefing with role, levers, limits and "Start drill"', async ({
    page,
    problems,
  }) => {
    const drill = new DrillPage(page);
    await drill.open();
    await expect(page).toHaveTitle('Cascade Drill');
    await expect(page.getByRole('heading', { level: 1, name: 'Cascade Drill' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-platform', 'browser');
    expect((await drill.probe()).phase).toBe('none');

    await page.getByRole('button', { name: /Skype, 22-24 December 2010/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: /12:00 GMT/ })).toBeVisible();
    await expect(page.getByLabel('Role')).toHaveValue('incidentCommander');
    for (const lever of ['Force update', 'Spin up supernodes', 'Throttle logins', 'Enable client back-off'])
      await expect(page.getByRole('rowheader', { name: new RegExp(`^${lever}`) })).toBeVisible();
    await expect(page.getByText('What the model does not know')).toBeVisible();
    // Full scale by default: the host reports every supernode slot of the real network.
    await expect(drill.startButton).toBeEnabled({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Network ready' })).toContainText(/6\d,\d{3}/);
    expect(await drill.unnamedControls()).toEqual([]);
    expect(problems.all()).toEqual([]);
  });

  test('without ?testHook=1 there is no test hook', async ({ page, problems }) => {
    await page.goto('./');
    await expect(page.getByRole('button', { name: /Skype, 22-24 December 2010/ })).toBeVisible();
    expect(await page.evaluate(() => '__drill' in window)).toBe(false);
    expect(problems.all()).toEqual([]);
  });
});
