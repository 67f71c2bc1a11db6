import { describe, expect, it, vi } from 'vitest';
import { setupSingleInstance } from './index';

function fakeApp(gotLock: boolean) {
  const listeners = new Map<string, () => void>();
  return {
    listeners,
    requestSingleInstanceLock: vi.fn(() => gotLock),
    quit: vi.fn(),
    on: vi.fn((event: string, listener: () => void) => listeners.set(event, listener)),
  };
}

describe('setupSingleInstance', () => {
  it('lets the first instance continue and focuses it when a second one starts', () => {
    const app = fakeApp(true);
    const focus = vi.fn();
    expect(setupSingleInstance(app as never, focus)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.listeners.get('second-instance')?.();
    expect(focus).toHaveBeenCalledOnce();
  });

  it('makes a second instance quit without booting', () => {
    const app = fakeApp(false);
    expect(setupSingleInstance(app as never, vi.fn())).toBe(false);
    expect(app.quit).toHaveBeenCalledOnce();
    expect(app.on).not.toHaveBeenCalled();
  });
});
