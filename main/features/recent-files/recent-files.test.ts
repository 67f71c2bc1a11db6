import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { tempDir } from '../../test/temp-dir';
import { MAX_RECENT_FILES, setupRecentFiles } from './index';

describe('recent files', () => {
  it('keeps the newest first, without duplicates, at most ten, across restarts', () => {
    const dir = tempDir();
    const onChange = vi.fn();
    const recent = setupRecentFiles(dir, onChange);
    for (let i = 0; i < 12; i++) recent.add(`/drills/s${i}.cdsession`);
    recent.add('/drills/s5.cdsession');
    expect(recent.list()).toHaveLength(MAX_RECENT_FILES);
    expect(recent.list().slice(0, 2)).toEqual(['/drills/s5.cdsession', '/drills/s11.cdsession']);
    expect(recent.list().filter((f) => f === '/drills/s5.cdsession')).toHaveLength(1);
    expect(onChange).toHaveBeenLastCalledWith(recent.list());
    expect(setupRecentFiles(dir).list()).toEqual(recent.list());
    recent.clear();
    expect(setupRecentFiles(dir).list()).toEqual([]);
  });

  it('treats a damaged or foreign file as an empty list, and ignores relative paths', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'recent-files.json'), '{"files": [1, 2');
    expect(setupRecentFiles(dir).list()).toEqual([]);
    writeFileSync(path.join(dir, 'recent-files.json'), '{"files": ["relative.cdsession", "/abs.cdsession"]}');
    expect(setupRecentFiles(dir).list()).toEqual(['/abs.cdsession']);
    expect(JSON.parse(readFileSync(path.join(dir, 'recent-files.json'), 'utf8'))).toBeTruthy();
  });
});
