/**
 * The UI side of the drill protocol (sim-core/src/drill/protocol.ts is the one definition): outbound messages
 * typed from the host's own schema, inbound ones parsed from `unknown` before anything draws them. Parsing is
 * shallow on purpose: the worker is ours, so this catches version skew and transport bugs, not malice, and it
 * must stay cheap (a snapshot arrives many times a second).
 */
import type { z } from 'zod';
import type { DrillOut, drillInSchema, drillInitSchema } from '../../../sim-core/src/drill/protocol';

/** A message the UI may send to the host (the schema's input type: defaults may be left out). */
export type DrillCommand = z.input<typeof drillInSchema>;
/** The first message a worker host expects. */
export type DrillInitMessage = z.input<typeof drillInitSchema>;
/** Any message from the host. */
export type DrillMessage = DrillOut;
/** The Skype console's messages (the supernode map's view). */
export type ReadyMessage = Extract<DrillOut, { type: 'ready'; view: 'supernodes' }>;
export type SnapshotMessage = Extract<DrillOut, { type: 'snapshot'; view: 'supernodes' }>;
export type MetricsMessage = Extract<DrillOut, { type: 'metrics'; view: 'supernodes' }>;
/** Any other model's messages (the cascade console). */
export type CascadeReadyMessage = Extract<DrillOut, { type: 'ready'; view: 'cascade' }>;
export type CascadeSnapshotMessage = Extract<DrillOut, { type: 'snapshot'; view: 'cascade' }>;
export type CascadeMetricsMessage = Extract<DrillOut, { type: 'metrics'; view: 'cascade' }>;
export type PreviewMessage = Extract<DrillOut, { type: 'preview' }>;
export type InjectMessage = Extract<DrillOut, { type: 'inject' }>;
export type CommandResultMessage = Extract<DrillOut, { type: 'commandResult' }>;
export type SessionMessage = Extract<DrillOut, { type: 'session' }>;
export type PhaseMessage = Extract<DrillOut, { type: 'phase' }>;
export type BookmarkMessage = Extract<DrillOut, { type: 'bookmark' }>;

const TYPES = new Set([
  'ready',
  'snapshot',
  'metrics',
  'phase',
  'inject',
  'commandResult',
  'bookmark',
  'session',
  'seeked',
  'branched',
  'preview',
  'error',
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Why a message was rejected, or null when it is acceptable. */
export function checkDrillMessage(raw: unknown): string | null {
  if (!isObject(raw)) return 'not an object';
  if (raw.v !== 1) return `protocol version ${String(raw.v)} (expected 1)`;
  if (typeof raw.type !== 'string' || !TYPES.has(raw.type)) return `unknown type ${String(raw.type)}`;
  switch (raw.type) {
    case 'ready':
      if (raw.view !== 'supernodes' && raw.view !== 'cascade')
        return 'ready: view must be supernodes or cascade';
      if (!Array.isArray(raw.leverInfo) || !Array.isArray(raw.facts) || typeof raw.model !== 'string')
        return 'ready: model, leverInfo and facts';
      if (raw.view === 'cascade') {
        if (!Array.isArray(raw.speeds) || !Array.isArray(raw.levers))
          return 'ready: speeds and levers must be arrays';
        if (typeof raw.startIso !== 'string' || !isNum(raw.durationMinutes))
          return 'ready: startIso, duration';
        return null;
      }
      if (!(raw.region instanceof Uint8Array) || raw.region.length !== raw.supernodeCount)
        return 'ready: region must be a Uint8Array with one entry per supernode slot';
      if (!Array.isArray(raw.regions) || !Array.isArray(raw.speeds) || !Array.isArray(raw.levers))
        return 'ready: regions, speeds and levers must be arrays';
      if (typeof raw.startIso !== 'string' || !isNum(raw.durationMinutes)) return 'ready: startIso, duration';
      return null;
    case 'snapshot': {
      if (raw.view === 'cascade')
        return isNum(raw.minute) &&
          isNum(raw.speed) &&
          Array.isArray(raw.pending) &&
          Array.isArray(raw.previews)
          ? null
          : 'snapshot: minute, speed, pending, previews';
      if (raw.view !== 'supernodes') return 'snapshot: view must be supernodes or cascade';
      const n = raw.state instanceof Uint8Array ? raw.state.length : -1;
      if (
        n < 0 ||
        !(raw.load instanceof Float32Array && raw.load.length === n) ||
        !(raw.attached instanceof Int32Array && raw.attached.length === n) ||
        !(raw.dedicated instanceof Uint8Array && raw.dedicated.length === n) ||
        !(raw.hostKind instanceof Uint8Array && raw.hostKind.length === n)
      )
        return 'snapshot: state, load, attached, dedicated and hostKind must be typed arrays of one length';
      if (!isNum(raw.minute) || !isNum(raw.speed) || !Array.isArray(raw.pending))
        return 'snapshot: minute, speed, pending';
      return null;
    }
    case 'metrics':
      return (raw.view === 'supernodes' || raw.view === 'cascade') &&
        Array.isArray(raw.rows) &&
        isObject(raw.last) &&
        isNum(raw.minute)
        ? null
        : 'metrics: rows, last';
    default:
      return null;
  }
}

/** The message typed, or null (with the reason passed to `onBad`). */
export function parseDrillMessage(raw: unknown, onBad?: (why: string) => void): DrillMessage | null {
  const why = checkDrillMessage(raw);
  if (why !== null) {
    onBad?.(why);
    return null;
  }
  return raw as DrillMessage;
}
