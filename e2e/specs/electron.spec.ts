import { expect, test } from '../fixtures/electron';
import { DrillPage } from '../pages/drill-page';

test('the Electron app boots the same console through the preload bridge', async ({
  appWindow,
  appProblems,
}) => {
  // Collectors attach after the first load; reload so boot itself is covered.
  await appWindow.reload();
  const drill = new DrillPage(appWindow);
  await expect(appWindow).toHaveTitle('Cascade Drill');
  await expect(appWindow.getByRole('heading', { level: 1, name: 'Cascade Drill' })).toBeVisible();
  await expect(appWindow.locator('html')).toHaveAttribute('data-platform', 'electron');
  await appWindow.getByRole('button', { name: /Skype, 22-24 December 2010/ }).click();
  await drill.startButton.click();
  await expect(drill.supernodesAlive).toHaveText(/^\d{1,3}(,\d{3})*$/);
  expect(await appWindow.evaluate(() => typeof (window as unknown as { cascade?: unknown }).cascade)).toBe(
    'object',
  );
  expect((await drill.rendererInfo()).pixi).toBe('webgl');
  expect(appProblems.all()).toEqual([]);
});
