import path from 'node:path';
import { expect, test } from '../fixtures/web';

/** The README's screenshot: the real console, taken by the suite so it never drifts from the app. */
const TARGET = path.resolve(__dirname, '..', '..', 'docs', 'images', 'console.png');

test('takes the README screenshot at 1280x720', async ({ page, drill, problems }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // Minute 1200 is 08:00 GMT on 23 Dec: deep into the cascade, so the picture shows what the drill is about
  // (overloaded, self-protecting and crashed supernodes), not a calm first frame.
  const at = await drill.waitForMinute(1200, 50_000);
  test.info().annotations.push({ type: 'state', description: JSON.stringify(at) });
  await page.screenshot({ path: TARGET, fullPage: true, animations: 'allow' });
  expect(problems.all()).toEqual([]);
});
