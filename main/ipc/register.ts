/**
 * Wiring of contract channels to handler functions, independent of the real `ipcMain` (tests pass a fake).
 * Every call is checked in the same order: trusted sender, then arguments parsed with the contract's
 * schema, then the handler, then its result parsed too, so a handler bug cannot leak an off-contract value.
 */
import { z } from 'zod';
import {
  IPC_CHANNELS,
  ipcContract,
  type IpcArgs,
  type IpcChannel,
  type IpcResult,
} from '../preload/contract';
import { assertTrustedSender, type SenderEventLike } from './sender';

/**
 * Who made a call, for the few handlers that need it (a save dialog is modal to the window that asked).
 * Built from the event only after the sender check passed, so it always names one of our windows.
 */
export interface IpcCallContext {
  /** `event.sender.id`: the WebContents id of the calling window. */
  readonly senderId: number;
}

/**
 * One implementation per channel, typed from the contract. Handlers see parsed arguments only, followed by
 * the {@link IpcCallContext}, which most handlers simply do not declare.
 */
export type IpcHandlers = {
  [C in IpcChannel]: (...args: [...IpcArgs<C>, IpcCallContext]) => IpcResult<C> | Promise<IpcResult<C>>;
};

/** The slice of `ipcMain` used here. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: SenderEventLike, ...args: unknown[]) => unknown): void;
}

/** Raised when a payload does not match the contract; the message names the channel and the first issue. */
export class InvalidPayloadError extends Error {
  constructor(channel: string, error: z.ZodError) {
    const issue = error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    super(`IPC "${channel}" rejected an invalid payload${where}: ${issue?.message ?? 'invalid input'}`);
    this.name = 'InvalidPayloadError';
  }
}

/**
 * Build the listener for one channel: `(event, ...unknown) => Promise<result>`. Exposed for tests; use
 * {@link registerIpcHandlers} to install all of them.
 */
export function makeIpcListener<C extends IpcChannel>(
  channel: C,
  handler: IpcHandlers[C],
  isOurWebContents: (id: number) => boolean,
): (event: SenderEventLike, ...args: unknown[]) => Promise<IpcResult<C>> {
  const spec = ipcContract[channel];
  return async (event, ...args) => {
    assertTrustedSender(channel, event, isOurWebContents);
    const parsed = spec.args.safeParse(args);
    if (!parsed.success) throw new InvalidPayloadError(channel, parsed.error);
    const context: IpcCallContext = { senderId: event.sender.id };
    const result = await (handler as (...a: unknown[]) => unknown)(...(parsed.data as unknown[]), context);
    return spec.result.parse(result) as IpcResult<C>;
  };
}

/** Install a handler for every channel of the contract; a missing handler is a type error. */
export function registerIpcHandlers(
  ipc: IpcMainLike,
  handlers: IpcHandlers,
  isOurWebContents: (id: number) => boolean,
): void {
  for (const channel of IPC_CHANNELS) {
    ipc.handle(channel, makeIpcListener(channel, handlers[channel], isOurWebContents));
  }
}
