import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { builtinScenario, scaleScenario } from '../src/scenario/index';
import { createDrillHost, drillInitSchema, SEED_MAX, SEED_MIN, type DrillOut } from '../src/drill/index';
import { computePar, inlineRunner } from '../src/scoring/par';
import type { Baselines } from '../src/scoring/score';
import { modelVersion } from '../src/scoring/version';
import { MAX_ROLE_CHARS } from '../src/drill/log';
import { seatInSchema } from '../src/team/protocol';
import { teamRecordSchema } from '../src/team/record';
import {
  canonicalJson,
  checkSessionId,
  logFromHost,
  newSessionBody,
  parseSession,
  parseSessionJson,
  replaySession,
  savedScore,
  sealSession,
  serializeSession,
  SESSION_ID_PATTERN,
  SESSION_JSON_LIMITS,
  sessionBodySchema,
  SessionError,
  sha256Hex,
  utf8,
  type SessionBody,
  type SessionFile,
} from '../src/sessions/index';

const SCALE = 0.01;
const full = builtinScenario('skype-2010');
const scenario = scaleScenario(full, SCALE);
const SEED = 4;

describe('sha256', () => {
  it('matches node:crypto on arbitrary bytes and text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(sha256Hex(bytes)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
        expect(Buffer.from(utf8(s))).toEqual(Buffer.from(s, 'utf8'));
        expect(sha256Hex(utf8(s))).toBe(createHash('sha256').update(s, 'utf8').digest('hex'));
      }),
      { numRuns: 300 },
    );
    expect(sha256Hex(new Uint8Array(0))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});

describe('canonical JSON', () => {
  it('does not depend on key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'é' } })).toBe(
      canonicalJson({ a: { c: 'é', d: [1, { x: 1, y: 2 }] }, b: 1 }),
    );
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });
});

/** Play a drill through a host as a console would: commands from several roles, an inject, a bookmark. */
function playDrill(until: number) {
  const out: DrillOut[] = [];
  const host = createDrillHost(scenario, SEED, (m) => out.push(m));
  const say = (m: Record<string, unknown>) => host.receive({ v: 1, ...m });
  const at = (minute: number) => {
    if (minute > host.minute()) say({ type: 'step', ticks: minute - host.minute() });
  };
  say({ type: 'start' });
  at(305);
  say({ type: 'command', role: 'platformOps', command: 'disableFeature', args: { feature: 'groupVideo' } });
  say({ type: 'command', role: 'networkOps', command: 'forceUpdate', args: {} }); // refused: not their lever
  at(320);
  say({ type: 'fireInject', id: 'dc-link-degrades' });
  say({ type: 'command', role: 'platformOps', command: 'disableFeature', args: { feature: 'offlineIm' } });
  at(340);
  say({ type: 'command', role: 'networkOps', command: 'spinUpSupernodes', args: { count: 5 } });
  say({ type: 'bookmark', note: 'dedicated supernodes ordered' });
  say({ type: 'setSpeed', speed: 600 }); // not logged: speed does not change outcomes
  at(360);
  say({ type: 'command', role: 'networkOps', command: 'throttleLogins', args: { perMinute: 1500 } });
  at(until);
  const result = {
    log: logFromHost(host.log()),
    minute: host.minute(),
    hash: host.hash(),
    session: host.session(),
  };
  host.dispose();
  return result;
}

function sessionOf(play: ReturnType<typeof playDrill>, over: Partial<SessionBody> = {}): SessionBody {
  const body = newSessionBody(
    {
      id: 'drill-2024-05-01-a',
      now: '2024-05-01T09:00:00.000Z',
      appVersion: '0.1.0',
      scenario: full,
      scale: SCALE,
      seed: SEED,
      // The live default: the drill ends once full recovery has held.
      stopOnFullRecovery: true,
      participants: [
        { name: 'Ana', role: 'platformOps' },
        { name: 'Ben', role: 'networkOps' },
        { name: 'Cy', role: 'facilitator' },
      ],
    },
    '0000000000000000',
  );
  return {
    ...body,
    log: play.log,
    notes: [{ tick: 330, author: 'Cy', text: 'Team hesitated on offline IM: 15 min of discussion.' }],
    lessons: {
      wentWell: 'Group video off early.',
      toImprove: 'Find the offline-IM link sooner.',
      actions: [{ text: 'Add an offline-IM latency alarm at 2 s', owner: 'Ana' }],
    },
    progress: { minute: play.minute, stateHash: play.hash, closed: true },
    ...over,
  };
}

