/**
 * Determinism across engines: the model stepped in Chromium's Web Worker (through the drill host) reaches the
 * same state hash as the same model stepped here in Node, for the same scenario, seed and (no) commands.
 */
import { expect, test } from '../fixtures/web';
import { createSim, hash, step } from '../../sim-core/src/model/index';
import { builtinScenario, scaleScenario } from '../../sim-core/src/scenario/index';

const SCALE = 0.05;
const SEED = 7;

test('Chromium and Node compute the same model hash', async ({ drill, page, problems }) => {
  test.setTimeout(120_000);
  await drill.open(`&scale=${SCALE}&seed=${SEED}`);
  await drill.startSkype();
  await page.keyboard.press('6'); // 3600×
  await drill.waitForMinute(300, 90_000); // past the trigger: crashes, storms and protection all ran
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Resume', exact: true })).toBeVisible();
  // The pause snapshot carries the model hash of the paused minute; wait until the probe has it.
  let minute = -1;
  const paused = await drill.pollUntil((p) => {
    const settled = p.simMinute === minute && p.stateHash !== '';
    minute = p.simMinute;
    return settled;
  }, 10_000);

  const sim = createSim(scaleScenario(builtinScenario('skype-2010'), SCALE), SEED);
  for (let t = 0; t < paused.simMinute; t++) step(sim, []);
  test
    .info()
    .annotations.push({ type: 'hash', description: `minute ${paused.simMinute}: ${paused.stateHash}` });
  expect(paused.stateHash).toBe(hash(sim));
  expect(problems.all()).toEqual([]);
});
