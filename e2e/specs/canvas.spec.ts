import { expect, test } from '../fixtures/web';
import { MAP_BACKGROUND } from '../pages/drill-page';
import { pixelStats } from '../pages/pixels';

test.describe('the network map', () => {
  test('is drawn by WebGL', async ({ drill, problems }) => {
    await drill.waitForMinute(1);
    const info = await drill.rendererInfo();
    test
      .info()
      .annotations.push({ type: 'gpu', description: `${info.pixi} / ${info.context} / ${info.gpu}` });
    expect(info.pixi).toBe('webgl');
    expect(info.context).not.toBeNull();
    expect(problems.all()).toEqual([]);
  });

  test('renders lit pixels, and the picture changes as the sim advances', async ({
    drill,
    page,
    problems,
  }) => {
    const start = await drill.waitForMinute(2);
    const before = await drill.canvasShot();
    const a = await pixelStats(page, before, MAP_BACKGROUND);
    test.info().annotations.push({
      type: 'pixels',
      description: `first: ${JSON.stringify(a)} at minute ${start.simMinute}`,
    });
    // Hundreds of supernodes on a 1000x650-ish canvas: well over 1% of it is lit, in several colours.
    expect(a.lit / a.total).toBeGreaterThan(0.01);
    expect(a.colours).toBeGreaterThan(3);

    // Let the model run until the state hash has moved on by a good stretch of simulated time.
    const later = await drill.waitForMinute(start.simMinute + 120, 45_000);
    const after = await drill.canvasShot();
    const b = await pixelStats(page, after, MAP_BACKGROUND, before);
    test.info().annotations.push({
      type: 'pixels',
      description: `later: ${JSON.stringify(b)} at minute ${later.simMinute}`,
    });
    expect(later.stateHash).not.toBe(start.stateHash);
    expect(b.lit / b.total).toBeGreaterThan(0.01);
    expect(b.changed).toBeGreaterThan(200);
    expect(problems.all()).toEqual([]);
  });
});
