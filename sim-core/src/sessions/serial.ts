/**
 * One write at a time per target, for both session stores (files in Electron, IndexedDB in a browser): an
 * autosave tick and a save never race on the same file or pointer. A failed job does not block the next.
 */
export type SerialQueue = <T>(target: string, job: () => Promise<T>) => Promise<T>;

/** A new queue: jobs for the same target run one after another, jobs for different targets independently. */
export function serialQueue(): SerialQueue {
  const chains = new Map<string, Promise<unknown>>();
  return <T>(target: string, job: () => Promise<T>): Promise<T> => {
    const next = (chains.get(target) ?? Promise.resolve()).then(job, job);
    chains.set(
      target,
      next.catch(() => undefined),
    );
    return next;
  };
}
