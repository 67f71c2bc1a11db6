import { expect, test } from '../fixtures/web';
import { DrillPage } from '../pages/drill-page';

test.describe('Facebook, 23 September 2010, in its own console', () => {
  test('pick it, play at top speed, cut traffic by its name, readmit users, and reach the end with scores', async ({
    page,
    problems,
  }) => {
    test.setTimeout(120_000);
    const drill = new DrillPage(page);
    await drill.open();
    // The choice screen presents it with its date, length and what it teaches.
    const pick = page.getByRole('button', { name: /Facebook, 23 September 2010/ });
    await expect(pick).toBeVisible();
    await expect(page.locator('#sum-facebook-2010')).toHaveText(
      /^23 Sep 2010 · starts 17:30 GMT · 24 simulated hours\. How an automatic repair/,
    );
    await pick.click();
    await expect(page.getByRole('heading', { level: 2, name: /Facebook site operations/ })).toBeVisible({
      timeout: 30_000,
    });
    // The model's view and levers, with the model's words and lead times.
    await expect(
      page.getByRole('img', { name: /web tier, the cache and the database cluster/ }),
    ).toBeVisible();
    const cut = page.getByRole('button', { name: 'Cut all traffic to the cluster' });
    await expect(cut).toBeVisible();
    await expect(page.locator('[data-lever="cutAllTraffic"]').getByText(/Takes 5 min/)).toBeVisible();
    // Roles gate the levers: database ops may not fix the stored value.
    await page.getByLabel('Your role').selectOption('databaseOps');
    await expect(page.locator('article[data-lever="fixStoredValue"]')).toContainText("Not your role's lever");
    await page.getByLabel('Your role').selectOption('incidentCommander');
    expect(await drill.unnamedControls()).toEqual([]);

    await page.getByRole('button', { name: 'Start the drill' }).click();
    await page.getByLabel(/^Speed/).selectOption('3600');
    // The alert at the trigger, the loop on the view, the site's users falling.
    await expect(page.getByText(/ALERT database cluster/)).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.fb-loop-words')).toContainText(/^Feedback loop: /);
    await expect(page.locator('.fb-loop.on')).toHaveCount(1);
    await expect(page.locator('.fb-view').getByText(/of queries fail/)).toBeVisible();
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: 'test-results/eng-facebook-1280.png' });

    // The record's response, hidden until asked, drawn beside the drill's users served.
    await page.getByLabel(/Show the record's response/).check();
    await expect(page.locator('.cc-record')).toHaveAttribute('points', /\d/);
    await expect(page.getByText("The record's response, as the model plays it")).toBeVisible();

    // Cut all traffic: the order lands after its lead time, the site goes off, the cluster drains.
    await page.getByLabel(/^Speed/).selectOption('60');
    await page.getByRole('button', { name: 'Cut all traffic to the cluster' }).click();
    await expect(page.locator('article[data-lever="cutAllTraffic"] .cd-result')).toContainText(/^Ordered at/);
    await expect(page.getByRole('list', { name: 'Orders waiting for their lead time' })).toContainText(
      /Cut all traffic to the cluster: takes effect at/,
    );
    await page.getByLabel(/^Speed/).selectOption('3600');
    await expect(page.getByText(/Facebook now shows a maintenance page/)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/With no traffic the database cluster has recovered/)).toBeVisible({
      timeout: 30_000,
    });
    // The stored value is still invalid: fix it, and readmit users once it lands.
    await page.getByRole('button', { name: 'Fix the stored value' }).click();
    await expect(page.getByText(/The persistent store now holds a valid value/)).toBeVisible({
      timeout: 30_000,
    });
    await page.getByRole('button', { name: 'Readmit users gradually' }).click();
    await expect(page.locator('article[data-lever="readmitUsers"] .cd-result')).toContainText(/^Ordered at/);

    // The drill ends once service has been back long enough; the end screen compares the run.
    await expect(page.getByRole('heading', { name: 'The drill has ended' })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByText(/service has been back to normal long enough/)).toBeVisible();
    await expect(page.getByText(/^Doing nothing would have lost/)).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(/^The record's response would have lost/)).toBeVisible();
    await expect(page.getByText(/^Par \(the best run/)).toBeVisible();
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.screenshot({ path: 'test-results/eng-facebook-1920.png' });
    const p = await drill.probe();
    expect(p.ended).toBe(true);
    expect(p.phase).toBe('restored');
    expect(p.stateHash).toMatch(/^[0-9a-f]{16}$/);
    expect(problems.all()).toEqual([]);
  });
});