let baselines: Baselines;
beforeAll(async () => {
  const par = await computePar(scenario, SEED, inlineRunner(scenario, SEED), {
    budget: 14,
    modelVersion: modelVersion(scenario),
  });
  baselines = par.traces;
});

describe('replay', () => {
  it('reproduces the final hash and the score of a saved session exactly', () => {
    const play = playDrill(scenario.model.durationMinutes);
    expect(play.log.map((e) => [e.tick, e.kind, e.role])).toEqual([
      [305, 'command', 'platformOps'],
      [305, 'command', 'networkOps'],
      [320, 'inject', 'facilitator'],
      [320, 'command', 'platformOps'],
      [340, 'command', 'networkOps'],
      [340, 'bookmark', 'facilitator'],
      [360, 'command', 'networkOps'],
    ]);
    // Score at the end of the drill, as the app does before the final save.
    const first = replaySession({ ...sealSession(sessionOf(play)) }, { scenario: full, baselines });
    expect(first.hashMatches).toBe(true);
    const saved = sealSession(sessionOf(play, { score: savedScore(first.score!) }));
    const text = serializeSession(saved);
    const loaded = parseSession(text);
    expect(loaded).toEqual(saved);
    const again = replaySession(loaded, { scenario: full, baselines });
    expect(again.stateHash).toBe(play.hash);
    expect(again.hashMatches).toBe(true);
    expect(again.scoreMatches).toBe(true);
    expect(again.score).toEqual(first.score);
    expect(again.trace.decisions.map((d) => d.ok)).toEqual([true, false, true, true, true]);
    expect(again.trace.injects.some((i) => i.id === 'dc-link-degrades')).toBe(true);
    expect(again.trace.bookmarks).toEqual([{ atMinute: 340, note: 'dedicated supernodes ordered' }]);
  });

  it('reproduces a drill saved mid-way (an autosave) at its minute', () => {
    const play = playDrill(450);
    const s = sealSession(
      sessionOf(play, { progress: { minute: 450, stateHash: play.hash, closed: false } }),
    );
    const r = replaySession(parseSession(serializeSession(s)), { scenario: full });
    expect(r.minute).toBe(450);
    expect(r.hashMatches).toBe(true);
    expect(r.score).toBeNull();
  });

  it('refuses another scenario version or model, and reports a hash that does not match', () => {
    const play = playDrill(400);
    const s = sealSession(sessionOf(play));
    expect(() => replaySession(s, { scenario: { ...full, version: 2 } })).toThrow(SessionError);
    const changed = {
      ...full,
      model: { ...full.model, population: { ...full.model.population, sessionMinutes: 99 } },
    };
    expect(() => replaySession(s, { scenario: changed })).toThrow(/model/);
    const wrong = sealSession(
      sessionOf(play, { progress: { minute: 400, stateHash: 'ffffffffffffffff', closed: true } }),
    );
    expect(replaySession(wrong, { scenario: full }).hashMatches).toBe(false);
  });
});

describe('seeds and session ids', () => {
  const body = sessionOf(playDrill(310));
  const init = (seed: number) =>
    drillInitSchema.safeParse({ v: 1, type: 'init', scenario: 'skype-2010', seed });

  it('take the same seeds in a session file as in a drill: every 32-bit signed integer, nothing else', () => {
    for (const seed of [SEED_MIN, -1, 0, SEED_MAX]) {
      expect(sessionBodySchema.safeParse({ ...body, seed }).success).toBe(true);
      expect(init(seed).success).toBe(true);
    }
    for (const seed of [SEED_MIN - 1, SEED_MAX + 1, 1.5]) {
      expect(sessionBodySchema.safeParse({ ...body, seed }).success).toBe(false);
      expect(init(seed).success).toBe(false);
    }
  });

  it('check an id with one pattern: in the file, and before any store touches it', () => {
    for (const id of ['a', 'drill-2010_12-22', 'x'.repeat(64)]) {
      expect(SESSION_ID_PATTERN.test(id)).toBe(true);
      expect(sessionBodySchema.safeParse({ ...body, id }).success).toBe(true);
      expect(checkSessionId(id)).toBe(id);
    }
    for (const id of ['', 'x'.repeat(65), '../etc', 'a b', 'é']) {
      expect(sessionBodySchema.safeParse({ ...body, id }).success).toBe(false);
      expect(() => checkSessionId(id)).toThrow(/is not a session id/);
    }
  });
});

