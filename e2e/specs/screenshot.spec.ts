import path from 'node:path';
import { expect, test } from '../fixtures/web';

/** The README's screenshot: the real console, taken by the suite so it never drifts from the app. */
const TARGET = path.resolve(__dirname, '..', '..', 'docs', 'images', 'console.png');

test('takes the README screenshot at 1280x720', async ({ page, drill, problems }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // Far enough into the scenario that loads differ and the picture is representative, not the first frame.
  await drill.waitForMinute(60, 45_000);
  await page.screenshot({ path: TARGET, fullPage: true, animations: 'allow' });
  expect(problems.all()).toEqual([]);
});
