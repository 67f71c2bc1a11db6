/**
 * The session channels' handlers, backed by the sessions feature (main/features/sessions). Payloads reach
 * these already parsed by the contract (sim-core's session schema, checksum included); the feature parses
 * them once more because it is also called from outside IPC.
 */
import type { Sessions } from '../features/sessions/index';
import type { IpcHandlers } from './register';

/** The session channels of the contract. */
export type SessionChannel = Extract<keyof IpcHandlers, `sessions:${string}`>;

/** Handlers for every `sessions:*` channel. */
export function sessionIpcHandlers(sessions: Sessions): Pick<IpcHandlers, SessionChannel> {
  return {
    'sessions:save': (session) => sessions.save(session),
    'sessions:load': (id) => sessions.load(id),
    'sessions:list': () => sessions.list(),
    'sessions:recoverable': () => sessions.recoverable(),
    'sessions:autosave': (session) => sessions.autosave(session),
    'sessions:close': (session) => sessions.close(session),
    'sessions:discard-autosave': async (id) => {
      await sessions.discardAutosave(id);
      return null;
    },
  };
}
