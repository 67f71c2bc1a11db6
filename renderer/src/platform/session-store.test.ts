import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import { newSessionBody, SessionError, type SessionBody } from '../../../sim-core/src/sessions/index';
import { createSessionStorage, memoryKeyValueStore, type KeyValueStore } from './session-store';

const scenario = builtinScenario('skype-2010');
const body = (id = 'drill-1', minute = 0, title?: string): SessionBody => ({
  ...newSessionBody(
    { id, title, now: '2024-05-01T09:00:00.000Z', appVersion: '0.1.0', scenario, scale: 0.01, seed: 1 },
    '0123456789abcdef',
  ),
  progress: { minute, stateHash: '0123456789abcdef', closed: false },
});
const pointers = (kv: { map: Map<string, string> }) =>
  [...kv.map.keys()].filter((k) => !k.startsWith('rec:'));
const records = (kv: { map: Map<string, string> }) => [...kv.map.keys()].filter((k) => k.startsWith('rec:'));

describe('browser session storage', () => {
  it('saves, lists and loads back exactly; one record per save, old records tidied', async () => {
    const kv = memoryKeyValueStore();
    const store = createSessionStorage(kv);
    const first = await store.save(body());
    expect(first.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    await expect(store.load('drill-1')).resolves.toEqual(first);
    const second = await store.save(body('drill-1', 10));
    await expect(store.load('drill-1')).resolves.toEqual(second);
    expect(records(kv)).toHaveLength(1);
    const list = await store.list();
    expect(list).toEqual([expect.objectContaining({ ok: true, id: 'drill-1', minute: 10, closed: false })]);
  });

  it('a failed write never replaces a good save', async () => {
    const mem = memoryKeyValueStore();
    let failRecords = false;
    const kv: KeyValueStore = {
      ...mem,
      put: async (k, v) => {
        if (failRecords && k.startsWith('rec:')) throw new Error('QuotaExceededError');
        await mem.put(k, v);
      },
    };
    const store = createSessionStorage(kv);
    const good = await store.save(body('d', 5));
    failRecords = true;
    await expect(store.save(body('d', 9))).rejects.toThrow(/Quota/);
    await expect(store.load('d')).resolves.toEqual(good);
  });

  it('refuses an invalid session before storing anything', async () => {
    const kv = memoryKeyValueStore();
    const store = createSessionStorage(kv);
    await expect(store.save({ ...body(), seed: 1.5 })).rejects.toThrow(SessionError);
    await expect(store.save({ ...body(), id: '../x' })).rejects.toThrow(SessionError);
    expect(kv.map.size).toBe(0);
  });

  it.each([
    ['tampered', (t: string) => t.replace('"seed": 1', '"seed": 2'), /checksum/],
    ['truncated', (t: string) => t.slice(0, t.length / 2), /truncated/],
    ['garbage', () => 'hello', /not valid JSON/],
    ['not a session', () => '{"a":1}', /not a Cascade Drill session/],
  ])('loading a %s record is a clear error naming the session', async (_name, damage, message) => {
    const kv = memoryKeyValueStore();
    const store = createSessionStorage(kv);
    await store.save(body());
    const rec = kv.map.get('saved:drill-1')!;
    kv.map.set(rec, damage(kv.map.get(rec)!));
    await expect(store.load('drill-1')).rejects.toThrow(SessionError);
    await expect(store.load('drill-1')).rejects.toThrow(message);
    await expect(store.load('drill-1')).rejects.toThrow(/session "drill-1"/);
    await expect(store.list()).resolves.toEqual([
      expect.objectContaining({ ok: false, error: expect.stringMatching(message) }),
    ]);
  });

  it('a missing session or record is a clear error', async () => {
    const kv = memoryKeyValueStore();
    const store = createSessionStorage(kv);
    await expect(store.load('nope')).rejects.toThrow(/no such saved session/);
    await store.save(body());
    kv.map.delete(kv.map.get('saved:drill-1')!);
    await expect(store.load('drill-1')).rejects.toThrow(/missing/);
  });

  it('offers an autosave without a clean close for resume; not after close or discard', async () => {
    const kv = memoryKeyValueStore();
    const store = createSessionStorage(kv);
    await store.autosave(body('a', 4));
    const rec = await store.recoverable();
    expect(rec).toEqual([expect.objectContaining({ ok: true, id: 'a' })]);
    expect(rec[0]!.ok && rec[0]!.session.progress.minute).toBe(4);
    await store.close(body('a', 6));
    await expect(store.recoverable()).resolves.toEqual([]);
    expect(pointers(kv)).toEqual(['saved:a']);
    await store.autosave(body('b', 2));
    await store.discardAutosave('b');
    await expect(store.recoverable()).resolves.toEqual([]);
    expect(records(kv)).toHaveLength(1);
  });

  it('lists an unreadable autosave as such instead of throwing', async () => {
    const kv = memoryKeyValueStore();
    const store = createSessionStorage(kv);
    await store.autosave(body('a', 4));
    kv.map.set(kv.map.get('auto:a')!, '{"format":"cascade-drill-session"');
    await expect(store.recoverable()).resolves.toEqual([
      expect.objectContaining({ ok: false, id: 'a', error: expect.stringMatching(/truncated/) }),
    ]);
  });
});