describe('role names', () => {
  it('have one bound, 40 characters, in the session file and the seat protocol', () => {
    const play = playDrill(10);
    const fits = 'r'.repeat(MAX_ROLE_CHARS);
    const over = 'r'.repeat(MAX_ROLE_CHARS + 1);
    expect(MAX_ROLE_CHARS).toBe(40);
    const hello = (role: string) =>
      seatInSchema.safeParse({ v: 1, type: 'hello', code: 'ABCDE12345', name: 'Ann', role }).success;
    const inFile = (role: string) =>
      sessionBodySchema.safeParse({ ...sessionOf(play), participants: [{ name: 'Ann', role }] }).success;
    const inLog = (role: string) =>
      sessionBodySchema.safeParse({ ...sessionOf(play), log: [{ tick: 0, kind: 'end', role }] }).success;
    const inTeam = (role: string) =>
      teamRecordSchema.safeParse({ seats: [{ id: 's1', name: 'Ann', role }], commands: [], channel: [] })
        .success;
    for (const check of [hello, inFile, inLog, inTeam]) {
      expect(check(fits)).toBe(true);
      expect(check(over)).toBe(false);
    }
    // A person's name may be longer than a role (80): a participant's full name is not a role.
    expect(
      sessionBodySchema.safeParse({
        ...sessionOf(play),
        participants: [{ name: 'n'.repeat(80), role: 'ic' }],
      }).success,
    ).toBe(true);
  });
});

