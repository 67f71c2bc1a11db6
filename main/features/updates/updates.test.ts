import { describe, expect, it, vi } from 'vitest';
import { loadUpdateFeed, setupUpdates, updateFeedFile, type UpdaterLike } from './index';

const FILE = '/etc/cascade-drill/update-feed.json';
const readAs = (text: string) => () => text;

describe('the organisation’s update feed', () => {
  it('lives in a machine-wide place per platform', () => {
    expect(updateFeedFile('linux', {})).toBe(FILE);
    expect(updateFeedFile('win32', { ProgramData: 'D:\\PD' })).toBe(
      'D:\\PD\\Cascade Drill\\update-feed.json',
    );
    expect(updateFeedFile('darwin', {})).toBe('/Library/Application Support/Cascade Drill/update-feed.json');
  });

  it('is off when there is no file (the default)', () => {
    const feed = loadUpdateFeed(FILE, () => {
      throw new Error('ENOENT');
    });
    expect(feed).toEqual({ kind: 'off', reason: `no update feed is configured (${FILE})` });
  });

  it('is on with an https url; checking on start is the default', () => {
    expect(loadUpdateFeed(FILE, readAs('{"url":"https://updates.example.org/cd/"}'))).toEqual({
      kind: 'on',
      url: 'https://updates.example.org/cd/',
      checkOnStart: true,
    });
  });

  it('refuses http, typos and junk loudly instead of guessing', () => {
    const cases: [string, RegExp][] = [
      ['{"url":"http://updates.example.org/"}', /https/],
      ['{"url":"https://x.org/","chekOnStart":false}', /chekOnStart/],
      ['{"url":"https://x.org/","checkOnStart":"no"}', /checkOnStart/],
      ['not json', /not valid JSON/],
      ['{}', /url/],
    ];
    for (const [text, message] of cases) {
      const feed = loadUpdateFeed(FILE, readAs(text));
      expect(feed.kind).toBe('invalid');
      expect(feed.kind === 'invalid' && feed.message).toMatch(message);
    }
  });
});

function fakeUpdater(version: string | null) {
  const updater = {
    autoDownload: true,
    autoInstallOnAppQuit: true,
    setFeedURL: vi.fn(),
    checkForUpdates: vi.fn(async () =>
      version ? { isUpdateAvailable: true, updateInfo: { version } } : null,
    ),
    downloadUpdate: vi.fn(async () => []),
    quitAndInstall: vi.fn(),
  } satisfies UpdaterLike;
  return updater;
}

const FEED = { kind: 'on', url: 'https://updates.example.org/cd/', checkOnStart: true } as const;

describe('updates', () => {
  it('never download or install on their own, and use the configured generic feed', () => {
    const updater = fakeUpdater('0.2.0');
    setupUpdates(updater, FEED, { currentVersion: '0.1.0', ask: vi.fn(), tell: vi.fn(), log: vi.fn() });
    expect(updater.autoDownload).toBe(false);
    expect(updater.autoInstallOnAppQuit).toBe(false);
    expect(updater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: FEED.url });
  });

  it('ask before downloading, and again before installing; "When I quit" installs only at quit', async () => {
    const updater = fakeUpdater('0.2.0');
    const ask = vi.fn().mockResolvedValueOnce(0).mockResolvedValueOnce(0);
    await setupUpdates(updater, FEED, { currentVersion: '0.1.0', ask, tell: vi.fn(), log: vi.fn() }).check(
      false,
    );
    expect(ask.mock.calls[0]![0].message).toBe('Cascade Drill 0.2.0 is available (you have 0.1.0).');
    expect(ask.mock.calls[1]![0].detail).toMatch(/ends any drill in progress/);
    expect(updater.downloadUpdate).toHaveBeenCalledOnce();
    expect(updater.quitAndInstall).not.toHaveBeenCalled();
    expect(updater.autoInstallOnAppQuit).toBe(true);
  });

  it('restart only when the user picks it; "Not now" downloads nothing', async () => {
    const restart = fakeUpdater('0.2.0');
    const yesRestart = vi.fn().mockResolvedValueOnce(0).mockResolvedValueOnce(1);
    await setupUpdates(restart, FEED, {
      currentVersion: '0.1.0',
      ask: yesRestart,
      tell: vi.fn(),
      log: vi.fn(),
    }).check(true);
    expect(restart.quitAndInstall).toHaveBeenCalledOnce();
    const later = fakeUpdater('0.2.0');
    await setupUpdates(later, FEED, {
      currentVersion: '0.1.0',
      ask: vi.fn().mockResolvedValue(1),
      tell: vi.fn(),
      log: vi.fn(),
    }).check(true);
    expect(later.downloadUpdate).not.toHaveBeenCalled();
  });

  it('say "up to date" or the failure only when the user asked', async () => {
    const tell = vi.fn();
    const log = vi.fn();
    const same = fakeUpdater('0.1.0');
    await setupUpdates(same, FEED, { currentVersion: '0.1.0', ask: vi.fn(), tell, log }).check(false);
    expect(tell).not.toHaveBeenCalled();
    await setupUpdates(same, FEED, { currentVersion: '0.1.0', ask: vi.fn(), tell, log }).check(true);
    expect(tell).toHaveBeenCalledWith('Cascade Drill 0.1.0 is up to date.');
    const offline = fakeUpdater(null);
    offline.checkForUpdates.mockRejectedValue(new Error('net::ERR_NAME_NOT_RESOLVED\nstack'));
    await setupUpdates(offline, FEED, { currentVersion: '0.1.0', ask: vi.fn(), tell, log }).check(true);
    expect(tell).toHaveBeenLastCalledWith('Could not check for updates.', 'net::ERR_NAME_NOT_RESOLVED');
    expect(log).toHaveBeenCalledWith('update check failed: net::ERR_NAME_NOT_RESOLVED\nstack');
  });
});
