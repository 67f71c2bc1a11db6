/**
 * Resume drill: play a little, force the fixed client out, pause, let an autosave happen, then reload the page
 * without a clean close (a crash, for the app). The next launch offers "Resume drill": the drill comes back
 * paused at the saved minute on the saved state hash, plays on, and ends as the same session file, whose log
 * holds the pre-crash command once and replays to the final hash. `?autosave=2` (a documented URL option,
 * renderer/src/url-options.ts) keeps the wait for an autosave short.
 */
import { expect, test } from '../fixtures/web';
import { builtinScenario } from '../../sim-core/src/scenario/index';
import {
  newSessionBody,
  parseSession,
  replaySession,
  sealSession,
  serializeSession,
  type SessionFile,
} from '../../sim-core/src/sessions/index';

const QUERY = '&scale=0.1&seed=13&autosave=2';

test('a drill that died is resumed from its autosave and carries on as the same session', async ({
  drill,
  page,
  problems,
}) => {
  test.setTimeout(60_000);
  await drill.open(QUERY);
  await drill.startSkype();
  await page.keyboard.press('5'); // 600x
  await page.keyboard.press('u'); // force the fixed client out
  await page.keyboard.press('Enter'); // confirm the spend (the confirmation has focus)
  await expect(page.locator('[data-lever="forceUpdate"] .lever-result')).toContainText('Accepted');
  await drill.waitForMinute(30);
  // Paused (the button: focus is on the lever just pulled): the host reports the state hash of this minute.
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();

  // Wait for an autosave of the paused minute (saves follow changes within a fraction of a second).
  let autosave: SessionFile | null = null;
  await expect
    .poll(
      async () => {
        const paused = await drill.probe();
        const files = Object.values(await drill.storedSessions('auto')).map((t) => parseSession(t));
        autosave = files.find((f) => f.progress.minute === paused.simMinute) ?? null;
        return autosave?.progress.stateHash === paused.stateHash;
      },
      { timeout: 10_000 },
    )
    .toBe(true);
  const saved = autosave as unknown as SessionFile;
  expect(saved.log.filter((e) => e.kind === 'command').map((e) => e.command)).toEqual(['forceUpdate']);

  await drill.open(QUERY); // the page goes away without a clean close
  const banner = page.getByRole('region', { name: 'Unfinished drill' });
  await expect(banner.getByRole('button', { name: 'Open its debrief' })).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Discard it' })).toBeVisible();
  await banner.getByRole('button', { name: 'Resume drill', exact: true }).click();

  // Back where it was: paused at the saved minute, on the saved hash, with the history filled in.
  const resumed = await drill.pollUntil(
    (p) => p.simMinute === saved.progress.minute && p.stateHash !== '',
    20_000,
  );
  expect(resumed.stateHash).toBe(saved.progress.stateHash);
  expect(resumed.ended).toBe(false);
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  await expect(page.getByText(/Drill resumed from its autosave/)).toBeVisible();
  await expect(page.getByText(/Force update ordered|forceUpdate ordered/i).first()).toBeVisible();
  // At the speed it had (600×), not the scenario's recommended one.
  await expect(page.getByLabel('Speed', { exact: true })).toHaveValue('600');

  // Play on (Space: focus is on the console), then the facilitator ends it: a clean close of the same session.
  await page.keyboard.press('Space');
  await expect(page.getByRole('button', { name: 'Pause', exact: true })).toBeVisible();
  await drill.waitForMinute(saved.progress.minute + 20);
  // Seek back a little (after the command): the drill pauses there and the summary follows the new minute.
  const back = saved.progress.minute + 5;
  await page.getByRole('slider', { name: 'Seek' }).fill(String(back));
  await drill.pollUntil((p) => p.simMinute === back, 10_000);
  await page.getByRole('button', { name: 'Facilitator', exact: true }).click(); // focus is on the scrubber
  await drill.endAsFacilitator();
  const final = await drill.probe();
  expect(final.ended).toBe(true);
  expect(final.simMinute).toBe(back);
  // The replayed pre-crash decision is in the summary, once.
  await expect(page.locator('main.end li').filter({ hasText: 'Force update' })).toHaveCount(1);

  const stored = await drill.storedSessions('saved');
  expect(Object.keys(stored)).toContain(saved.id);
  const file = parseSession(stored[saved.id]!);
  expect(file).toMatchObject({ id: saved.id, createdAt: saved.createdAt, seed: 13 });
  expect(file.progress.closed).toBe(true);
  expect(file.log.filter((e) => e.kind === 'command')).toEqual(saved.log.filter((e) => e.kind === 'command'));
  expect(file.log.map((e) => e.kind)).toEqual(['command', 'end']);
  expect(Object.keys(await drill.storedSessions('auto'))).not.toContain(saved.id);
  const replay = replaySession(file, { scenario: builtinScenario('skype-2010') });
  expect(replay.hashMatches).toBe(true);
  expect(replay.stateHash).toBe(final.stateHash);
  expect(problems.all()).toEqual([]);
});

test('an autosave from another model version is offered without Resume drill, and says why', async ({
  drill,
  page,
  problems,
}) => {
  const base = newSessionBody(
    {
      id: 'older-model',
      now: '2026-11-01T09:00:00.000Z',
      appVersion: '0.0.9',
      scenario: builtinScenario('skype-2010'),
      scale: 0.1,
      seed: 13,
    },
    '0123456789abcdef',
  );
  const file = sealSession({
    ...base,
    model: { version: 'an-older-model' },
    progress: { ...base.progress, minute: 10 },
  });
  await drill.storeSession('auto', file.id, serializeSession(file));
  await drill.open(QUERY);
  const banner = page.getByRole('region', { name: 'Unfinished drill' });
  await expect(banner).toContainText(
    /cannot be resumed: this session was recorded with model an-older-model/,
  );
  await expect(banner.getByRole('button', { name: 'Open its debrief' })).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Resume drill' })).toHaveCount(0);
  await banner.getByRole('button', { name: 'Discard it' }).click();
  await expect(banner).toHaveCount(0);
  expect(problems.all()).toEqual([]);
});
