import { describe, expect, it } from 'vitest';
import type { ParJob, ParJobResult, ParPort } from '../../../sim-core/src/scoring/par-pool';
import { parGate } from './par-gate';

/** A fake worker: jobs wait until the test answers them. */
function fakeWorker(log: string[], name: string) {
  let answer: ((r: ParJobResult) => void) | null = null;
  let fail: ((m: string) => void) | null = null;
  const held: ParJob[] = [];
  const port: ParPort = {
    post: (job) => {
      log.push(`${name}:${job.id}`);
      held.push(job);
    },
    onResult: (h) => (answer = h),
    onFailure: (h) => (fail = h),
    terminate: () => void log.push(`${name}:end`),
  };
  return {
    port,
    held,
    finish: () => answer!({ id: held.shift()!.id, ok: true, loss: 1 }),
    crash: (m: string) => fail!(m),
  };
}

const job = (id: number): ParJob => ({ id, kind: 'loss', seed: 1, policy: [] });

describe('the par gate', () => {
  it('runs the jobs of every port on one worker in the background, and on more once hurried', () => {
    const log: string[] = [];
    const workers: ReturnType<typeof fakeWorker>[] = [];
    let allowed = 1;
    const gate = parGate(
      3,
      () => {
        const w = fakeWorker(log, `w${workers.length}`);
        workers.push(w);
        return w.port;
      },
      () => allowed,
      (fn) => fn(),
    );
    const got: number[] = [];
    const answered: number[] = [];
    gate.onAnswered((j) => answered.push(j.id));
    gate.ports.forEach((p, i) => p.onResult(() => got.push(i)));
    gate.ports.forEach((p) => p.onFailure(() => undefined));
    gate.ports.forEach((p, i) => p.post(job(i + 1)));
    expect(gate.started()).toBe(1);
    expect(log).toEqual(['w0:1']);
    workers[0]!.finish();
    expect(got).toEqual([0]);
    expect(log).toEqual(['w0:1', 'w0:2']);
    allowed = 3;
    gate.wake();
    expect(gate.started()).toBe(2); // one job left waiting, one worker more
    expect(log).toEqual(['w0:1', 'w0:2', 'w1:3']);
    workers[1]!.finish();
    workers[0]!.finish();
    expect(got.sort()).toEqual([0, 1, 2]);
    expect(answered).toEqual([1, 3, 2]);
  });

  it('fails every port when a worker dies, and later jobs at once', async () => {
    const log: string[] = [];
    const w = fakeWorker(log, 'w');
    const gate = parGate(
      2,
      () => w.port,
      () => 1,
      (fn) => fn(),
    );
    const failures: string[] = [];
    gate.ports.forEach((p, i) => p.onFailure((m) => failures.push(`${i}:${m}`)));
    gate.ports.forEach((p) => p.onResult(() => undefined));
    gate.ports[0]!.post(job(1));
    gate.ports[1]!.post(job(2));
    w.crash('out of memory');
    expect(failures).toEqual(['0:out of memory', '1:out of memory']);
    gate.ports[0]!.post(job(3));
    expect(failures.at(-1)).toBe('0:out of memory');
    await gate.close();
    expect(log).toEqual(['w:1', 'w:end']);
  });
});
