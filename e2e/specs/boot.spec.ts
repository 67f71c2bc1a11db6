import { expect, test } from '../fixtures/web';

test.describe('browser mode boots', () => {
  test('shows the console with a title, a header and a status line fed by the sim', async ({
    page,
    drill,
    problems,
  }) => {
    await expect(page).toHaveTitle('Cascade Drill');
    await expect(drill.heading).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-platform', 'browser');

    const probe = await drill.waitForMinute(5);
    expect(probe.phase).toMatch(/^(running|ended)$/);
    expect(probe.online).toBeGreaterThan(0);
    expect(probe.supernodesAlive).toBeGreaterThan(0);
    expect(probe.stateHash).toMatch(/^[0-9a-f]{16}$/);

    // The HTML status line shows the sim's numbers, formatted, under accessible names.
    await expect(drill.online).toHaveText(/^\d{1,3}(,\d{3})*$/);
    await expect(drill.supernodesAlive).toHaveText(/^\d{1,3}(,\d{3})*$/);
    const shownAlive = Number((await drill.supernodesAlive.innerText()).replace(/,/g, ''));
    expect(shownAlive).toBeGreaterThan(0);

    // Scenario clock in GMT, e.g. "Wed 22 Dec 18:40 GMT".
    await expect(drill.clock).toHaveText(
      /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{1,2} [A-Z][a-z]{2} \d{2}:\d{2} GMT$/,
    );

    expect(problems.all()).toEqual([]);
  });

  test('the sim advances: minutes pass and the state hash changes', async ({ drill, problems }) => {
    const first = await drill.waitForMinute(2);
    const later = await drill.waitForMinute(first.simMinute + 20);
    expect(later.simMinute).toBeGreaterThan(first.simMinute);
    expect(later.stateHash).not.toBe(first.stateHash);
    expect(problems.all()).toEqual([]);
  });

  test('without ?testHook=1 there is no test hook', async ({ page, problems }) => {
    await page.goto('./');
    await expect(page.getByLabel('Supernodes alive', { exact: true })).not.toHaveText('–');
    expect(await page.evaluate(() => '__drill' in window)).toBe(false);
    expect(problems.all()).toEqual([]);
  });
});
