import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../cli/sim';

let err: string;
/** A control character (C0 but newline, DEL, C1) or a bidi override: what must never reach a terminal raw. */
const hasControl = (s: string) =>
  [...s].some((c) => {
    const n = c.codePointAt(0)!;
    return (n < 0x20 && n !== 0x0a) || (n >= 0x7f && n <= 0x9f) || n === 0x202e;
  });
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

  it('refuses a policy key no lever takes, naming it ("cout" is not silently the default 100)', () => {
    writeFileSync(join(dir, 'typo.json'), '[{"atMinute": 60, "command": "spinUpSupernodes", "cout": 5}]');
    bad(
      ['--scenario', 'skype-2010', '--hours', '2', '--policy', join(dir, 'typo.json')],
      /policy entry 0 \(minute 60\): spinUpSupernodes has no argument "cout" \(its arguments: count, capacity\)/,
    );
  });

  it('refuses commands past the scenario, and --hours past it; notes commands a shorter run leaves out', () => {
    writeFileSync(join(dir, 'late.json'), '[{"atMinute": 5000, "command": "enableClientBackoff"}]');
    bad(
      ['--scenario', 'skype-2010', '--policy', join(dir, 'late.json')],
      /enableClientBackoff command at minute 5000 is at or after the scenario's end \(minute 2880\)/,
    );
    bad(['--scenario', 'skype-2010', '--hours', '100'], /--hours 100 is longer than the scenario \(48 h\)/);
    writeFileSync(
      join(dir, 'two.json'),
      '[{"atMinute": 30, "command": "enableClientBackoff"}, {"atMinute": 90, "command": "throttleLogins"}]',
    );
    err = '';
    expect(main(['--scenario', 'skype-2010', '--hours', '1', '--policy', join(dir, 'two.json')])).toBe(0);
    expect(err).toBe(
      'sim: note: 1 command of the policy comes at or after minute 60, when this run ends (--hours 1), and is not played\n',
    );
  });

  it('takes only the scenario\'s own policies by name: "constructor" and other prototype names are refused', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty'])
      bad(['--scenario', 'skype-2010', '--policy', name], /neither a known policy \(none, historical\)/);
  });

  it('escapes terminal control characters in anything it echoes', () => {
    const evil = 'x\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202e';
    bad(['--scenario', evil], /unknown scenario "x\\x1b\]0;pwned\\x07\\x1b\[2J\\x9b31m\\u202e"/);
    bad(['--scenario', 'skype-2010', `--${evil}`], /unknown argument/);
    expect(hasControl(err)).toBe(false);
    // Escaped in the JSON text, real control characters once parsed; and a file whose raw text holds them.
    const entry = { atMinute: 1, command: 'spinUpSupernodes', [evil]: 1 };
    writeFileSync(join(dir, 'evil.json'), JSON.stringify([entry]));
    bad(
      ['--scenario', 'skype-2010', '--policy', join(dir, 'evil.json')],
      /has no argument "x\\u001b.*\\x9b31m\\u202e"/,
    );
    expect(hasControl(err)).toBe(false);
    writeFileSync(join(dir, 'raw.json'), `[{"atMinute": 1, "${evil}": 1}`);
    bad(['--scenario', 'skype-2010', '--policy', join(dir, 'raw.json')], /not valid JSON/);
    expect(hasControl(err)).toBe(false);
  });

  it('refuses an oversized or over-nested policy file before parsing it', () => {
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, '');
    truncateSync(huge, 700 * 1024 * 1024);
    bad(
      ['--scenario', 'skype-2010', '--policy', huge],
      /policy file .*huge\.json is 700\.0 MB; at most 1 MB is read/,
    );
    writeFileSync(join(dir, 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    bad(['--scenario', 'skype-2010', '--policy', join(dir, 'deep.json')], /it nests deeper than 4 levels/);
  });

  it('writes --out atomically and first sweeps the temp files a killed run left for that file', () => {
    const out = join(dir, 'sweep', 'run.json');
    mkdirSync(join(dir, 'sweep'), { recursive: true });
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    const stale = `.run.json.${dead}.0123456789ab.tmp`;
    const live = `.run.json.${process.pid}.0123456789ab.tmp`;
    const other = `.other.json.${dead}.0123456789ab.tmp`;
    for (const n of [stale, live, other]) writeFileSync(join(dir, 'sweep', n), '{"half');
    expect(main(['--scenario', 'skype-2010', '--hours', '1', '--format', 'json', '--out', out])).toBe(0);
    expect(readdirSync(join(dir, 'sweep')).sort()).toEqual([live, other, 'run.json'].sort());
    expect(JSON.parse(readFileSync(out, 'utf8')).series).toHaveLength(60);
  });
});
