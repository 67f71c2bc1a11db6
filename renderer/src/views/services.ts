/**
 * Gauge arithmetic for the login and update server nodes (pure, so it can be tested without Pixi).
 * A tick is one simulated minute, so "this tick" counts are per minute.
 */

/** What the service nodes draw, from the latest metrics. */
export interface ServiceFacts {
  readonly loginsPerMinute: number;
  readonly failedPerMinute: number;
  /** Logins admitted per minute when the throttle lever is on, else null. */
  readonly throttlePerMinute: number | null;
  readonly updatesPerMinute: number;
  /** Clients installing the update (off the network while their client restarts): the model's `updating`. */
  readonly installing: number;
  /** Clients told to update and not yet downloaded (the lever context's `updateQueue`): the download queue. */
  readonly waiting: number;
  /** Share of the buggy population told to update so far (0..1). */
  readonly rolloutFraction: number;
}

/**
 * Failed connection attempts per admitted login above which the login gauge shows the failure accent. On a
 * healthy network the model counts about five failed attempts per login (a client tries full supernodes
 * before one with room: 605,790 failed for 121,158 logins at 15:59 GMT, full scale, seed 1); in the collapse
 * it is hundreds. Below this line the failed count is shown quietly, as the normal churn it is.
 */
export const FAILED_PER_LOGIN_ALARM = 10;

/** Whether failed attempts are far above their healthy level (the gauge's red arc and "failed" label). */
export function failuresAbnormal(f: Pick<ServiceFacts, 'failedPerMinute' | 'loginsPerMinute'>): boolean {
  return f.failedPerMinute > FAILED_PER_LOGIN_ALARM * Math.max(1, f.loginsPerMinute);
}

/** Login gauge range: log scale from 100 to 10M per minute. */
export const LOGIN_GAUGE_MIN = 100;
export const LOGIN_GAUGE_MAX = 10_000_000;

/** Gauge fraction (0..1) for a per-minute rate on the login gauge's log scale. */
export function rateFraction(perMinute: number): number {
  if (!(perMinute > LOGIN_GAUGE_MIN)) return 0;
  return Math.min(1, Math.log(perMinute / LOGIN_GAUGE_MIN) / Math.log(LOGIN_GAUGE_MAX / LOGIN_GAUGE_MIN));
}

/** Whether logins are being held at the throttle (admitted within 2% of it). */
export function atThrottle(f: ServiceFacts): boolean {
  return f.throttlePerMinute !== null && f.loginsPerMinute >= f.throttlePerMinute * 0.98;
}
