import {
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  mkdirSync,
  readdirSync,
  truncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import { newSessionBody, SessionError, type SessionBody } from '../../../sim-core/src/sessions/index';
import { parseSessionPayload, setupSessions } from './index';
import { deadPid } from '../../test/temp-dir';
import { createSessionStore, SESSION_SUFFIX, startAutosave } from './store';

const scenario = builtinScenario('skype-2010');
const body = (id = 'drill-1', minute = 0): SessionBody => ({
  ...newSessionBody(
    { id, now: '2024-05-01T09:00:00.000Z', appVersion: '0.1.0', scenario, scale: 0.01, seed: 1 },
    '0123456789abcdef',
  ),
  progress: { minute, stateHash: '0123456789abcdef', closed: false },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sessions-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('session store', () => {
  it('saves atomically and loads back exactly; lists what it saved', async () => {
    const store = createSessionStore(dir);
    const saved = await store.save(body());
    expect(saved.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await store.load('drill-1')).toEqual(saved);
    const list = await store.list();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ ok: true, id: 'drill-1', minute: 0, closed: false, headline: null });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('gives clear errors for corrupt, truncated and tampered files, and lists them instead of throwing', async () => {
    const store = createSessionStore(dir);
    await store.save(body('good'));
    const text = readFileSync(path.join(dir, `good${SESSION_SUFFIX}`), 'utf8');
    writeFileSync(path.join(dir, `cut${SESSION_SUFFIX}`), text.slice(0, 200));
    writeFileSync(path.join(dir, `tampered${SESSION_SUFFIX}`), text.replace('"seed": 1', '"seed": 2'));
    writeFileSync(path.join(dir, `junk${SESSION_SUFFIX}`), '\u0000\u0001binary\n');
    const expectError = async (id: string, code: string) => {
      const e = await store.load(id).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(SessionError);
      expect((e as SessionError).code).toBe(code);
      expect((e as SessionError).message).toContain(`${id}${SESSION_SUFFIX}`);
      expect((e as SessionError).message).not.toMatch(/\n/);
    };
    await expectError('cut', 'truncated');
    await expectError('tampered', 'checksum');
    await expectError('junk', 'notJson');
    await expectError('missing', 'notJson');
    const list = await store.list();
    expect(list.filter((l) => l.ok).map((l) => (l.ok ? l.id : ''))).toEqual(['good']);
    expect(list.filter((l) => !l.ok)).toHaveLength(3);
    await expect(store.load('../etc/passwd')).rejects.toBeInstanceOf(SessionError);
  });

  it('refuses a 700 MB file by its size, before reading it, with a clear line', async () => {
    const store = createSessionStore(dir);
    const huge = path.join(dir, 'huge.session.json');
    writeFileSync(huge, '');
    truncateSync(huge, 700 * 1024 * 1024); // sparse: no disk used
    const t0 = performance.now();
    const err = await store.loadFile(huge).catch((e: unknown) => e);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(err).toBeInstanceOf(SessionError);
    expect((err as SessionError).code).toBe('tooLarge');
    expect((err as SessionError).message).toBe(
      'huge.session.json: it is 700.0 MB; a session file is at most 16 MB',
    );
  });

  it('never replaces a good save with a bad session', async () => {
    const store = createSessionStore(dir);
    await store.save(body());
    const before = readFileSync(path.join(dir, `drill-1${SESSION_SUFFIX}`), 'utf8');
    const bad = { ...body(), seed: 1.5 } as SessionBody;
    await expect(store.save(bad)).rejects.toBeInstanceOf(SessionError);
    const worse = { ...body(), log: [{ tick: 5, kind: 'end', role: 'facilitator' }] } as SessionBody; // past progress
    await expect(store.save(worse)).rejects.toThrow(/progress/);
    expect(readFileSync(path.join(dir, `drill-1${SESSION_SUFFIX}`), 'utf8')).toBe(before);
  });

  it('offers "Resume drill" for an autosave without a clean close, and not after one', async () => {
    const store = createSessionStore(dir);
    let current: SessionBody | null = null;
    const auto = startAutosave(store, () => current, 100);
    await wait(150);
    expect(await store.recoverable()).toEqual([]); // nothing to save yet
    current = body('drill-2', 120);
    await auto.flush();
    const rec = await store.recoverable();
    expect(rec).toHaveLength(1);
    expect(rec[0]).toMatchObject({ ok: true, id: 'drill-2' });
    expect(rec[0]!.ok && rec[0]!.session.progress.minute).toBe(120);
    current = body('drill-2', 240);
    await wait(250); // the timer writes the newer state by itself
    const again = await store.recoverable();
    expect(again[0]!.ok && again[0]!.session.progress.minute).toBe(240);
    await auto.stop();
    const closed = await store.close(body('drill-2', 300));
    expect(closed.progress.closed).toBe(true);
    expect(await store.recoverable()).toEqual([]);
    expect((await store.load('drill-2')).progress.minute).toBe(300);
  });

  it('does not offer a drill whose close was cut short after the final save, but offers a torn autosave as unreadable', async () => {
    const store = createSessionStore(dir);
    await store.autosave(body('drill-3', 100));
    await store.save({
      ...body('drill-3', 100),
      progress: { minute: 100, stateHash: '0123456789abcdef', closed: true },
    });
    expect(await store.recoverable()).toEqual([]);
    mkdirSync(path.join(dir, 'autosave'), { recursive: true });
    writeFileSync(
      path.join(dir, 'autosave', `drill-4${SESSION_SUFFIX}`),
      '{"format": "cascade-drill-session", "id"',
    );
    const rec = await store.recoverable();
    expect(rec).toEqual([expect.objectContaining({ ok: false, id: 'drill-4', code: 'truncated' })]);
    await store.discardAutosave('drill-4');
    expect((await store.recoverable()).filter((r) => r.id === 'drill-4')).toEqual([]);
  });

  it('sweeps temp files a crash left behind', async () => {
    const store = createSessionStore(dir);
    await store.save(body());
    writeFileSync(path.join(dir, `.drill-1${SESSION_SUFFIX}.${deadPid()}.0123456789ab.tmp`), '{"half');
    expect(await store.sweepTemp()).toBe(1);
    expect(readdirSync(dir)).toEqual([`drill-1${SESSION_SUFFIX}`]);
  });

  it('reports a failing autosave and keeps going', async () => {
    const store = createSessionStore(dir);
    const errors: unknown[] = [];
    let n = 0;
    const auto = startAutosave(
      store,
      () => (n++ === 0 ? ({ ...body(), seed: 'x' } as unknown as SessionBody) : body('drill-5', 7)),
      100,
      (e) => errors.push(e),
    );
    await auto.flush();
    await auto.flush();
    await auto.stop();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(SessionError);
    expect(await store.recoverable()).toEqual([expect.objectContaining({ ok: true, id: 'drill-5' })]);
    expect(() => startAutosave(store, () => null, 0)).toThrow(RangeError);
  });
});

describe('setupSessions (the Electron edge, without Electron)', () => {
  it('parses every payload before it touches the disk', async () => {
    const sessions = setupSessions(dir);
    await expect(sessions.save({ nonsense: true })).rejects.toBeInstanceOf(SessionError);
    await expect(sessions.load(42)).rejects.toBeInstanceOf(SessionError);
    expect(() => sessions.update('not a session')).toThrow(SessionError);
    const saved = await sessions.save(body('drill-6'));
    // A sealed file is accepted only with a checksum that matches.
    expect(parseSessionPayload(saved)).toEqual(body('drill-6'));
    expect(() => parseSessionPayload({ ...saved, seed: 9 })).toThrow(/checksum/);
    sessions.update(body('drill-6', 60));
    sessions.startAutosave(100);
    await wait(250);
    expect((await sessions.recoverable()).map((r) => r.id)).toEqual(['drill-6']);
    await sessions.close(body('drill-6', 90));
    expect(await sessions.recoverable()).toEqual([]);
    expect((await sessions.list()).map((l) => l.ok && l.closed)).toEqual([true]);
  });
});
