import { mkdirSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadPid, tempDir } from '../test/temp-dir';
import { OUT_TEMP_NAME } from '../../sim-core/cli/out-file';
import {
  ATOMIC_TEMP_NAME,
  atomicTempName,
  MAX_APP_JSON_BYTES,
  readJsonLenient,
  readJsonLenientSync,
  sweepAtomicTemps,
  writeFileAtomic,
  writeFileAtomicSync,
} from './atomic-file';

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

  it('returns undefined for a 700 MB file without reading it, and for nesting past its bound', async () => {
    const huge = path.join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 700 * 1024 * 1024);
    const t0 = performance.now();
    expect(await readJsonLenient(huge)).toBeUndefined();
    expect(readJsonLenientSync(huge)).toBeUndefined();
    expect(performance.now() - t0).toBeLessThan(200);
    writeFileSync(path.join(dir, 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    expect(await readJsonLenient(path.join(dir, 'deep.json'))).toBeUndefined();
    expect(MAX_APP_JSON_BYTES).toBe(1024 * 1024);
  });

  it('parses valid JSON', async () => {
    writeFileSync(path.join(dir, 'ok.json'), '{"x":[1,2]}');
    expect(await readJsonLenient(path.join(dir, 'ok.json'))).toEqual({ x: [1, 2] });
  });
});

describe('sweepAtomicTemps', () => {
  it('removes the temp files of writers that are gone, and nothing else', async () => {
    const dir = tempDir();
    const dead = deadPid();
    const names = {
      crashed: `.settings.json.${dead}.0123456789ab.tmp`,
      crashedReport: `.report.html.${dead}.abcdefabcdef.tmp`,
      inFlight: `.settings.json.${process.pid}.0123456789ab.tmp`,
      userFile: '.notes.tmp',
      settings: 'settings.json',
    };
    for (const n of Object.values(names)) writeFileSync(path.join(dir, n), 'x');
    expect(ATOMIC_TEMP_NAME.test(names.crashed)).toBe(true);
    expect(await sweepAtomicTemps(dir, { target: 'report.html' })).toEqual([names.crashedReport]);
    expect(await sweepAtomicTemps(dir)).toEqual([names.crashed]);
    expect(readdirSync(dir).sort()).toEqual([names.userFile, names.inFlight, names.settings].sort());
    expect(await sweepAtomicTemps(path.join(dir, 'missing'))).toEqual([]);
  });

  it("names its own temp files by the pattern the sweep looks for, and sweeps a target's before writing it when asked", async () => {
    const dir = tempDir();
    const file = path.join(dir, 'report.pdf');
    const stale = `.report.pdf.${deadPid()}.0123456789ab.tmp`;
    const other = `.other.pdf.${deadPid()}.0123456789ab.tmp`;
    writeFileSync(path.join(dir, stale), 'half');
    writeFileSync(path.join(dir, other), 'half');
    await writeFileAtomic(file, 'one');
    expect(readdirSync(dir)).toContain(stale);
    await writeFileAtomic(file, 'two', { sweepStale: true });
    expect(readdirSync(dir).sort()).toEqual([other, 'report.pdf'].sort());
    // The CLIs' writer (sim --out, par cache, scenario files) names its temp files by the same pattern.
    expect(OUT_TEMP_NAME.source).toBe(ATOMIC_TEMP_NAME.source);
    // The writer's own names have the pattern's shape, with the target's name and the writer's pid.
    const m = ATOMIC_TEMP_NAME.exec(path.basename(atomicTempName(file)));
    expect(m?.[1]).toBe('report.pdf');
    expect(Number(m?.[2])).toBe(process.pid);
  });
});
