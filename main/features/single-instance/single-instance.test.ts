import { describe, expect, it, vi } from 'vitest';
import { setupSingleInstance } from './index';

function fakeApp(gotLock: boolean) {
  const listeners = new Map<string, (...args: unknown[]) => void>();
  return {
    listeners,
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
    on: vi.fn((event: string, listener: (...args: unknown[]) => void) => listeners.set(event, listener)),
  };
}

describe('setupSingleInstance', () => {
  it('lets the first instance continue and hands it a second launch’s command line', () => {
    const app = fakeApp(true);
    const focus = vi.fn();
    expect(setupSingleInstance(app as never, focus)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.listeners.get('second-instance')?.({}, ['/opt/cd/cascade-drill', 'drill.cdsession'], '/home/u');
    expect(focus).toHaveBeenCalledWith(['/opt/cd/cascade-drill', 'drill.cdsession'], '/home/u');
  });

  it('makes a second instance quit without booting', () => {
    const app = fakeApp(false);
    expect(setupSingleInstance(app as never, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.on).not.toHaveBeenCalled();
  });
});
