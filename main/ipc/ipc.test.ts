import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS, IPC_CHANNELS } from '../preload/contract';
import { InvalidPayloadError, makeIpcListener, registerIpcHandlers, type IpcHandlers } from './register';
import { sessionIpcHandlers } from './sessions';
import { setupSessions } from '../features/sessions/index';
import { tempDir } from '../test/temp-dir';
import { assertTrustedSender, UntrustedSenderError, type SenderEventLike } from './sender';

const OUR_ID = 7;
const isOurs = (id: number): boolean => id === OUR_ID;
const event = (overrides: Partial<SenderEventLike> = {}): SenderEventLike => ({
  sender: { id: OUR_ID },
  senderFrame: { url: 'app://cascade/index.html', parent: null },
  ...overrides,
});

describe('assertTrustedSender', () => {
  it('accepts the top frame of our window showing app:// content', () => {
    expect(() => assertTrustedSender('x', event(), isOurs)).not.toThrow();
  });

  it.each([
    ['another WebContents', event({ sender: { id: 99 } }), /not a Cascade Drill window/],
    ['a destroyed frame', event({ senderFrame: null }), /frame is gone/],
    ['a subframe', event({ senderFrame: { url: 'app://cascade/x.html', parent: {} } }), /subframe/],
    [
      'remote content',
      event({ senderFrame: { url: 'https://evil.example/', parent: null } }),
      /not app content/,
    ],
    [
      'a look-alike host',
      event({ senderFrame: { url: 'app://cascade.evil/', parent: null } }),
      /not app content/,
    ],
    ['a file URL', event({ senderFrame: { url: 'file:///etc/passwd', parent: null } }), /not app content/],
    ['an unparsable URL', event({ senderFrame: { url: 'not a url', parent: null } }), /not app content/],
  ])('rejects %s', (_name, ev, message) => {
    expect(() => assertTrustedSender('settings:read', ev, isOurs)).toThrow(UntrustedSenderError);
    expect(() => assertTrustedSender('settings:read', ev, isOurs)).toThrow(message);
  });
});

function fakeHandlers(): IpcHandlers {
  return {
    'app:get-info': () => ({
      name: 'Cascade Drill',
      version: '0.1.0',
      electron: '45.4.1',
      platform: 'linux',
    }),
    'settings:read': () => DEFAULT_SETTINGS,
    'settings:write': (patch) => ({ ...DEFAULT_SETTINGS, ...patch }),
    ...sessionIpcHandlers(setupSessions(tempDir())),
    'report:save': () => ({ saved: false }),
    'report:pdf': () => ({ saved: false }),
  };
}

describe('IPC listeners', () => {
  it('registers exactly the contract channels', () => {
    const handle = vi.fn();
    registerIpcHandlers({ handle }, fakeHandlers(), isOurs);
    expect(handle.mock.calls.map(([channel]) => channel)).toEqual(IPC_CHANNELS);
  });

  it('passes parsed arguments to the handler and returns its result', async () => {
    const listener = makeIpcListener('settings:write', fakeHandlers()['settings:write'], isOurs);
    await expect(listener(event(), { theme: 'light' })).resolves.toEqual({
      ...DEFAULT_SETTINGS,
      theme: 'light',
    });
  });

  it('hands the handler the calling window after the parsed arguments', async () => {
    const handler = vi.fn(() => DEFAULT_SETTINGS);
    const listener = makeIpcListener('settings:write', handler, isOurs);
    await listener(event(), { theme: 'dark' });
    expect(handler).toHaveBeenCalledWith({ theme: 'dark' }, { senderId: OUR_ID });
  });

  it('refuses an untrusted sender before looking at the payload or calling the handler', async () => {
    const handler = vi.fn();
    const listener = makeIpcListener('settings:write', handler, isOurs);
    await expect(listener(event({ sender: { id: 1 } }), { theme: 'light' })).rejects.toThrow(
      UntrustedSenderError,
    );
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ['a wrong type', [{ theme: 42 }], /at 0\.theme/],
    ['an unknown key', [{ theme: 'dark', admin: true }], /invalid payload/],
    ['a missing argument', [], /invalid payload/],
    ['an extra argument', [{ theme: 'dark' }, 'extra'], /invalid payload/],
    ['a non-object', ['theme=dark'], /invalid payload/],
  ])('rejects %s with a clear error and never calls the handler', async (_name, args, message) => {
    const handler = vi.fn();
    const listener = makeIpcListener('settings:write', handler, isOurs);
    const call = listener(event(), ...args);
    await expect(call).rejects.toThrow(InvalidPayloadError);
    await expect(listener(event(), ...args)).rejects.toThrow(message);
    await expect(listener(event(), ...args)).rejects.toThrow(/IPC "settings:write"/);
    expect(handler).not.toHaveBeenCalled();
  });

  it('rejects arguments to channels that take none', async () => {
    const listener = makeIpcListener('settings:read', fakeHandlers()['settings:read'], isOurs);
    await expect(listener(event(), 'surprise')).rejects.toThrow(InvalidPayloadError);
  });

  it('does not let a buggy handler return an off-contract value', async () => {
    const listener = makeIpcListener(
      'app:get-info',
      () => ({ name: 'x' }) as unknown as ReturnType<IpcHandlers['app:get-info']>,
      isOurs,
    );
    await expect(listener(event())).rejects.toThrow();
  });
});
