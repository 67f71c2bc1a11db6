/**
 * The full-scale network left alone collapses, and the view shows it: lit pixels that change as the
 * cascade runs. Also takes the README screenshot (docs/images/console.png, 1280x720) mid-collapse, so the
 * picture is always the real console.
 */
import path from 'node:path';
import { expect, test } from '../fixtures/web';
import { MAP_BACKGROUND } from '../pages/drill-page';
import { pixelStats } from '../pages/pixels';

const README_SHOT = path.resolve(__dirname, '..', '..', 'docs', 'images', 'console.png');

test('doing nothing collapses the network, and the map shows it', async ({ drill, page, problems }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 720 });
  await drill.startSkype();
  const calm = await drill.canvasShot();
  const a = await pixelStats(page, calm, MAP_BACKGROUND);
  // Land is a notch above the background (not counted as lit); ~48k supernodes and labels are.
  expect(a.lit / a.total).toBeGreaterThan(0.03);
  expect(a.colours).toBeGreaterThan(3);

  await page.keyboard.press('6'); // 3600×
  await drill.pollUntil((p) => p.phase === 'degraded' || p.phase === 'cascading', 90_000);
  // Slow down to catch the cascade in the act, then freeze it for the screenshot.
  await page.keyboard.press('4'); // 300×
  // Mid-collapse: cascading, with well under two thirds of the ~24M normal still online.
  await drill.pollUntil(
    (p) => (p.phase === 'cascading' && p.online < 15_000_000) || p.phase === 'collapsed',
    90_000,
  );
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  const paused = await drill.probe();
  await page.waitForTimeout(1200); // let death flashes settle
  expect((await drill.probe()).simMinute).toBe(paused.simMinute);
  await page.screenshot({ path: README_SHOT, animations: 'allow' });
  const mid = await drill.canvasShot();
  const b = await pixelStats(page, mid, MAP_BACKGROUND, calm);
  test.info().annotations.push({
    type: 'mid-collapse',
    description: `${JSON.stringify(b)} at ${JSON.stringify(paused)}`,
  });
  expect(b.lit / b.total).toBeGreaterThan(0.05);
  expect(b.changed).toBeGreaterThan(2000);

  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.keyboard.press('6');
  const fallen = await drill.pollUntil(
    (p) => p.phase === 'collapsed' && p.simMinute >= paused.simMinute + 30,
    40_000,
  );
  // Collapsed means under 35% of the normal for the hour (~24M at this time): under ~8.5M online.
  expect(fallen.online).toBeLessThan(8_500_000);
  const late = await drill.canvasShot();
  const c = await pixelStats(page, late, MAP_BACKGROUND, mid);
  test.info().annotations.push({
    type: 'collapsed',
    description: `${JSON.stringify(c)} at ${JSON.stringify(fallen)}`,
  });
  expect(c.lit / c.total).toBeGreaterThan(0.05);
  expect(c.changed).toBeGreaterThan(500);
  expect(fallen.stateHash).not.toBe(paused.stateHash);
  // The feed carried the monitoring alerts of the outage.
  await expect(page.getByRole('region', { name: 'Injects and alerts' })).toContainText(
    'ALERT offline-IM replies',
  );
  expect(problems.all()).toEqual([]);
});