describe('reading session files', () => {
  const play = playDrill(400);
  const good = sealSession(sessionOf(play));
  const goodText = serializeSession(good);
  let count = 0;

  /** The one acceptable outcome for a damaged file: a SessionError with a one-line message. */
  const refused = (text: string) => {
    count++;
    try {
      parseSession(text);
    } catch (e) {
      expect(e).toBeInstanceOf(SessionError);
      const msg = (e as SessionError).message;
      expect(msg.length).toBeGreaterThan(10);
      expect(msg).not.toMatch(/\n/);
      return (e as SessionError).code;
    }
    return 'accepted';
  };

  it('accepts the file it wrote', () => {
    expect(parseSession(goodText)).toEqual(good);
  });

  it('names each kind of damage', () => {
    expect(refused('')).toBe('empty');
    expect(refused(goodText.slice(0, goodText.length / 2))).toBe('truncated');
    expect(refused('{"format": nope}')).toBe('notJson');
    expect(refused('[1,2,3]')).toBe('notASession');
    expect(refused(JSON.stringify({ ...good, formatVersion: 7 }))).toBe('newerVersion');
    expect(refused(JSON.stringify({ ...good, seed: good.seed + 1 }))).toBe('checksum');
    expect(refused(JSON.stringify({ ...good, seed: 'one' }))).toBe('invalid');
    const flipped = good.checksum.slice(0, -1) + (good.checksum.endsWith('0') ? '1' : '0');
    expect(refused(JSON.stringify({ ...good, checksum: flipped }))).toBe('checksum');
    expect(() => parseSessionJson(null)).toThrow(SessionError);
  });

  it('gives only clear errors for 1,200 fuzzed files (random bytes, truncations, mutated fields, bad checksums)', () => {
    count = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        expect(refused(Buffer.from(bytes).toString('latin1'))).not.toBe('accepted');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: goodText.length - 2 }), (n) => {
        expect(refused(goodText.slice(0, n))).not.toBe('accepted');
      }),
      { numRuns: 300 },
    );
    // Mutate one field anywhere in the tree to any JSON value: the checksum or the schema must catch it.
    const paths: Array<Array<string | number>> = [];
    const walk = (x: unknown, p: Array<string | number>) => {
      if (p.length > 0 && p[0] !== 'checksum') paths.push(p);
      if (x && typeof x === 'object')
        for (const [k, v] of Object.entries(x)) walk(v, [...p, Array.isArray(x) ? Number(k) : k]);
    };
    walk(good, []);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), (p, value) => {
        const copy = JSON.parse(goodText) as Record<string, unknown>;
        let o = copy as Record<string | number, unknown>;
        for (const k of p.slice(0, -1)) o = o[k] as Record<string | number, unknown>;
        const before = JSON.stringify(o[p[p.length - 1]!]);
        o[p[p.length - 1]!] = value;
        if (JSON.stringify(value) === before) return;
        expect(refused(JSON.stringify(copy))).not.toBe('accepted');
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.stringMatching(/^sha256:[0-9a-f]{64}$/), fc.boolean(), (checksum, pretty) => {
        if (checksum === good.checksum) return;
        const text = JSON.stringify({ ...good, checksum }, null, pretty ? 2 : 0);
        expect(refused(text)).toBe('checksum');
      }),
      { numRuns: 300 },
    );
    expect(count).toBeGreaterThanOrEqual(1000);
  });

  it('refuses a 12 MB file with a million unknown keys, or lists nested millions deep, in milliseconds, before parsing', () => {
    const head = goodText.slice(0, goodText.lastIndexOf('}'));
    const keys: string[] = [];
    for (let i = 0; i < 1_000_000; i++) keys.push(`"key${i}":1`);
    const wide = `${head},"junk":{${keys.join(',')}}}`;
    expect(wide.length).toBeGreaterThan(12_000_000);
    const deep = `${head},"junk":${'['.repeat(6_000_000)}${']'.repeat(6_000_000)}}`;
    const long = `${head},"junk":[${new Array(1_000_000).fill('0').join(',')}]}`;
    for (const [text, message] of [
      [wide, /an object with more than 32 keys/],
      [deep, /nests deeper than 8 levels/],
      [long, /a list with more than 50000 items/],
    ] as const) {
      const t0 = performance.now();
      expect(refused(text)).toBe('tooComplex');
      expect(performance.now() - t0).toBeLessThan(500);
      expect(() => parseSession(text)).toThrow(message);
    }
    expect(refused(' '.repeat(SESSION_JSON_LIMITS.maxChars) + goodText)).toBe('tooLarge');
    expect(() => parseSession(' '.repeat(SESSION_JSON_LIMITS.maxChars) + goodText)).toThrow(
      'the session file is larger than 16 MB',
    );
  });

  it('keeps the shape limits wider than any file the schema accepts: 50,000 team commands, 16 arguments', () => {
    const args = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`a${i}`, i]));
    const log = [{ tick: 0, kind: 'command' as const, role: 'ic', command: 'forceUpdate' as const, args }];
    const command = {
      minute: 0,
      seat: 's1',
      name: 'Ann',
      role: 'ic',
      command: 'forceUpdate',
      ok: true,
      reason: null,
      takesEffectAtMinute: null,
    };
    const team = { seats: [], commands: new Array(50_000).fill(command), channel: [] };
    const s = sealSession({ ...sessionOf(play), log, team });
    const text = serializeSession(s);
    expect(text.length).toBeLessThan(SESSION_JSON_LIMITS.maxChars);
    expect(parseSession(text).team?.commands).toHaveLength(50_000);
  });

  it('round-trips any valid body through seal, text and parse', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 50 }),
        fc.array(
          fc.record({
            name: fc.string({ minLength: 1, maxLength: 20 }),
            role: fc.string({ minLength: 1, maxLength: 20 }),
          }),
          {
            maxLength: 4,
          },
        ),
        (title, participants) => {
          const s: SessionFile = sealSession({ ...sessionOf(play), title, participants });
          expect(parseSession(serializeSession(s))).toEqual(s);
        },
      ),
      { numRuns: 100 },
    );
  });
});
