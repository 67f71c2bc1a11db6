import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

import { tempDir } from '../../test/temp-dir';
import { createFileOpener, MAX_SESSION_FILE_BYTES, readSessionFile, sessionPathsFromArgv } from './index';

describe('session files on a command line', () => {
  it('are the arguments with our extension, made absolute; switches and other files are ignored', () => {
    expect(
      sessionPathsFromArgv(
        [
          '/opt/cd/cascade-drill',
          '--no-sandbox',
          'a.cdsession',
          '/x/B.CDSESSION',
          'notes.txt',
          '--x=y.cdsession',
        ],
        '/home/u',
      ),
    ).toEqual(['/home/u/a.cdsession', '/x/B.CDSESSION']);
  });
});

describe('reading a session file', () => {
  it('checks the size before reading a byte', async () => {
    const readFile = vi.fn();
    const files = { stat: async () => ({ isFile: () => true, size: 700 * 1024 * 1024 }), readFile };
    await expect(readSessionFile('/d/huge.cdsession', files)).rejects.toThrow(
      'huge.cdsession cannot be opened: it is 700.0 MB; a session file is at most 16 MB',
    );
    expect(readFile).not.toHaveBeenCalled();
    expect(MAX_SESSION_FILE_BYTES).toBe(16 * 1024 * 1024);
  });

  it('refuses a folder, a missing file and a damaged one with one line each', async () => {
    const dir = tempDir();
    await expect(readSessionFile(dir)).rejects.toThrow(/it is not a file$/);
    await expect(readSessionFile(path.join(dir, 'gone.cdsession'))).rejects.toThrow(/does not exist/);
    const bad = path.join(dir, 'bad.cdsession');
    writeFileSync(bad, '{"format":"cascade-drill-session"');
    await expect(readSessionFile(bad)).rejects.toThrow(/^bad\.cdsession cannot be opened: /);
  });
});

describe('the opener', () => {
  const file = { name: 'a.cdsession', text: '{}' };

  it('holds files until the window is ready, then sends them in order; remembers each', async () => {
    const send = vi.fn();
    const remember = vi.fn();
    const opener = createFileOpener({
      send,
      showError: vi.fn(),
      remember,
      focus: vi.fn(),
      read: async () => file,
    });
    await opener.open('/d/a.cdsession');
    expect(send).not.toHaveBeenCalled();
    opener.windowReady();
    expect(send).toHaveBeenCalledWith(file);
    expect(remember).toHaveBeenCalledWith('/d/a.cdsession');
    await opener.open('/d/a.cdsession');
    expect(send).toHaveBeenCalledTimes(2);
    opener.windowGone();
    await opener.open('/d/a.cdsession');
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('shows a bad file’s reason and neither sends nor remembers it', async () => {
    const send = vi.fn();
    const remember = vi.fn();
    const showError = vi.fn();
    const opener = createFileOpener({
      send,
      showError,
      remember,
      focus: vi.fn(),
      read: async () =>
        Promise.reject(new Error('x.cdsession cannot be opened: the checksum does not match')),
    });
    opener.windowReady();
    await opener.open('/d/x.cdsession');
    expect(showError).toHaveBeenCalledWith('x.cdsession cannot be opened: the checksum does not match');
    expect(send).not.toHaveBeenCalled();
    expect(remember).not.toHaveBeenCalled();
  });
});
