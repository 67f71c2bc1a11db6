/**
 * Background threads (par's search, a team drill's score thread) lower their own scheduling priority so a live
 * drill in the same process stays smooth. No side effects on import: worker entry files import it.
 */
import { setPriority } from 'node:os';

/** Lower this thread's priority (Linux: per thread); false where that is not possible or not per thread. */
export function backgroundThisThread(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    setPriority(19);
    return true;
  } catch {
    return false;
  }
}
