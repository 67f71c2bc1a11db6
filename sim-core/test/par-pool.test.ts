import { describe, expect, it } from 'vitest';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { decodeGenome, inlineRunner, policyFile, structuredGenomes } from '../src/scoring/par';
import {
  parJobRunner,
  parPool,
  parResultFits,
  type ParJob,
  type ParJobResult,
  type ParPort,
} from '../src/scoring/par-pool';

const tiny = scaleScenario(builtinScenario('skype-2010'), 0.0025);

/** A worker on this thread: answers each job on the next microtask, or dies on the `dieOn`-th job. */
function fakePort(dieOn = 0): ParPort & { jobs: number } {
  const run = parJobRunner(tiny);
  let result: (r: ParJobResult) => void = () => undefined;
  let failure: (m: string) => void = () => undefined;
  const port = {
    jobs: 0,
    post(job: ParJob) {
      port.jobs++;
      queueMicrotask(() => (port.jobs === dieOn ? failure('worker ran out of memory') : result(run(job))));
    },
    onResult: (h: (r: ParJobResult) => void) => void (result = h),
    onFailure: (h: (m: string) => void) => void (failure = h),
    terminate: () => undefined,
  };
  return port;
}

describe('par jobs', () => {
  it('answer a malformed job with its reason instead of throwing', () => {
    const run = parJobRunner(tiny);
    expect(run({ id: 3, kind: 'loss', seed: 1, policy: [{ atMinute: 'soon' }] })).toMatchObject({
      id: 3,
      ok: false,
    });
    expect(run({ id: 4, kind: 'nope' as 'loss', seed: 1, policy: [] })).toEqual({
      id: 4,
      ok: false,
      error: 'unknown job kind',
    });
    expect(run({ id: 5, kind: 'loss', seed: 1.5, policy: [] })).toMatchObject({
      ok: false,
      error: /integer/,
    });
  });
});

describe('the par pool', () => {
  const policies = structuredGenomes()
    .slice(0, 3)
    .map((g) => decodeGenome(g, tiny, 300));

  it('spreads jobs over its workers and returns answers in the order asked, equal to the calling thread', async () => {
    const ports = [fakePort(), fakePort()];
    const pool = parPool(ports);
    const losses = await pool.runner(2).evaluate(policies);
    expect(losses).toEqual(await inlineRunner(tiny, 2).evaluate(policies));
    expect(ports[0]!.jobs + ports[1]!.jobs).toBe(3);
    expect(Math.min(ports[0]!.jobs, ports[1]!.jobs)).toBeGreaterThan(0);
    await pool.close();
  });

  it('fails the job in flight, the queued ones and every later one when a worker dies', async () => {
    const pool = parPool([fakePort(1)]);
    await expect(pool.runner(1).evaluate(policies)).rejects.toThrow(/par worker: worker ran out of memory/);
    await expect(pool.runner(1).evaluate(policies.slice(0, 1))).rejects.toThrow(/out of memory/);
  });

  it('needs a worker', () => {
    expect(() => parPool([])).toThrow(/at least one worker/);
  });
});

describe('a stored par', () => {
  it('fits only with the same keys and versions, and a search at least as long', async () => {
    const { computePar } = await import('../src/scoring/par');
    const { modelVersion } = await import('../src/scoring/version');
    const model = modelVersion(tiny);
    const r = await computePar(tiny, 1, inlineRunner(tiny, 1), { budget: 12, modelVersion: model });
    const stored: unknown = JSON.parse(JSON.stringify(r));
    expect(parResultFits(stored, tiny, 1, model, r.budget)).not.toBeNull();
    expect(parResultFits(stored, tiny, 1, model, r.budget + 1)).toBeNull();
    expect(parResultFits(stored, tiny, 2, model, 0)).toBeNull();
    expect(parResultFits(stored, tiny, 1, 'other-model', 0)).toBeNull();
    expect(parResultFits({ ...(stored as object), policy: 'x' }, tiny, 1, model, 0)).toBeNull();
    expect(parResultFits(null, tiny, 1, model, 0)).toBeNull();
    expect(parResultFits('not a par', tiny, 1, model, 0)).toBeNull();
    expect(policyFile([])).toEqual([]);
  });
});
