import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../test/temp-dir';
import { readJsonLenient, writeFileAtomic, writeFileAtomicSync } from './atomic-file';

describe('writeFileAtomic', () => {
  const dir = tempDir();

  it('creates missing directories, replaces content and leaves no temp files behind', async () => {
    const file = path.join(dir, 'nested', 'a.json');
    await writeFileAtomic(file, '{"v":1}');
    await writeFileAtomic(file, '{"v":2}');
    expect(readFileSync(file, 'utf8')).toBe('{"v":2}');
    expect(readdirSync(path.dirname(file))).toEqual(['a.json']);
  });

  it('keeps the previous file and cleans up when the final rename fails', async () => {
    // A directory at the target path makes rename fail after the temp file was written.
    const target = path.join(dir, 'blocked');
    mkdirSync(path.join(target, 'child'), { recursive: true });
    await expect(writeFileAtomic(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('writes bytes as given, private by default and with the requested mode otherwise', async () => {
    const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0xff, 0x00]);
    const file = path.join(dir, 'report.pdf');
    await writeFileAtomic(file, bytes);
    expect(new Uint8Array(readFileSync(file))).toEqual(bytes);
    if (process.platform !== 'win32') {
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const shared = path.join(dir, 'shared.pdf');
      await writeFileAtomic(shared, bytes, { mode: 0o644 });
      expect(statSync(shared).mode & 0o777).toBe(0o644 & ~process.umask());
    }
  });

  it('has a synchronous twin with the same result', () => {
    const file = path.join(dir, 'sync.json');
    writeFileAtomicSync(file, 'one');
    writeFileAtomicSync(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('readJsonLenient', () => {
  const dir = tempDir();

  it('returns undefined for a missing file, a corrupt file and an empty file instead of throwing', async () => {
    expect(await readJsonLenient(path.join(dir, 'missing.json'))).toBeUndefined();
    writeFileSync(path.join(dir, 'corrupt.json'), '{"x": 1,,');
    expect(await readJsonLenient(path.join(dir, 'corrupt.json'))).toBeUndefined();
    writeFileSync(path.join(dir, 'empty.json'), '');
    expect(await readJsonLenient(path.join(dir, 'empty.json'))).toBeUndefined();
  });

  it('parses valid JSON', async () => {
    writeFileSync(path.join(dir, 'ok.json'), '{"x":[1,2]}');
    expect(await readJsonLenient(path.join(dir, 'ok.json'))).toEqual({ x: [1, 2] });
  });
});
