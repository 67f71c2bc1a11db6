import { describe, expect, it, vi } from 'vitest';
import type { SessionFile } from '../../../sim-core/src/sessions/index';
import { createDesktopOpener, type DesktopOpenDeps } from './desktop-open';

const session = { id: 'drill-1' } as SessionFile;
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function deps(over: Partial<DesktopOpenDeps> = {}) {
  return {
    drillRunning: vi.fn(() => false),
    importText: vi.fn(async () => session),
    show: vi.fn(),
    notify: vi.fn(),
    ...over,
  } satisfies DesktopOpenDeps;
}

describe('files opened from the desktop', () => {
  it('are imported like any session file and shown in their debrief', async () => {
    const d = deps();
    createDesktopOpener(d).receive({ name: 'a.cdsession', text: '{"x":1}' });
    await flush();
    expect(d.importText).toHaveBeenCalledWith('{"x":1}');
    expect(d.show).toHaveBeenCalledWith(session);
    expect(d.notify).not.toHaveBeenCalled();
  });

  it('never interrupt a drill: the latest waits, with a note, until the drill is over', async () => {
    let running = true;
    const importText = vi.fn(async () => session);
    const d = deps({ drillRunning: () => running, importText });
    const opener = createDesktopOpener(d);
    opener.receive({ name: 'a.cdsession', text: 'A' });
    opener.receive({ name: 'b.cdsession', text: 'B' });
    await flush();
    expect(importText).not.toHaveBeenCalled();
    expect(d.notify).toHaveBeenLastCalledWith(
      'b.cdsession will open in its debrief when this drill is over.',
      'status',
    );
    running = false;
    opener.idle();
    opener.idle();
    await flush();
    expect(importText.mock.calls).toEqual([['B']]);
    expect(d.show).toHaveBeenCalledOnce();
  });

  it('say why a file could not be opened, and show nothing', async () => {
    const d = deps({
      importText: vi.fn(async () => Promise.reject(new Error('the checksum does not match'))),
    });
    createDesktopOpener(d).receive({ name: 'bad.cdsession', text: '{}' });
    await flush();
    expect(d.show).not.toHaveBeenCalled();
    expect(d.notify).toHaveBeenCalledWith(
      'bad.cdsession cannot be opened: the checksum does not match',
      'alert',
    );
  });
});
