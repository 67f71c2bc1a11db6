import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { deadPid, tempDir } from '../../test/temp-dir';
import { PDF_TEMP_PREFIX } from '../report-export/pdf-window';
import { SESSION_SUFFIX } from '../sessions/store';
import { SETTINGS_FILE } from '../settings';
import { WINDOW_STATE_FILE } from '../window-state';
import { STALE_PDF_FOLDER_MS, sweepStartupTemps } from './index';

describe('the start-up sweep', () => {
  it("removes what a crash left in the data folders and the system temp folder, and nothing that is live or the user's", async () => {
    const userData = tempDir();
    const tmp = tempDir();
    const dead = deadPid();
    const temp = (target: string, pid = dead) => `.${target}.${pid}.0123456789ab.tmp`;
    const sessions = path.join(userData, 'sessions');
    const autosave = path.join(sessions, 'autosave');
    mkdirSync(autosave, { recursive: true });
    const crashed = [
      path.join(userData, temp(SETTINGS_FILE)),
      path.join(userData, temp(WINDOW_STATE_FILE)),
      path.join(userData, temp('recent-files.json')),
      path.join(sessions, temp(`d1${SESSION_SUFFIX}`)),
      path.join(autosave, temp(`d1${SESSION_SUFFIX}`)),
    ];
    const kept = [
      path.join(userData, SETTINGS_FILE),
      path.join(userData, temp(SETTINGS_FILE, process.pid)), // a write in flight (ours)
      path.join(sessions, `d1${SESSION_SUFFIX}`),
      path.join(sessions, '.hidden-user-file.tmp'),
    ];
    for (const f of [...crashed, ...kept]) writeFileSync(f, 'x');
    const now = Date.now();
    const oldPdf = path.join(tmp, `${PDF_TEMP_PREFIX}old`);
    const newPdf = path.join(tmp, `${PDF_TEMP_PREFIX}new`);
    for (const d of [oldPdf, newPdf]) {
      mkdirSync(d);
      writeFileSync(path.join(d, 'report.html'), '<p>');
    }
    const past = (now - STALE_PDF_FOLDER_MS - 60_000) / 1000;
    utimesSync(oldPdf, past, past);
    writeFileSync(path.join(tmp, 'someone-else.txt'), 'x');

    const report = await sweepStartupTemps(userData, tmp, { now });
    expect(report.files.sort()).toEqual([...crashed].sort());
    expect(report.pdfFolders).toEqual([oldPdf]);
    expect(readdirSync(userData).sort()).toEqual(
      ['sessions', SETTINGS_FILE, temp(SETTINGS_FILE, process.pid)].sort(),
    );
    expect(readdirSync(sessions).sort()).toEqual(
      ['.hidden-user-file.tmp', 'autosave', `d1${SESSION_SUFFIX}`].sort(),
    );
    expect(readdirSync(autosave)).toEqual([]);
    expect(readdirSync(tmp).sort()).toEqual([`${PDF_TEMP_PREFIX}new`, 'someone-else.txt']);
    // Nothing to do the second time.
    expect(await sweepStartupTemps(userData, tmp, { now })).toEqual({ files: [], pdfFolders: [] });
  });
});
