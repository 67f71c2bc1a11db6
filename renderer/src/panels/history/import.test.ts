import { describe, expect, it } from 'vitest';
import { builtinScenario } from '../../../../sim-core/src/scenario/index';
import {
  newSessionBody,
  sealSession,
  serializeSession,
  SessionError,
  type SessionFile,
} from '../../../../sim-core/src/sessions/index';
import { createSessionStorage, memoryKeyValueStore } from '../../platform/session-store';
import { importSession, importSessionFile } from './import';

const scenario = builtinScenario('skype-2010');
const file = (id: string, title = 'Night shift'): SessionFile =>
  sealSession(
    newSessionBody(
      { id, title, now: '2026-11-22T03:00:00.000Z', appVersion: '0.1.0', scenario, scale: 0.1, seed: 5 },
      '0123456789abcdef',
    ),
  );

describe('opening a session file', () => {
  it('stores a new file as it is, and recognises the same file again', async () => {
    const store = createSessionStorage(memoryKeyValueStore());
    const f = file('team-a');
    const first = await importSession(serializeSession(f), store);
    expect(first).toMatchObject({ already: false, renamedFrom: null });
    expect(first.session).toEqual(f);
    const again = await importSession(serializeSession(f), store);
    expect(again.already).toBe(true);
    expect(await store.list()).toHaveLength(1);
  });

  it('never replaces a different stored session with the same id: it keeps the new one under a new id', async () => {
    const store = createSessionStorage(memoryKeyValueStore());
    const mine = await store.save(file('team-a', 'mine'));
    const theirs = file('team-a', 'theirs');
    const r = await importSession(serializeSession(theirs), store);
    expect(r.renamedFrom).toBe('team-a');
    expect(r.session.id).toBe('team-a-import2');
    expect(r.session.title).toBe('theirs');
    await expect(store.load('team-a')).resolves.toEqual(mine);
    const r2 = await importSession(serializeSession(file('team-a', 'third')), store);
    expect(r2.session.id).toBe('team-a-import3');
  });

  it('refuses a damaged, tampered or foreign file with a clear error and stores nothing', async () => {
    const store = createSessionStorage(memoryKeyValueStore());
    const text = serializeSession(file('team-b'));
    for (const bad of [
      text.slice(0, text.length / 2),
      text.replace('Night shift', 'Day shift'),
      '{"hello": "world"}',
      '',
    ]) {
      await expect(importSession(bad, store)).rejects.toThrow(SessionError);
    }
    await expect(importSession(text.replace('Night shift', 'Day shift'), store)).rejects.toThrow(/checksum/);
    expect(await store.list()).toEqual([]);
  });

  it('refuses a file larger than 16 MB by its size, without reading its text', async () => {
    const store = createSessionStorage(memoryKeyValueStore());
    let reads = 0;
    const huge = {
      size: 700 * 1024 * 1024,
      text: async () => {
        reads++;
        return '';
      },
    };
    await expect(importSessionFile(huge, store)).rejects.toThrow(
      'it is 700.0 MB; a session file is at most 16 MB',
    );
    expect(reads).toBe(0);
    const f = file('team-c');
    const text = serializeSession(f);
    const r = await importSessionFile({ size: text.length, text: async () => text }, store);
    expect(r.session).toEqual(f);
  });
});
