/**
 * Paces the drill host from the UI's animation frames. The host has no clock: it turns `advance { realMs }`
 * into ticks at its speed. One advance is in flight at a time, and one is sent only once a whole simulated
 * minute has accumulated, so every advance yields a snapshot and a slow machine slows the drill down
 * (honestly: the effective speed is measured) instead of queueing work.
 */

/** Longest frame gap counted (a hidden tab must not make the drill jump hours on return). */
export const MAX_FRAME_MS = 250;
/** An advance unanswered for this long is given up on (e.g. the session ended while it was in flight). */
export const STALL_MS = 1500;
/** Most simulated seconds one advance asks for (the host's cap is 600 ticks). */
const MAX_SIM_SECONDS = 600 * 60;

export class AdvancePump {
  private simSeconds = 0;
  private inFlightSince: number | null = null;

  /**
   * Called once per animation frame. Returns the `realMs` to send now, or null.
   * @param dtMs wall time since the previous frame
   * @param speed simulated seconds per real second (the speed the host was last told)
   * @param running whether the session is running
   * @param now wall clock (ms) of this frame
   */
  frame(dtMs: number, speed: number, running: boolean, now: number): number | null {
    if (!running || speed <= 0) {
      this.simSeconds = 0;
      return null;
    }
    if (this.inFlightSince !== null) {
      if (now - this.inFlightSince < STALL_MS) {
        // Time keeps passing while the host works, up to the cap: the next advance catches up.
        this.simSeconds = Math.min(
          MAX_SIM_SECONDS,
          this.simSeconds + (Math.min(dtMs, MAX_FRAME_MS) * speed) / 1000,
        );
        return null;
      }
      this.inFlightSince = null;
    }
    this.simSeconds = Math.min(
      MAX_SIM_SECONDS,
      this.simSeconds + (Math.min(dtMs, MAX_FRAME_MS) * speed) / 1000,
    );
    if (this.simSeconds < 60) return null;
    const realMs = Math.min(60_000, (this.simSeconds * 1000) / speed);
    this.simSeconds = 0;
    this.inFlightSince = now;
    return realMs;
  }

  /** The host answered (a snapshot or a session change): the next advance may go. */
  settled(): void {
    this.inFlightSince = null;
  }

  /** Forget accumulated time (pause, speed change, seek). */
  reset(): void {
    this.simSeconds = 0;
    this.inFlightSince = null;
  }
}
