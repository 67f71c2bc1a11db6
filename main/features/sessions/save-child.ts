/**
 * Test helper for the SIGKILL test (kill.test.ts): saves a session over and over into one directory through
 * the real store, each version with a higher counter and a different size, and says "ready" on stdout after
 * its fourth save, once its code is warm and a save takes milliseconds. The test kills it at a random moment
 * and checks that the file on disk is still whole.
 *
 * usage: node --require tsx/cjs save-child.ts <sessions dir> <template body json file> <first counter> [naive]
 *
 * `naive` writes with a plain fs.writeFile instead of the store: the control that shows the test can see a
 * torn file when there is one.
 */
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { sealSession, serializeSession, type SessionBody } from '../../../sim-core/src/sessions/index';
import { createSessionStore, SESSION_SUFFIX } from './store';

async function main(): Promise<void> {
  const [dir, templateFile, first, mode] = process.argv.slice(2);
  const template = JSON.parse(readFileSync(templateFile!, 'utf8')) as SessionBody;
  const store = createSessionStore(dir!);
  for (let k = Number(first); ; k++) {
    // Sizes from about 1 kB to 15 kB, so a kill can land in the middle of a longer write.
    const pad = 'x'.repeat((k * 7919) % 10_000);
    const body: SessionBody = {
      ...template,
      notes: [{ tick: null, author: 'child', text: `v${k} ${pad}`.slice(0, 4000) }],
      lessons: { ...template.lessons, wentWell: pad },
    };
    if (mode === 'naive') {
      await fs.mkdir(dir!, { recursive: true });
      await fs.writeFile(path.join(dir!, `${body.id}${SESSION_SUFFIX}`), serializeSession(sealSession(body)));
    } else await store.save(body);
    if (k === Number(first) + 3) process.stdout.write('ready\n');
  }
}

void main();
