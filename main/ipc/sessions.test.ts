import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../sim-core/src/scenario/index';
import { newSessionBody, sealSession, type SessionBody } from '../../sim-core/src/sessions/index';
import { setupSessions } from '../features/sessions/index';
import { tempDir } from '../test/temp-dir';
import { InvalidPayloadError, makeIpcListener, registerIpcHandlers } from './register';
import { UntrustedSenderError, type SenderEventLike } from './sender';
import { sessionIpcHandlers } from './sessions';

const OUR_ID = 3;
const isOurs = (id: number): boolean => id === OUR_ID;
const event = (overrides: Partial<SenderEventLike> = {}): SenderEventLike => ({
  sender: { id: OUR_ID },
  senderFrame: { url: 'app://cascade/index.html', parent: null },
  ...overrides,
});
const scenario = builtinScenario('skype-2010');
const body = (id = 'drill-1', minute = 0): SessionBody => ({
  ...newSessionBody(
    { id, now: '2024-05-01T09:00:00.000Z', appVersion: '0.1.0', scenario, scale: 0.01, seed: 1 },
    '0123456789abcdef',
  ),
  progress: { minute, stateHash: '0123456789abcdef', closed: false },
});

function listeners() {
  const h = sessionIpcHandlers(setupSessions(tempDir('cascade-ipc-sessions-')));
  return {
    save: makeIpcListener('sessions:save', h['sessions:save'], isOurs),
    load: makeIpcListener('sessions:load', h['sessions:load'], isOurs),
    list: makeIpcListener('sessions:list', h['sessions:list'], isOurs),
    recoverable: makeIpcListener('sessions:recoverable', h['sessions:recoverable'], isOurs),
    autosave: makeIpcListener('sessions:autosave', h['sessions:autosave'], isOurs),
    close: makeIpcListener('sessions:close', h['sessions:close'], isOurs),
    discard: makeIpcListener('sessions:discard-autosave', h['sessions:discard-autosave'], isOurs),
  };
}

describe('session IPC handlers', () => {
  it('save -> list -> load round-trips a body, sealed with a checksum', async () => {
    const l = listeners();
    const saved = await l.save(event(), body());
    expect(saved.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    const list = await l.list(event());
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ok: true, id: 'drill-1', closed: false });
    await expect(l.load(event(), 'drill-1')).resolves.toEqual(saved);
  });

  it('accepts a sealed file whose checksum matches', async () => {
    const l = listeners();
    await expect(l.save(event(), sealSession(body('sealed')))).resolves.toMatchObject({ id: 'sealed' });
  });

  it('autosave -> recoverable -> discard; a clean close leaves nothing to resume', async () => {
    const l = listeners();
    await l.autosave(event(), body('a', 5));
    const rec = await l.recoverable(event());
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ ok: true, id: 'a', session: { progress: { minute: 5 } } });
    await expect(l.discard(event(), 'a')).resolves.toBeNull();
    await expect(l.recoverable(event())).resolves.toEqual([]);
    await l.autosave(event(), body('b', 5));
    const closed = await l.close(event(), body('b', 7));
    expect(closed.progress.closed).toBe(true);
    await expect(l.recoverable(event())).resolves.toEqual([]);
  });

  it.each([
    ['not an object', 'session', /invalid payload.*not a Cascade Drill session|invalid session/],
    ['a wrong field', { ...body(), seed: 'one' }, /invalid session: seed/],
    ['an unknown field', { ...body(), admin: true }, /invalid session/],
    ['a tampered sealed file', { ...sealSession(body()), seed: 2 }, /checksum/],
    ['a log past the progress', { ...body(), log: [{ tick: 9, kind: 'end', role: 'x' }] }, /progress/],
  ])('save refuses %s with a clear error and writes nothing', async (_name, payload, message) => {
    const l = listeners();
    const call = l.save(event(), payload as never);
    await expect(call).rejects.toThrow(InvalidPayloadError);
    await expect(l.save(event(), payload as never)).rejects.toThrow(message);
    await expect(l.list(event())).resolves.toEqual([]);
  });

  it.each([
    ['a path', '../settings'],
    ['a number', 42],
    ['nothing', undefined],
  ])('load and discard refuse %s as an id', async (_name, id) => {
    const l = listeners();
    await expect(l.load(event(), id)).rejects.toThrow(InvalidPayloadError);
    await expect(l.discard(event(), id)).rejects.toThrow(InvalidPayloadError);
  });

  it('a missing session is a clear error, not a crash', async () => {
    const l = listeners();
    await expect(l.load(event(), 'nope')).rejects.toThrow(/no such session file/);
  });

  it('refuses a foreign sender on every session channel before touching storage', async () => {
    const l = listeners();
    const foreign = event({ sender: { id: 99 } });
    const sub = event({ senderFrame: { url: 'app://cascade/x.html', parent: {} } });
    for (const ev of [foreign, sub]) {
      await expect(l.save(ev, body())).rejects.toThrow(UntrustedSenderError);
      await expect(l.autosave(ev, body())).rejects.toThrow(UntrustedSenderError);
      await expect(l.load(ev, 'drill-1')).rejects.toThrow(UntrustedSenderError);
      await expect(l.list(ev)).rejects.toThrow(UntrustedSenderError);
      await expect(l.recoverable(ev)).rejects.toThrow(UntrustedSenderError);
      await expect(l.discard(ev, 'drill-1')).rejects.toThrow(UntrustedSenderError);
    }
    await expect(l.list(event())).resolves.toEqual([]);
  });

  it('registers with the rest of the contract', () => {
    const channels: string[] = [];
    const h = sessionIpcHandlers(setupSessions(tempDir('cascade-ipc-reg-')));
    registerIpcHandlers(
      { handle: (c) => void channels.push(c) },
      {
        'app:get-info': () => ({ name: 'n', version: 'v', electron: 'e', platform: 'p' }),
        'settings:read': () => ({ theme: 'system', reducedMotion: false, lastScenarioId: null }),
        'settings:write': () => ({ theme: 'system', reducedMotion: false, lastScenarioId: null }),
        ...h,
        'report:save': () => ({ saved: false }),
        'report:pdf': () => ({ saved: false }),
      },
      isOurs,
    );
    expect(channels.filter((c) => c.startsWith('sessions:'))).toHaveLength(7);
  });
});
