import { describe, expect, it } from 'vitest';

import { hoverLines } from './legend';

describe('the update servers tooltip', () => {
  it('names the download queue and the installing clients apart, each with its own figure', () => {
    const lines = hoverLines({
      kind: 'update',
      facts: {
        loginsPerMinute: 0,
        failedPerMinute: 0,
        throttlePerMinute: null,
        updatesPerMinute: 6406,
        installing: 12812,
        waiting: 6406,
        rolloutFraction: 1,
      },
    });
    expect(lines).toEqual([
      'Update servers',
      'Updates completed: 6,406 per minute',
      'Told, waiting for their download: 6,406',
      'Installing (off Skype while the client restarts): 12,812',
      'Rollout: 100% of 5.0.0152 clients told to update',
    ]);
  });
});
