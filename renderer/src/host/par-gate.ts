/**
 * A priority gate in front of par workers. sim-core's par pool spreads each batch of evaluations over the
 * ports it is given, one job per port; the batch size, and so the search, does not depend on how many real
 * threads run them. The gate gives the pool `virtual` ports and runs their jobs on as many real workers as
 * `allowed()` says at the moment: one while a drill is being played (the search must leave the live drill
 * smooth), every core's worth once someone is waiting for the score. Real workers start lazily and stay
 * until the gate closes. Between two jobs on the background worker the gate yields to the caller's event loop.
 */
import type { ParJob, ParJobResult, ParPort } from '../../../sim-core/src/scoring/par-pool';

export interface ParGate {
  /** The ports to build the par pool on. */
  readonly ports: readonly ParPort[];
  /** Look at `allowed()` again (call it when the priority changes). */
  wake(): void;
  /** Real workers started so far (tests, bench). */
  started(): number;
  /** Called with each job that has been answered (for progress finer than the search's own stages). */
  onAnswered(listener: (job: ParJob) => void): void;
  close(): Promise<void>;
}

interface Real {
  port: ParPort;
  /** The virtual port whose job it runs, and the job. */
  busy: number | null;
  job: ParJob | null;
}

/**
 * A gate of `virtual` ports over real ones made by `start`. `pause` runs a function after the background
 * worker's gap (default: the next macrotask).
 */
export function parGate(
  virtual: number,
  start: () => ParPort,
  allowed: () => number,
  pause: (fn: () => void) => void = (fn) => void setTimeout(fn, 0),
): ParGate {
  if (virtual < 1) throw new Error('a par gate needs at least one port');
  const onResult: Array<(r: ParJobResult) => void> = [];
  const onFailure: Array<(message: string) => void> = [];
  const queue: Array<{ job: ParJob; from: number }> = [];
  const reals: Real[] = [];
  let closed = false;
  let failed: string | null = null;
  const answered: Array<(job: ParJob) => void> = [];

  const fail = (message: string) => {
    failed ??= message;
    queue.length = 0;
    for (const h of onFailure) h(message);
  };
  const startReal = (): Real => {
    const r: Real = { port: start(), busy: null, job: null };
    r.port.onResult((res) => {
      const from = r.busy;
      const job = r.job;
      r.busy = null;
      r.job = null;
      if (job) for (const l of answered) l(job);
      if (from !== null) onResult[from]?.(res);
      // Alone in the background: leave a gap for the page before the next job.
      if (allowed() <= 1) pause(pump);
      else pump();
    });
    r.port.onFailure((message) => {
      r.busy = null;
      fail(message);
    });
    reals.push(r);
    return r;
  };
  const pump = (): void => {
    if (closed || failed !== null) return;
    const limit = Math.max(1, Math.min(virtual, allowed()));
    while (queue.length > 0) {
      let r = reals.slice(0, limit).find((x) => x.busy === null);
      if (!r && reals.length < limit) r = startReal();
      if (!r) return;
      const next = queue.shift()!;
      r.busy = next.from;
      r.job = next.job;
      r.port.post(next.job);
    }
  };
  const ports: ParPort[] = Array.from({ length: virtual }, (_, i) => ({
    post: (job: ParJob) => {
      if (failed !== null) return onFailure[i]?.(failed);
      queue.push({ job, from: i });
      pump();
    },
    onResult: (h: (r: ParJobResult) => void) => {
      onResult[i] = h;
    },
    onFailure: (h: (message: string) => void) => {
      onFailure[i] = h;
    },
    terminate: () => undefined,
  }));
  return {
    ports,
    wake: pump,
    started: () => reals.length,
    onAnswered: (l) => void answered.push(l),
    close: async () => {
      closed = true;
      queue.length = 0;
      await Promise.all(reals.map((r) => r.port.terminate()));
    },
  };
}
