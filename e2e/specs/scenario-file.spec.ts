import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '../fixtures/web';
import { DrillPage } from '../pages/drill-page';

/** A variant of the shipped 2010 scenario, as `npm run scenario -- new --from skype-2010` would start one. */
function variant(edit: (s: Record<string, unknown>) => void = () => undefined): Buffer {
  const s = JSON.parse(
    readFileSync(resolve(__dirname, '../../assets/scenarios/skype-2010.json'), 'utf8'),
  ) as Record<string, unknown>;
  s['id'] = 'night-shift';
  s['title'] = 'Night shift: the 2010 cascade, our variant';
  edit(s);
  return Buffer.from(JSON.stringify(s, null, 2));
}

test.describe('a scenario file opened from disk', () => {
  test('a bad file is refused with its problems and nothing changes; a good one plays and is remembered', async ({
    page,
    problems,
  }) => {
    const drill = new DrillPage(page);
    await drill.open('&scale=0.01');
    // The built-in pack: the two Skype scenarios and Facebook 2010.
    const picks = page.locator('.scenario-pick');
    await expect(picks).toHaveCount(4);

    const pick = async (name: string, buffer: Buffer) => {
      const chooser = page.waitForEvent('filechooser');
      await page.getByRole('button', { name: 'Open a scenario file…' }).click();
      await (await chooser).setFiles({ name, mimeType: 'application/json', buffer });
    };

    await pick(
      'broken.json',
      variant((s) => {
        (s['model'] as Record<string, unknown>)['durationMinutes'] = -1;
        s['startIso'] = 'teatime';
      }),
    );
    const refused = page.getByRole('alert', { name: 'Scenario file refused' });
    await expect(refused).toContainText('broken.json was not opened: 4 problems. Nothing else changed.');
    await expect(refused).toContainText('$.model.durationMinutes:');
    await expect(refused).toContainText('$.startIso:');
    await expect(picks).toHaveCount(4);

    await pick('not-json.json', Buffer.from('{ "id": '));
    await expect(refused).toContainText('not-json.json was not opened: one problem.');
    await expect(refused).toContainText('not valid JSON');

    await pick('night.json', variant());
    await expect(page.getByRole('status').filter({ hasText: 'Opened night.json' })).toBeVisible();
    const mine = page.getByRole('button', { name: 'Night shift: the 2010 cascade, our variant' });
    await expect(picks).toHaveCount(5);
    await expect(page.getByText(/from the file night\.json, version 1/)).toBeVisible();

    // It plays: the worker builds the drill from the file's definition.
    await mine.click();
    await expect(drill.startButton).toBeEnabled({ timeout: 30_000 });
    await drill.startButton.click();
    await expect(drill.canvas).toBeVisible();
    await drill.waitForMinute(2);
    await expect(page).toHaveTitle(/Night shift/);

    // Remembered in this browser profile: offered again after a reload.
    await drill.open('&scale=0.01');
    await expect(
      page.getByRole('button', { name: 'Night shift: the 2010 cascade, our variant' }),
    ).toBeVisible();
    await page.getByRole('button', { name: 'Forget the scenario file night.json' }).click();
    await expect(picks).toHaveCount(4);
    await drill.open('&scale=0.01');
    await expect(picks).toHaveCount(4);
    expect(problems.all()).toEqual([]);
  });
});
