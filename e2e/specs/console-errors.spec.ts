import { expect, test } from '../fixtures/web';

test('a minute of running leaves no console errors, page errors or CSP violations', async ({
  drill,
  problems,
  page,
}) => {
  const start = await drill.waitForMinute(1);
  // Long enough for the worker, Pixi's shaders, text and several hundred frames to have happened.
  await page.waitForTimeout(8_000);
  const now = await drill.probe();
  expect(now.simMinute).toBeGreaterThan(start.simMinute);
  expect(now.phase).not.toBe('error');
  await expect(page.getByRole('alert')).toBeHidden();
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.pageErrors).toEqual([]);
  expect(problems.cspViolations).toEqual([]);
});
