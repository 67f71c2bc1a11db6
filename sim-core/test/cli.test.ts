import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/sim';

let err: string;
let out: string;
beforeEach(() => {
  err = '';
  out = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
});
afterEach(() => vi.restoreAllMocks());

describe('npm run sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
  const bad = (args: string[], pattern: RegExp) => {
    err = '';
    expect(main(args)).toBe(2);
    expect(err.trim().split('\n')).toHaveLength(1);
    expect(err).toMatch(pattern);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
  };

  it('exits 2 with one clear line on bad input', () => {
    bad([], /--scenario is required/);
    bad(['--scenario', 'nope'], /unknown scenario "nope"/);
    bad(['--scenario', 'skype-2010', '--seed', 'abc'], /--seed must be an integer/);
    bad(['--scenario', 'skype-2010', '--hours', '-3'], /--hours needs a value|--hours must be/);
    bad(['--scenario', 'skype-2010', '--format', 'xml'], /--format must be/);
    bad(['--scenario', 'skype-2010', '--frobnicate'], /unknown argument/);
    bad(['--scenario', 'skype-2010', '--policy', join(dir, 'missing.json')], /neither a known policy/);
    writeFileSync(join(dir, 'broken.json'), '[{"atMinute": 1,');
    bad(['--scenario', 'skype-2010', '--policy', join(dir, 'broken.json')], /not valid JSON/);
    writeFileSync(join(dir, 'unknown.json'), '[{"atMinute": 1, "command": "rebootInternet"}]');
    bad(
      ['--scenario', 'skype-2010', '--policy', join(dir, 'unknown.json')],
      /There is no lever called "rebootInternet"/,
    );
  });

  it('writes JSON with the summary fields and one series row per minute, atomically to --out', () => {
    const file = join(dir, 'run.json');
    expect(main(['--scenario', 'skype-2010', '--hours', '1', '--format', 'json', '--out', file])).toBe(0);
    const j = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(j.summary).sort()).toEqual(
      [
        'peakOnline',
        'troughOnline',
        'troughAtMinute',
        'triggerAtMinute',
        'buggyShare',
        'buggyCrashedFraction',
        'supernodesLostInitialFraction',
        'peakSupernodeLoadFactor',
        'userMinutesLost',
        'minutesTo30pct',
        'minutesTo80pct',
        'minutesTo90pct',
        'stateHash',
      ].sort(),
    );
    expect(j.series).toHaveLength(60);
    expect(j.series[0]).toMatchObject({ minute: 0 });
    expect(Object.keys(j.series[0])).toEqual(
      expect.arrayContaining([
        'minute',
        'online',
        'supernodesAlive',
        'dedicatedSupernodes',
        'omLatencyMs',
        'crashed',
        'searching',
      ]),
    );
    expect(j.phases[0]).toEqual({ phase: 'normal', atMinute: 0 });
    expect(Array.isArray(j.injects)).toBe(true);
    expect(out).toBe('');
  });
});
