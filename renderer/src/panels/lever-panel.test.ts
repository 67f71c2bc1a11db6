import { describe, expect, it } from 'vitest';

import { leverContextAtStart } from '../../../sim-core/src/levers/index';
import { builtinScenario, scaleScenario } from '../../../sim-core/src/scenario/index';
import { leverArgs, leverSpecs, previewLever } from './lever-model';
import { acceptedWords, cardView } from './lever-panel';

const START = Date.UTC(2010, 11, 22, 12, 0);

describe('a lever card says why a refused order is refused, never just "refused"', () => {
  const params = builtinScenario('skype-2010').model;
  const spec = (p: typeof params, name: string) => leverSpecs(p).find((l) => l.name === name)!;

  it('Release supernodes before any are running: its lead time, and the reason in place of lead and cost', () => {
    const s = spec(params, 'releaseSupernodes');
    const p = previewLever(s, leverArgs(s, {}), params, leverContextAtStart(params));
    expect(p.lead).toBe('at once');
    const v = cardView(p);
    expect(v.refused).toBe('No dedicated supernodes are running.');
    // Nothing described for an order that would not happen ("up to 0 users on them…").
    expect(v.says).toEqual([]);
    expect(v.warnings).toEqual([]);
  });

  it('Spin up on a 10%-scale network: the default fits the spare pool, and asking for more says how many are free', () => {
    const small = scaleScenario(builtinScenario('skype-2010'), 0.1).model;
    const s = spec(small, 'spinUpSupernodes');
    const ctx = leverContextAtStart(small);
    const dflt = previewLever(s, leverArgs(s, {}), small, ctx);
    expect(dflt.refusal).toBeNull();
    const more = previewLever(
      s,
      leverArgs(s, { count: String(small.dedicated.poolServers + 5) }),
      small,
      ctx,
    );
    expect(cardView(more).refused).toBe(
      `Only ${small.dedicated.poolServers} spare servers are free; you asked for ${small.dedicated.poolServers + 5}.`,
    );
  });

  it('states the accepted order in words that stay true as time passes (no countdown)', () => {
    expect(acceptedWords(START, 701, 731)).toBe(
      'Accepted at Wed 22 Dec 23:41 GMT; takes effect at Thu 23 Dec 00:11 GMT.',
    );
    expect(acceptedWords(START, 701, 701)).toBe('Accepted at Wed 22 Dec 23:41 GMT; in effect at once.');
    // Dedicated supernodes: reserved at once, serving after their provisioning (the card says "serve after 1 h").
    expect(acceptedWords(START, 701, 701, 60)).toBe(
      'Accepted at Wed 22 Dec 23:41 GMT; servers reserved at once, serving from Thu 23 Dec 00:41 GMT.',
    );
  });
});
