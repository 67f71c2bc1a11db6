/**
 * Crash safety of saves: a child process saves a session in a tight loop through the real store and is killed
 * with SIGKILL at a random moment, 200 times. After every kill the file on disk must be a whole session (the
 * old version or a newer one), never a torn one.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinScenario } from '../../../sim-core/src/scenario/index';
import { newSessionBody, parseSession, SessionError } from '../../../sim-core/src/sessions/index';
import { createSessionStore, SESSION_SUFFIX } from './store';

const TRIALS = 200;
const PARALLEL = 4;
const root = mkdtempSync(path.join(tmpdir(), 'session-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const template = newSessionBody(
  {
    id: 'kill-test',
    now: '2024-05-01T09:00:00.000Z',
    appVersion: '0.1.0',
    scenario: builtinScenario('skype-2010'),
    scale: 0.01,
    seed: 1,
  },
  '0000000000000000',
);
const templateFile = path.join(root, 'template.json');
writeFileSync(templateFile, JSON.stringify(template));

/** Run one child until it has saved at least once, kill it after `delayMs`, and wait for it to be gone. */
function killDuringSaves(dir: string, first: number, delayMs: number, naive = false): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--require',
        'tsx/cjs',
        path.join(__dirname, 'save-child.ts'),
        dir,
        templateFile,
        String(first),
        ...(naive ? ['naive'] : []),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), delayMs));
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited without being killed: ${err}`)),
    );
  });
}

/** The counter of the version on disk (the child writes "v<k> ..." into the first note). */
function counterOnDisk(dir: string): Promise<number> {
  return createSessionStore(dir)
    .load('kill-test')
    .then((s) => Number(/^v(\d+)/.exec(s.notes[0]!.text)![1]));
}

describe('saves under SIGKILL', () => {
  it(`always leave the old or the new file intact (${TRIALS} kills)`, { timeout: 300_000 }, async () => {
    let kills = 0;
    let midWrite = 0;
    let advanced = 0;
    const lane = async (lane: number) => {
      const dir = path.join(root, `lane-${lane}`);
      let last = -1;
      for (let t = 0; t < TRIALS / PARALLEL; t++) {
        // Each trial starts its counter above everything written so far, so "old" and "new" are told apart.
        const first = (t + 1) * 1_000_000;
        await killDuringSaves(dir, first, Math.floor(Math.random() * 40));
        kills++;
        const k = await counterOnDisk(dir); // throws (fails the test) on a torn or missing file
        expect(k === last || k >= first).toBe(true);
        expect(k).toBeGreaterThanOrEqual(Math.max(last, 1_000_000));
        if (k > first) advanced++;
        last = k;
        // A temp file left behind means the kill landed between opening the temp file and the rename.
        if (readdirSync(dir).some((f) => f.endsWith('.tmp'))) midWrite++;
        await createSessionStore(dir).sweepTemp();
      }
      parseSession(JSON.stringify(await createSessionStore(dir).load('kill-test')));
    };
    await Promise.all(Array.from({ length: PARALLEL }, (_, i) => lane(i)));
    console.log(`${kills} kills: ${midWrite} in the middle of a write, ${advanced} after more than one save`);
    expect(kills).toBe(TRIALS);
    // The kills did land inside the crash window, not only between writes.
    expect(midWrite).toBeGreaterThan(TRIALS / 10);
  });

  it(
    'would catch a torn file: the same kills against plain fs.writeFile do tear it',
    { timeout: 120_000 },
    async () => {
      const dir = path.join(root, 'naive');
      let torn = 0;
      for (let t = 0; t < 30 && torn === 0; t++) {
        await killDuringSaves(dir, (t + 1) * 1_000_000, Math.floor(Math.random() * 40), true);
        try {
          parseSession(readFileSync(path.join(dir, `kill-test${SESSION_SUFFIX}`), 'utf8'));
        } catch (e) {
          expect(e).toBeInstanceOf(SessionError);
          torn++;
        }
      }
      expect(torn).toBeGreaterThan(0);
    },
  );
});
