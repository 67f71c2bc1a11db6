/**
 * One lifecycle for every screen: `mount(root, deps)` draws the screen into `root` and returns a
 * {@link Screen}; `dispose()` is called exactly once, before the next screen mounts, and releases whatever the
 * screen holds (listeners on `document`, timers, workers it started, the Pixi app). A screen never removes
 * `root`'s children itself on dispose: the next screen replaces them. Extra capabilities a screen offers
 * (the drill's probe, the briefing's `ready`) are fields on its own interface that extends this one.
 */

/** A mounted screen. */
export interface Screen {
  /** Release everything the screen holds. Safe to call twice (the second call does nothing). */
  dispose(): void;
}

/** How every screen mounts: into a root element, with its dependencies, possibly after async work. */
export type MountScreen<Deps, S extends Screen = Screen> = (root: HTMLElement, deps: Deps) => S | Promise<S>;

/**
 * Holds the one screen that is mounted: `show` disposes the previous screen before mounting the next, so a
 * screen's listeners never outlive it. A mount that finishes after a newer `show` is disposed at once.
 */
export class ScreenSlot {
  private current: Screen | null = null;
  private generation = 0;

  constructor(private readonly root: HTMLElement) {}

  /** Dispose the current screen and mount the next; resolves to the mounted screen (null if superseded). */
  async show<Deps, S extends Screen>(mount: MountScreen<Deps, S>, deps: Deps): Promise<S | null> {
    this.clear();
    const gen = this.generation;
    const screen = await mount(this.root, deps);
    if (gen !== this.generation) {
      screen.dispose();
      return null;
    }
    this.current = screen;
    return screen;
  }

  /** Dispose the current screen (if any) without mounting another. */
  clear(): void {
    this.generation++;
    const s = this.current;
    this.current = null;
    s?.dispose();
  }
}
