/**
 * Messages between the UI thread and the placeholder sim worker. Data flows one way: commands in
 * (`init`, `advance`), frames out. The real drill-host protocol (sim-core/src/drill) will replace this;
 * until then this file is the only definition of it, and both ends import it.
 *
 * Frames carry *copies* of the supernode arrays, transferred (not cloned) so the worker keeps sole
 * ownership of the live model state.
 */

/** UI -> worker. */
export type HostCommand =
  | { readonly type: 'init'; readonly seed: number; readonly scale: number }
  | { readonly type: 'advance'; readonly ticks: number };

/** Everything about the run that does not change tick to tick. */
export interface SimReady {
  readonly type: 'ready';
  readonly scenarioName: string;
  /** Scenario start, ms since the epoch (UTC). */
  readonly startEpochMs: number;
  /** Ticks (simulated minutes) in the whole scenario. */
  readonly durationTicks: number;
  /** Number of supernode slots (some may be Empty). */
  readonly count: number;
  readonly regions: readonly string[];
  /** Region index per supernode slot. */
  readonly region: Uint8Array;
}

/** Headline numbers for the status line and the test hook. */
export interface FrameMetrics {
  readonly online: number;
  readonly supernodesAlive: number;
}

/** The model's visible state after `tick` ticks. */
export interface SimFrame {
  readonly type: 'frame';
  readonly tick: number;
  readonly ended: boolean;
  readonly hash: string;
  readonly metrics: FrameMetrics;
  readonly state: Uint8Array;
  readonly load: Float32Array;
  readonly dedicated: Uint8Array;
}

/** The worker could not do what was asked; `message` is for a human. */
export interface HostFailure {
  readonly type: 'error';
  readonly message: string;
}

/** Worker -> UI. */
export type HostReply = SimReady | SimFrame | HostFailure;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Worker side: commands arrive as `unknown` and are checked before use. */
export function parseCommand(data: unknown): HostCommand | null {
  if (!isObject(data)) return null;
  if (data.type === 'init' && isNum(data.seed) && isNum(data.scale) && data.scale > 0 && data.scale <= 1) {
    return { type: 'init', seed: data.seed >>> 0, scale: data.scale };
  }
  if (data.type === 'advance' && isNum(data.ticks) && data.ticks >= 0 && data.ticks <= 10_000) {
    return { type: 'advance', ticks: Math.floor(data.ticks) };
  }
  return null;
}

/** UI side: replies arrive as `unknown` too; a malformed one is a bug worth surfacing, not drawing. */
export function parseReply(data: unknown): HostReply | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case 'ready':
      return typeof data.scenarioName === 'string' &&
        isNum(data.startEpochMs) &&
        isNum(data.durationTicks) &&
        isNum(data.count) &&
        Array.isArray(data.regions) &&
        data.regions.every((r) => typeof r === 'string') &&
        data.region instanceof Uint8Array &&
        data.region.length === data.count
        ? (data as unknown as SimReady)
        : null;
    case 'frame': {
      const m = data.metrics;
      return isNum(data.tick) &&
        typeof data.ended === 'boolean' &&
        typeof data.hash === 'string' &&
        isObject(m) &&
        isNum(m.online) &&
        isNum(m.supernodesAlive) &&
        data.state instanceof Uint8Array &&
        data.load instanceof Float32Array &&
        data.dedicated instanceof Uint8Array &&
        data.load.length === data.state.length &&
        data.dedicated.length === data.state.length
        ? (data as unknown as SimFrame)
        : null;
    }
    case 'error':
      return typeof data.message === 'string' ? { type: 'error', message: data.message } : null;
    default:
      return null;
  }
}
