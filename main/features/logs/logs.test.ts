import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import {
  attachWebContentsLogging,
  captureMainErrors,
  createAppLog,
  diagnosticsText,
  formatEntry,
  type LoggableWebContents,
} from './index';

const AT = new Date('2026-12-02T17:00:00.000Z');

describe('the log file', () => {
  it('writes one line per entry, escaping newlines and terminal escapes', () => {
    expect(formatEntry(AT, 'main', 'two\nlines \u001b[31mred\u001b[0m')).toBe(
      '2026-12-02T17:00:00.000Z error main: two\\nlines \\u001b[31mred\\u001b[0m',
    );
    expect(formatEntry(AT, 'renderer', 'x'.repeat(5000))).toMatch(/x{4000}… \(cut\)$/);
    const error = new Error('boom');
    expect(formatEntry(AT, 'main', error)).toContain('boom\\n    at ');
  });

  it('rotates past its size, keeping three old files, and reads back the last entries', () => {
    const dir = path.join(tempDir(), 'logs');
    const log = createAppLog(dir, { maxBytes: 200, keep: 3, now: () => AT });
    for (let i = 0; i < 40; i++) log.error('main', `error number ${i}`);
    expect(readdirSync(dir).sort()).toEqual(['main.1.log', 'main.2.log', 'main.3.log', 'main.log']);
    for (const name of readdirSync(dir))
      expect(readFileSync(path.join(dir, name)).length).toBeLessThanOrEqual(200);
    const last = log.recentEntries(3);
    expect(last.map((line) => line.split(': ')[1])).toEqual([
      'error number 37',
      'error number 38',
      'error number 39',
    ]);
  });

  it('never throws, even where it cannot write', () => {
    // A folder inside a plain file: every write fails with ENOTDIR.
    const blocker = path.join(tempDir(), 'a-file');
    writeFileSync(blocker, '');
    const log = createAppLog(path.join(blocker, 'logs'));
    expect(() => log.error('main', 'lost')).not.toThrow();
    expect(log.recentEntries(5)).toEqual([]);
    expect(existsSync(path.join(blocker, 'logs'))).toBe(false);
  });
});

describe('what is logged', () => {
  it('renderer console errors, crashes and preload failures, but not other console output', () => {
    const dir = tempDir();
    const log = createAppLog(dir, { now: () => AT });
    const contents = new EventEmitter();
    attachWebContentsLogging(contents as unknown as LoggableWebContents, log);
    contents.emit('console-message', { level: 'error', message: '[drill] worker died' });
    contents.emit('console-message', { level: 'info', message: 'hello' });
    contents.emit('render-process-gone', {}, { reason: 'crashed' });
    contents.emit('preload-error', {}, '/app/dist/main/preload.cjs', new Error('bad'));
    expect(log.recentEntries(10).map((line) => line.slice(25))).toEqual([
      'error renderer: [drill] worker died',
      "error renderer: the window's process ended: crashed",
      'error preload: preload.cjs: bad',
    ]);
  });

  it('main-process uncaught errors, rejections and console.error', () => {
    const log = createAppLog(tempDir(), { now: () => AT });
    const emitter = new EventEmitter();
    const proc = emitter as unknown as NodeJS.Process;
    const con = { error: vi.fn() } as unknown as Console;
    const printed = con.error;
    captureMainErrors(log, proc, con);
    emitter.emit('uncaughtException', new Error('kaboom'));
    emitter.emit('unhandledRejection', 'nope');
    con.error('[sessions]', 'disk full');
    const lines = log.recentEntries(10);
    expect(lines[0]).toContain('error main: Error: kaboom');
    expect(lines.slice(1).map((line) => line.slice(25))).toEqual([
      'error main: nope',
      'error main: [sessions] disk full',
    ]);
    expect(printed).toHaveBeenCalledTimes(3);
  });
});

describe('Copy Diagnostics', () => {
  it('carries versions, platform and the last errors, nothing else', () => {
    const text = diagnosticsText(
      {
        appName: 'Cascade Drill',
        appVersion: '0.1.0',
        modelVersion: 'abc-def',
        electron: '45.4.1',
        chrome: '142',
        node: '22.20.0',
        platform: 'linux',
        arch: 'x64',
        osRelease: '6.1.0',
        logFile: '/home/u/.config/Cascade Drill/logs/main.log',
      },
      ['2026-12-02T17:00:00.000Z error main: boom'],
    );
    expect(text.split('\n')).toEqual([
      'Cascade Drill 0.1.0',
      'model version: abc-def',
      'Electron 45.4.1, Chrome 142, Node 22.20.0',
      'platform: linux x64 (6.1.0)',
      'log file: /home/u/.config/Cascade Drill/logs/main.log',
      'last errors (1, oldest first):',
      '  2026-12-02T17:00:00.000Z error main: boom',
    ]);
  });
});
