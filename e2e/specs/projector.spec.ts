/**
 * Projector mode is designed for a room: at 1280x720, 1280x800 and 1920x1080 no two pieces of text overlap
 * (page text and the map's own labels, checked in the collapse when they are longest), the header keeps one line with "% of normal" in it, and the figures are large. Screenshots at the three
 * sizes are attached to the report (plain and projector).
 */
import { expect, test } from '../fixtures/web';

const SIZES = [
  [1280, 720],
  [1280, 800],
  [1920, 1080],
] as const;

test('projector mode: big figures and no overlapping text at the room sizes', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(180_000);
  // Full scale: the map's labels carry the real figures ("failing 92M/min"), the widest they get.
  await drill.open();
  await page.setViewportSize({ width: 1280, height: 800 });
  await drill.startSkype();
  // Into the collapse, where the map's labels are longest ("failing 8M/min" under the login service).
  await page.keyboard.press('6');
  await drill.waitForMinute(420, 90_000);
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  const labels = await page.locator('.network-map').getAttribute('data-labels');
  expect(labels, 'the map publishes its label boxes').toContain('Login service');
  for (const [width, height] of SIZES) {
    await page.setViewportSize({ width, height });
    for (const projector of [false, true]) {
      const pressed = await page.getByRole('button', { name: 'Projector' }).getAttribute('aria-pressed');
      if ((pressed === 'true') !== projector) await page.keyboard.press('p');
      await page.waitForTimeout(400);
      const name = `${width}x${height}${projector ? '-projector' : ''}`;
      await page.screenshot({ path: test.info().outputPath(`${name}.png`), animations: 'allow' });
      test
        .info()
        .attachments.push({ name, contentType: 'image/png', path: test.info().outputPath(`${name}.png`) });
      expect(await drill.overlappingText(), name).toEqual([]);
      const header = page.locator('.console-header');
      const hb = await header.boundingBox();
      // One line: the header is no taller than its tallest item plus padding.
      const tallest = await header.evaluate((h) =>
        Math.max(...Array.from(h.children).map((c) => c.getBoundingClientRect().height)),
      );
      expect(hb!.height, `${name}: header on one line`).toBeLessThan(tallest + 16);
      await expect(page.getByLabel('of normal', { exact: true })).toBeVisible();
      // Every header control in view (the header clips what does not fit).
      const proj = await page.getByRole('button', { name: 'Projector' }).boundingBox();
      expect(proj!.x + proj!.width, `${name}: Projector button in view`).toBeLessThanOrEqual(width);
      if (projector) {
        const size = await page
          .getByLabel('Online users', { exact: true })
          .evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
        expect(size, `${name}: online figure`).toBeGreaterThanOrEqual(24);
      }
    }
  }
  expect(problems.all()).toEqual([]);
});
