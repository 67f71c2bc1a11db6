import { describe, expect, it } from 'vitest';
import { ScreenSlot, type Screen } from './screen';

const root = {} as HTMLElement;

describe('one screen mounted at a time', () => {
  it('disposes the previous screen before mounting the next', async () => {
    const log: string[] = [];
    const mount = (_r: HTMLElement, name: string): Screen => {
      log.push(`mount ${name}`);
      return { dispose: () => log.push(`dispose ${name}`) };
    };
    const slot = new ScreenSlot(root);
    await slot.show(mount, 'a');
    await slot.show(mount, 'b');
    slot.clear();
    slot.clear();
    expect(log).toEqual(['mount a', 'dispose a', 'mount b', 'dispose b']);
  });

  it('disposes a slow mount that a newer screen superseded', async () => {
    const log: string[] = [];
    let release: () => void = () => undefined;
    const slow = (): Promise<Screen> =>
      new Promise((resolve) => {
        release = () => resolve({ dispose: () => log.push('dispose slow') });
      });
    const fast = (): Screen => ({ dispose: () => log.push('dispose fast') });
    const slot = new ScreenSlot(root);
    const first = slot.show(slow, null);
    await slot.show(fast, null);
    release();
    expect(await first).toBeNull();
    expect(log).toEqual(['dispose slow']);
  });
});
